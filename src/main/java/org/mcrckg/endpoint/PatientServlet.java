package org.mcrckg.endpoint;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.jena.atlas.web.AcceptList;
import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.store.PatientStore;

/**
 * {@code /patient/<id>}: the patient's page for people, or its RDF for programs. The path is the
 * patient's IRI ({@code https://w3id.org/mcrc-kg/patient/<id>}) on this server, so a browser that
 * follows the IRI here gets HTML, and an RDF client (Accept {@code text/turtle},
 * {@code application/ld+json}, {@code application/n-triples}, {@code application/rdf+xml}; or
 * {@code ?format=ttl|jsonld|nt|rdfxml}) gets every triple about the patient, its answers and its
 * explanations. An unknown id is 404 (a page, or plain text). {@code /patient?id=X} redirects to
 * {@code /patient/X} (the search box of every page).
 */
final class PatientServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Time budget of each answer's explanation when the page computes them. */
    static final Duration LIVE_EXPLANATION_BUDGET = Duration.ofSeconds(2);

    private static final MediaType HTML = MediaType.create("text/html");
    private static final List<Object[]> RDF = List.of(
            new Object[] {MediaType.create("text/turtle"), Lang.TURTLE, "ttl"},
            new Object[] {MediaType.create("application/ld+json"), Lang.JSONLD, "jsonld"},
            new Object[] {MediaType.create("application/n-triples"), Lang.NTRIPLES, "nt"},
            new Object[] {MediaType.create("application/rdf+xml"), Lang.RDFXML, "rdfxml"});
    private static final AcceptList OFFER = AcceptList.create(HTML, MediaType.create("text/turtle"), MediaType.create("application/ld+json"),
            MediaType.create("application/n-triples"), MediaType.create("application/rdf+xml"));

    private final transient PatientStore store;
    private final transient Classification classification;

    PatientServlet(PatientStore store, Classification classification) {
        this.store = store;
        this.classification = classification;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Vary", "Accept");
        String path = req.getPathInfo();
        String id;
        if (path == null || path.equals("/")) {
            id = req.getParameter("id");
            if (id == null || id.isBlank()) {
                notFound(resp, true, "", "Give a patient id: /patient/<id>");
                return;
            }
            id = id.strip();
            // the page's own address is the patient's IRI path; an id with a slash has none
            // (the server refuses an encoded slash in a path), so it is shown here
            if (!id.contains("/")) {
                resp.setStatus(303);
                resp.setHeader("Location", "/patient/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
                return;
            }
        } else {
            id = path.substring(1);
        }
        Object[] rdf = chooseRdf(req);
        Optional<StoredPatient> sp = StoredPatient.read(store.dataset(), id);
        if (sp.isEmpty()) {
            notFound(resp, rdf == null, id, "The store has no patient with this id");
            return;
        }
        if (rdf != null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RDFDataMgr.write(out, sp.get().description(), (Lang) rdf[1]);
            send(resp, 200, ((MediaType) rdf[0]).getContentTypeStr(), out.toByteArray());
            return;
        }
        String html;
        try {
            PatientView view = classification.run(mcrc -> PatientView.of(mcrc, sp.get()));
            if (view.wantsLiveExplanation()) {
                try {
                    ExplainOptions options = ExplainOptions.defaults().withTimeout(LIVE_EXPLANATION_BUDGET);
                    PatientRecord record = view.record();
                    PatientExplanation e = classification.run(mcrc -> mcrc.explain(record, null, options));
                    view = view.withLiveExplanation(e);
                } catch (Classification.Unavailable u) {
                    view = view.withExplanationNote("The explanations could not be computed now (" + u.getMessage() + "). Get them with "
                            + "mcrc explain FILE --patient " + id + ", or load the store with mcrc load --explain.");
                }
            }
            html = view.html();
        } catch (Classification.Unavailable u) {
            send(resp, u.status, "text/plain", (u.getMessage() + " [" + u.errorId + "]\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(resp, 200, "text/html", html.getBytes(StandardCharsets.UTF_8));
    }

    /** The RDF syntax asked for, or null for the page. */
    static Object[] chooseRdf(HttpServletRequest req) {
        String format = req.getParameter("format");
        if (format != null && !format.isBlank()) {
            String f = format.toLowerCase(Locale.ROOT).replace("json-ld", "jsonld");
            for (Object[] o : RDF) if (o[2].equals(f)) return o;
            return null;
        }
        String accept = req.getHeader("Accept");
        if (accept == null || accept.isBlank()) return null;
        MediaType best = AcceptList.match(AcceptList.create(accept), OFFER);
        if (best == null || best.getContentTypeStr().equals("text/html")) return null;
        // a bare */* (curl, most libraries) matches the first offer, the page; RDF needs to be asked for
        for (Object[] o : RDF) if (((MediaType) o[0]).getContentTypeStr().equals(best.getContentTypeStr())) return o;
        return null;
    }

    private static void notFound(HttpServletResponse resp, boolean page, String id, String why) throws IOException {
        if (!page) {
            send(resp, 404, "text/plain", ("no patient '" + id + "' in the store\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String html = Html.head("Patient not found", "", "") + "<main class=\"patient\"><h1>No patient <span class=\"pid\">" + Html.escape(id)
                + "</span></h1>\n<p>" + Html.escape(why) + ". Patient ids are the <code>patient_id</code> values of the loaded records;"
                + " the query <a href=\"/?run=cohort-summary\">cohort-summary</a> and the <a href=\"/cohort\">cohort page</a> show what the store holds.</p>\n"
                + "</main>\n" + Html.foot() + "<script src=\"/assets/patient.js\"></script>\n</body>\n</html>\n";
        send(resp, 404, "text/html", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpServletResponse resp, int status, String type, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
