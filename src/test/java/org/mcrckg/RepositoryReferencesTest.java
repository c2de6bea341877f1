package org.mcrckg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository is self-contained: no project file cites a document outside it. The record
 * contract lives in docs/patient-record.md; a reference to the sibling directory the project once
 * took its contract and domain brief from, or a Markdown link that climbs above the repository
 * root, would leave a reader of a clone with a dead reference.
 *
 * <p>The patterns are assembled from pieces so that this file, which is scanned too, does not
 * contain what it looks for.
 */
class RepositoryReferencesTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    /** What the project ships and documents; target/ and .git/ are not the project's text. */
    static final List<String> SCANNED = List.of("README.md", "CHANGELOG.md", "BENCHMARKS.md", "pom.xml", "docs", "src", "ontology", "queries",
            "bin", "bench", ".ci");

    private static final String UP = "\\.\\./+";
    private static final String SHARED = "shar" + "ed";
    static final List<Pattern> OUTSIDE = List.of(
            // a relative path into the sibling directory
            Pattern.compile(UP + "(?:" + UP + ")*" + SHARED + "\\b"),
            // its sub-directories named as a path, with or without the climb
            Pattern.compile("\\b" + SHARED + "/(?:contracts|domain|notes|style)\\b"),
            // the contract's old location (this repository has docs/patient-record.md, no contracts/ directory)
            Pattern.compile("(?<![\\w/.-])contracts/patient-" + "record\\.md"));
    /**
     * ReadmeIT's expected output of a diff against a release quotes that release's axioms, frozen as
     * releases/ is (not scanned either): 0.1.0 still cited the contract's old location, which 0.2.0
     * removed, and the diff shows the removal.
     */
    static final Pattern QUOTES_A_RELEASE = Pattern.compile("src/test/resources/readme/diff-before-releases-[^/]*\\.out");
    /** A Markdown link or image target: {@code ](target)}. */
    static final Pattern MD_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    /** The findings in one file's text: "file:line: what". */
    static List<String> findings(Path file, String text) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Pattern p : OUTSIDE) {
                Matcher m = p.matcher(lines[i]);
                if (m.find()) out.add(ROOT.relativize(file.toAbsolutePath()) + ":" + (i + 1) + ": cites '" + m.group() + "' outside the repository");
            }
            if (file.toString().endsWith(".md")) {
                Matcher m = MD_LINK.matcher(lines[i]);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) continue;   // a URL or an anchor
                    Path resolved = file.toAbsolutePath().getParent().resolve(target.replaceAll("#.*$", "")).normalize();
                    if (!resolved.startsWith(ROOT)) {
                        out.add(ROOT.relativize(file.toAbsolutePath()) + ":" + (i + 1) + ": links to '" + target + "', outside the repository");
                    } else if (!Files.exists(resolved)) {
                        out.add(ROOT.relativize(file.toAbsolutePath()) + ":" + (i + 1) + ": links to '" + target + "', which does not exist");
                    }
                }
            }
        }
        return out;
    }

    static List<Path> scannedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String s : SCANNED) {
            Path p = ROOT.resolve(s);
            if (!Files.exists(p)) continue;
            try (Stream<Path> w = Files.walk(p)) {
                w.filter(Files::isRegularFile).filter(f -> !QUOTES_A_RELEASE.matcher(ROOT.relativize(f.toAbsolutePath()).toString()).matches())
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void noProjectFileCitesAPathOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        int text = 0;
        for (Path f : scannedFiles()) {
            String content;
            try {
                content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
            } catch (CharacterCodingException e) {
                continue;   // not UTF-8 text (a fixture of bad input): it cites nothing
            }
            text++;
            found.addAll(findings(f, content));
        }
        assertTrue(text > 400, "only " + text + " text files scanned: is the working directory the project root?");
        assertTrue(found.isEmpty(), found.size() + " references outside the repository:\n  " + String.join("\n  ", found));
    }

    /** A citation of a clinical source by name and section, as the ontology's dcterms:source values give them. */
    static final Pattern SOURCE_CITATION = Pattern.compile("knowledge-(brief|update-2025) §([a-z0-9]+)");

    /**
     * The ontology cites its clinical sources as "knowledge-brief §b, rule L2": each source is kept in
     * docs/sources/ and each cited section is a heading there ("## (b) ..." in the brief, "## 5. ..." in
     * the update), so a reader of a clone can follow every citation.
     */
    @Test
    void everyCitedSourceSectionIsInTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        int citations = 0;
        for (Path f : scannedFiles()) {
            if (!f.toString().endsWith(".owl") && !f.toString().endsWith(".ttl") && !f.toString().endsWith(".ofn")) continue;
            String[] lines;
            try {
                lines = Files.readString(f).split("\n", -1);
            } catch (CharacterCodingException e) {
                continue;   // a fixture of bad input
            }
            for (int i = 0; i < lines.length; i++) {
                Matcher m = SOURCE_CITATION.matcher(lines[i]);
                while (m.find()) {
                    citations++;
                    Path source = ROOT.resolve("docs/sources/knowledge-" + m.group(1) + ".md");
                    String heading = m.group(1).equals("brief") ? "## (" + m.group(2) + ") " : "## " + m.group(2) + ". ";
                    if (!Files.exists(source) || Files.readAllLines(source).stream().noneMatch(l -> l.startsWith(heading))) {
                        found.add(ROOT.relativize(f) + ":" + (i + 1) + ": cites '" + m.group() + "', no heading '" + heading.strip() + "' in " + ROOT.relativize(source));
                    }
                }
            }
        }
        assertTrue(citations > 150, "only " + citations + " source citations found in the ontology");
        assertTrue(found.isEmpty(), found.size() + " citations without their source section:\n  " + String.join("\n  ", found));
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        Path readme = ROOT.resolve("README.md");
        String up = "..";
        // the climb and the sub-directory: two patterns, one finding each
        assertEquals(2, findings(readme, "records in the format of " + up + "/" + SHARED + "/contracts/x.md").size());
        assertEquals(1, findings(readme, "see " + SHARED + "/notes/dependencies.md").size());
        assertEquals(1, findings(readme, "the fields of contracts/patient-" + "record.md").size());
        assertEquals(1, findings(readme, "[the contract](" + up + "/" + up + "/elsewhere/contract.md)").size());
        assertEquals(1, findings(readme, "[gone](docs/no-such-file.md)").size());
        assertEquals(0, findings(readme, "[the contract](docs/patient-record.md) and [x](https://example.org/" + up + "/" + SHARED + "x)").size());
        assertEquals(0, findings(readme, "a shared cache; .../patients; the docs/patient-record.md contract").size());
    }
}
