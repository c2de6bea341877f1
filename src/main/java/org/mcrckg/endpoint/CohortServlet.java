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
 * {@code /cohort}: the cohort dashboard. Each chart is drawn (Chart.js, from the jar) from the rows
 * of one shipped query, which the page runs against the endpoint, so a chart shows exactly what its
 * query returns, and links to it in the query editor. The charts: statuses per procedure
 * ({@code cohort-summary}, stacked bars), metastasis sites ({@code cohort-metastasis-sites}), the
 * evidence levels behind recommended answers ({@code cohort-evidence-levels-recommended}), and the
 * fields that would settle the most undetermined answers ({@code cohort-settling-fields}, or
 * {@code cq10-fields-blocking-decisions} when the store has no explanations). Each chart has its
 * data as a table too, for screen readers and for print.
 */
final class CohortServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** id, title, query, description (what the bars are). */
    static final String[][] CHARTS = {
            {"statuses", "Statuses per procedure", "cohort-summary", "Patients per procedure, stacked by the status of their answer."},
            {"sites", "Metastasis sites", "cohort-metastasis-sites", "Patients with metastases at each site, recorded free of them, or unknown."},
            {"levels", "Evidence behind recommended answers", "cohort-evidence-levels-recommended",
                    "Recommended answers citing evidence of each Oxford level (1 = systematic review of RCTs … 5 = expert opinion)."},
            {"settling", "Fields that would settle the most undetermined answers", "cohort-settling-fields",
                    "Undetermined answers each missing field would settle if measured (from the explanations graph)."},
    };
    static final String FALLBACK_SETTLING = "cq10-fields-blocking-decisions";

    private final String html;

    CohortServlet() {
        this.html = render();
    }

    static String render() {
        List<Map<String, String>> charts = new ArrayList<>();
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append(Html.head("Cohort", "Cohort", "")).append("<main class=\"cohort\">\n<h1>Cohort</h1>\n")
                .append("<p class=\"meta\">Charts of the answers in the store. Each is drawn from the rows of a shipped SPARQL query, linked below it.</p>\n")
                .append("<div class=\"charts\">\n");
        for (String[] c : CHARTS) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", c[0]);
            m.put("title", c[1]);
            m.put("query", c[2]);
            m.put("text", QueryCatalog.load(c[2]));
            if (c[0].equals("settling")) {
                m.put("fallback", FALLBACK_SETTLING);
                m.put("fallbackText", QueryCatalog.load(FALLBACK_SETTLING));
            }
            charts.add(m);
            String id = Html.escape(c[0]);
            b.append("<section class=\"chart\" id=\"chart-").append(id).append("\" aria-labelledby=\"h-").append(id).append("\" data-state=\"loading\">\n")
                    .append("<h2 id=\"h-").append(id).append("\">").append(Html.escape(c[1])).append("</h2>\n")
                    .append("<p class=\"what\">").append(Html.escape(c[3])).append("</p>\n")
                    .append("<div class=\"canvas-box\"><canvas id=\"canvas-").append(id).append("\" role=\"img\" aria-label=\"")
                    .append(Html.escape(c[1])).append(" (chart; the same data is in the table below)\"></canvas></div>\n")
                    .append("<p class=\"chart-status\" role=\"status\" aria-live=\"polite\">Loading…</p>\n")
                    .append("<p class=\"source\">Query: <a class=\"query-link\" href=\"/?run=").append(Html.escape(c[2])).append("\">")
                    .append(Html.escape(c[2])).append("</a></p>\n")
                    .append("<details class=\"data\"><summary>Data as a table</summary><table><thead></thead><tbody></tbody></table></details>\n")
                    .append("</section>\n");
        }
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(charts).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        b.append("</div>\n</main>\n").append(Html.foot())
                .append("<script type=\"application/json\" id=\"charts\">").append(json).append("</script>\n")
                .append("<script src=\"").append(Html.CHARTJS).append("\"></script>\n")
                .append("<script src=\"/assets/cohort.js\"></script>\n</body>\n</html>\n");
        return b.toString();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
