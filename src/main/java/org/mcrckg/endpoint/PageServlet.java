package org.mcrckg.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrckg.query.QueryCatalog;

/**
 * The query editor at {@code /}: YASGUI (syntax highlighting, prefix completion, sortable results;
 * served from the jar) against the endpoint, with the shipped queries ({@link QueryCatalog#list()})
 * listed beside it with their questions, and download links in the formats that fit the query:
 * CSV, TSV, JSON or XML for SELECT and ASK; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT
 * and DESCRIBE. {@code /?run=<example name>} loads that example and runs it; {@code /?query=<SPARQL>}
 * runs the given text. The page is made once, when the server starts.
 */
final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final String html;

    PageServlet(EndpointConfig config) {
        this.html = render(config);
    }

    /** The examples, in catalogue order: name, question and text. */
    static List<Map<String, String>> examples() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String name : QueryCatalog.list()) {
            String text = QueryCatalog.load(name);
            Map<String, String> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("question", QueryCatalog.question(text));
            e.put("text", text);
            out.add(e);
        }
        return out;
    }

    static String render(EndpointConfig config) {
        List<Map<String, String>> examples = examples();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append(Html.head("SPARQL query", "Query", "<link rel=\"stylesheet\" href=\"" + Html.YASGUI_CSS + "\">\n"));
        b.append("<main class=\"query-page\">\n<nav class=\"examples\" aria-label=\"Example queries\">\n<h2>Example queries</h2>\n<ul id=\"examples\">\n");
        for (Map<String, String> e : examples) {
            String name = Html.escape(e.get("name"));
            b.append("<li><a class=\"example\" href=\"/?run=").append(name).append("\" data-name=\"").append(name).append("\">").append(name)
                    .append("</a><span class=\"question\">").append(Html.escape(e.get("question"))).append("</span></li>\n");
        }
        b.append("</ul>\n</nav>\n<section class=\"editor\" aria-label=\"Query editor\">\n<h1>SPARQL query</h1>\n")
                .append("<p class=\"downloads\" id=\"downloads\" data-kind=\"\">Download the results: <span id=\"download-links\"></span>")
                .append(" <span id=\"status\" role=\"status\" aria-live=\"polite\"></span></p>\n")
                .append("<div id=\"yasgui\"></div>\n")
                .append("<p class=\"meta\">").append(Html.escape(limits(config))).append("</p>\n")
                .append("<p class=\"meta\">SPARQL endpoint <a href=\"/").append(EndpointConfig.DATASET).append("/sparql\">/").append(EndpointConfig.DATASET)
                .append("/sparql</a> (GET or POST; its service description without a query) · graph store (read) <a href=\"/").append(EndpointConfig.DATASET)
                .append("/get?graph=https://w3id.org/mcrc-kg/graph/ontology\">/").append(EndpointConfig.DATASET).append("/get</a> · named graphs ")
                .append("https://w3id.org/mcrc-kg/graph/{ontology, patients, inferences, summary, explanations}; the default graph is their union</p>\n")
                .append("</section>\n</main>\n").append(Html.foot());
        String json;
        try {
            // "<" escaped so that no text in a query can close the script element
            json = new ObjectMapper().writeValueAsString(examples).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        b.append("<script type=\"application/json\" id=\"example-texts\">").append(json).append("</script>\n")
                .append("<script src=\"").append(Html.YASGUI_JS).append("\"></script>\n")
                .append("<script src=\"/assets/query.js\"></script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String limits(EndpointConfig config) {
        long ms = config.timeout().toMillis();
        return (config.updates() == UpdatePolicy.READ_ONLY ? "read-only" : "SPARQL Update allowed")
                + " · queries time out after " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + " · at most " + config.maxResults() + " rows";
    }

    static String escape(String s) { return Html.escape(s); }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
