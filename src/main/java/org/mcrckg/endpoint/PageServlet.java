package org.mcrckg.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrckg.query.QueryCatalog;

/**
 * The browser page at {@code /}: a query box, the shipped queries ({@link QueryCatalog#list()}) as
 * examples, and results shown as a table. {@code /?run=<example name>} loads that example and
 * runs it; {@code /?query=<SPARQL>} runs the given text. The page is made once, when the server
 * starts, from the template {@code page.html} next to this class.
 */
final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String TEMPLATE = "page.html";

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
        String template;
        try (InputStream in = PageServlet.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("the page template " + TEMPLATE + " is missing from the build");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, String>> examples = examples();
        StringBuilder items = new StringBuilder();
        for (Map<String, String> e : examples) {
            String name = escape(e.get("name"));
            items.append("<li><a class=\"example\" href=\"/?run=").append(name).append("\" data-name=\"").append(name)
                    .append("\" title=\"").append(escape(e.get("question"))).append("\">").append(name).append("</a></li>\n");
        }
        String json;
        try {
            // "<" escaped so that no text in a query can close the script element
            json = new ObjectMapper().writeValueAsString(examples).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String limits = (config.updates() == UpdatePolicy.READ_ONLY ? "read-only" : "SPARQL Update allowed")
                + " · queries time out after " + seconds(config) + " · at most " + config.maxResults() + " rows";
        return template.replace("{{EXAMPLE_ITEMS}}", items.toString())
                .replace("{{EXAMPLES_JSON}}", json)
                .replace("{{LIMITS}}", escape(limits))
                .replace("{{DATASET}}", EndpointConfig.DATASET);
    }

    private static String seconds(EndpointConfig c) {
        long ms = c.timeout().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
