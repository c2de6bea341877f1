package org.mcrckg.endpoint;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /classify}: a form that sends records to {@code POST /mcrc/classify} and shows the
 * answers with their status badges, or the data errors (id, field, place) of a bad record.
 */
final class ClassifyPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String EXAMPLE = "[\n  {\"patient_id\": \"P1\", \"ecog\": 0, \"fit_for_major_surgery\": true,\n"
            + "   \"staging_complete\": true, \"primary_status\": \"resected\",\n"
            + "   \"liver_met_count\": 2, \"liver_r0_feasible\": true}\n]\n";

    private final String html = render();

    static String render() {
        return Html.head("Classify", "Classify", "") + "<main class=\"classify\">\n<h1>Classify records</h1>\n"
                + "<p class=\"meta\">Records in the contract's JSON (an array of patients) or CSV (a header row of field names)."
                + " Nothing is stored: the answers are computed and returned. The same service for programs: "
                + "<code>POST /mcrc/classify</code> with <code>Content-Type: application/json</code> or <code>text/csv</code>"
                + " (<code>?explain=true</code> adds explanations).</p>\n"
                + "<form id=\"classify-form\">\n"
                + "<label for=\"records\">Records</label>\n"
                + "<textarea id=\"records\" name=\"records\" rows=\"12\" spellcheck=\"false\">" + Html.escape(EXAMPLE) + "</textarea>\n"
                + "<div class=\"bar\"><label for=\"format\" class=\"inline\">Format</label> <select id=\"format\" name=\"format\">"
                + "<option value=\"application/json\">JSON</option><option value=\"text/csv\">CSV</option></select>\n"
                + "<input type=\"checkbox\" id=\"explain\" name=\"explain\"> <label for=\"explain\" class=\"inline\">with explanations</label>\n"
                + "<button id=\"classify\" type=\"submit\">Classify</button>\n"
                + "<span id=\"status\" role=\"status\" aria-live=\"polite\"></span></div>\n</form>\n"
                + "<div id=\"errors\"></div>\n<div id=\"answers\"></div>\n</main>\n" + Html.foot()
                + "<script src=\"/assets/classify.js\"></script>\n</body>\n</html>\n";
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
