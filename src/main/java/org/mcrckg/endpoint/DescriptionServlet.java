package org.mcrckg.endpoint;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;

/**
 * Serves the VoID description at {@code /mcrc/void}: Turtle by default; JSON-LD, RDF/XML or
 * N-Triples by the Accept header or {@code ?format=jsonld|rdfxml|nt|ttl}. A browser (which asks
 * for HTML and no RDF) gets the Turtle as plain text, so that it shows it.
 */
final class DescriptionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient DatasetDescription description;

    DescriptionServlet(DatasetDescription description) {
        this.description = description;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Model m = description.voidDescription(req);
        String accept = req.getHeader("Accept") == null ? "" : req.getHeader("Accept").toLowerCase(Locale.ROOT);
        String format = req.getParameter("format") == null ? "" : req.getParameter("format").toLowerCase(Locale.ROOT);
        Lang lang;
        String contentType;
        if (format.equals("jsonld") || format.isEmpty() && accept.contains("application/ld+json")) {
            lang = Lang.JSONLD;
            contentType = "application/ld+json";
        } else if (format.equals("rdfxml") || format.isEmpty() && accept.contains("application/rdf+xml")) {
            lang = Lang.RDFXML;
            contentType = "application/rdf+xml";
        } else if (format.equals("nt") || format.isEmpty() && accept.contains("application/n-triples")) {
            lang = Lang.NTRIPLES;
            contentType = "application/n-triples";
        } else {
            lang = Lang.TURTLE;
            boolean browser = format.isEmpty() && accept.contains("text/html") && !accept.contains("text/turtle");
            contentType = browser ? "text/plain" : "text/turtle";
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(contentType);
        resp.setCharacterEncoding("UTF-8");
        try (OutputStream out = resp.getOutputStream()) {
            RDFDataMgr.write(out, m, lang);
        }
    }
}
