package org.mcrckg.endpoint;

import java.util.Map;

/**
 * What the pages share: escaping, the page frame (header with the navigation, footer), and the
 * status badges. Every value a page shows goes through {@link #escape}; scripts set text with
 * {@code textContent}, never markup.
 */
final class Html {
    private Html() {}

    /** CHARTJS and YASGUI paths in the jar; the versions come from the build (pom.xml). */
    static final String CHARTJS = "/webjars/chart.js/" + Versions.CHARTJS + "/dist/chart.umd.js";
    static final String YASGUI_JS = "/vendor/yasgui/" + Versions.YASGUI + "/build/yasgui.min.js";
    static final String YASGUI_CSS = "/vendor/yasgui/" + Versions.YASGUI + "/build/yasgui.min.css";

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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

    /** How a status is shown: a symbol and a colour class besides its word, so colour is never the only cue. */
    record StatusLook(String symbol, String cssClass, String text) {}

    private static final Map<String, StatusLook> LOOKS = Map.of(
            "recommended", new StatusLook("✔", "st-recommended", "recommended"),
            "consider", new StatusLook("◐", "st-consider", "consider"),
            "not_recommended", new StatusLook("✖", "st-not-recommended", "not recommended"),
            "not_indicated", new StatusLook("⊘", "st-not-indicated", "not indicated"),
            "not_applicable", new StatusLook("–", "st-not-applicable", "not applicable"),
            "undetermined", new StatusLook("?", "st-undetermined", "undetermined"));

    /** Any status word, including ones this build does not know yet: those get a neutral look and their own word. */
    static StatusLook look(String status) {
        StatusLook l = LOOKS.get(status);
        return l != null ? l : new StatusLook("•", "st-other", status.replace('_', ' '));
    }

    /** A badge: symbol (hidden from screen readers, which read the word), word, colour. */
    static String badge(String status) {
        StatusLook l = look(status);
        return "<span class=\"badge " + l.cssClass() + "\" data-status=\"" + escape(status) + "\"><span class=\"sym\" aria-hidden=\"true\">"
                + l.symbol() + "</span> " + escape(l.text()) + "</span>";
    }

    /** The top of every page: title, the navigation (the current page marked), the research-tool notice. */
    static String head(String title, String current, String extraHead) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append(" · mcrc-kg</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/assets/mcrc.css\">\n")
                .append(extraHead == null ? "" : extraHead)
                .append("</head>\n<body data-state=\"loading\">\n")
                .append("<header class=\"site\"><div class=\"brand\">mcrc-kg</div><nav aria-label=\"Pages\"><ul>");
        for (String[] item : new String[][] {{"/", "Query"}, {"/cohort", "Cohort"}, {"/classify", "Classify"}}) {
            b.append("<li><a href=\"").append(item[0]).append('"').append(item[1].equals(current) ? " aria-current=\"page\"" : "")
                    .append('>').append(item[1]).append("</a></li>");
        }
        b.append("</ul></nav>")
                .append("<form class=\"goto\" action=\"/patient\" method=\"get\" role=\"search\"><label for=\"goto-id\">Patient</label>")
                .append("<input id=\"goto-id\" name=\"id\" required placeholder=\"patient_id\" autocomplete=\"off\">")
                .append("<button type=\"submit\">Open</button></form></header>\n")
                .append("<p class=\"notice\">A research tool: nothing here is a clinical recommendation for a real patient.</p>\n");
        return b.toString();
    }

    static String foot() {
        return "<footer class=\"site\"><p>SPARQL endpoint <a href=\"/mcrc/sparql\">/mcrc/sparql</a> · VoID <a href=\"/mcrc/void\">/mcrc/void</a>"
                + " · classification service <code>POST /mcrc/classify</code></p></footer>\n";
    }
}
