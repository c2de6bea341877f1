package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mcrckg.ontology.Status;

/** Badges and escaping of the pages. */
class HtmlTest {
    @Test
    void everyStatusHasAWordAndASymbolBesidesItsColour() {
        for (Status s : Status.values()) {
            String b = Html.badge(s.word());
            assertTrue(b.contains(s.word().replace('_', ' ') + "</span>"), b);
            assertTrue(b.matches(".*<span class=\"sym\" aria-hidden=\"true\">[^<]+</span>.*"), b);
            assertTrue(!Html.look(s.word()).cssClass().equals("st-other"), "a known status has its own look: " + s);
        }
        assertEquals("⊘", Html.look("not_indicated").symbol(), "the status issue 7 adds");
    }

    @Test
    void aStatusThisBuildDoesNotKnowStillShowsItsWord() {
        assertEquals("<span class=\"badge st-other\" data-status=\"needs_review\"><span class=\"sym\" aria-hidden=\"true\">•</span> needs review</span>",
                Html.badge("needs_review"));
        assertTrue(Html.badge("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;"), "even a status word is escaped");
    }

    @Test
    void escapeCoversMarkupAndAttributes() {
        assertEquals("&lt;img src=x onerror=&quot;a&#39;b&quot;&gt;&amp;", Html.escape("<img src=x onerror=\"a'b\">&"));
        assertEquals("", Html.escape(null));
    }
}
