package org.mcrckg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's table of contents lists its sections, in order, with anchors that GitHub makes of them. */
class ReadmeContentsTest {
    @Test
    void contentsListEverySectionInOrder() throws IOException {
        List<String> headings = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        boolean code = false;
        boolean inContents = false;
        Pattern entry = Pattern.compile("^ *- \\[(.+)]\\(#(.+)\\)$");
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("```")) code = !code;
            if (code) continue;
            if (line.startsWith("## ") || line.startsWith("### ")) {
                inContents = line.equals("## Contents");
                if (!inContents) headings.add(line.substring(line.indexOf(' ') + 1) + " #" + anchor(line.substring(line.indexOf(' ') + 1)));
                continue;
            }
            Matcher m = entry.matcher(line);
            if (inContents && m.matches()) contents.add(m.group(1) + " #" + m.group(2));
        }
        assertEquals(String.join("\n", headings), String.join("\n", contents), "README's Contents and its headings differ");
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }
}
