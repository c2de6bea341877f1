package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mcrc release} as the lead will run it for 0.2.0, in a clone of this repository (so the
 * checkout is never touched): an edit of the knowledge (the 30% FLR cut-off to 25%, versionInfo
 * 0.2.0), then one line. The release has every file, its impact report compares with 0.1.0 and names
 * the changed class, and the catalog and the changelog link it. ROBOT runs in its own process
 * (downloaded once, as for {@code RobotCheckIT}); the generated cohort is kept small here
 * ({@code MCRC_RELEASE_PATIENTS}).
 */
class ReleaseIT {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exit, String output) {}

    private Run run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path log = tmp.resolve("log-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    @Test
    void usageErrorsComeBeforeAnyWork() throws Exception {
        Run exists = run(ROOT, Map.of(), "bin/mcrc", "release", "0.1.0");
        assertEquals(2, exists.exit(), exists.output());
        assertTrue(exists.output().contains("releases/0.1.0 exists (use --force to rebuild it)"), exists.output());
        Run version = run(ROOT, Map.of(), "bin/mcrc", "release", "next");
        assertEquals(2, version.exit(), version.output());
        assertTrue(version.output().contains("'next' is not a version such as 0.2.0"), version.output());
        Run revision = run(ROOT, Map.of(), "bin/mcrc", "release", "9.9.9", "--from", "no-such-revision");
        assertEquals(2, revision.exit(), revision.output());
        assertTrue(revision.output().contains("'no-such-revision' is not a git revision"), revision.output());
        assertFalse(Files.exists(ROOT.resolve("releases/9.9.9")));
        try (Stream<Path> s = Files.list(ROOT.resolve("releases"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".partial.")), "a scratch directory was left behind");
        }
    }

    @Test
    void theNextReleaseInOneLine() throws Exception {
        assumeTrue(Files.isDirectory(ROOT.resolve(".git")) || Files.isRegularFile(ROOT.resolve(".git")), "needs a git checkout");
        Path clone = tmp.resolve("clone");
        Run c = run(ROOT, Map.of(), "git", "clone", "--quiet", ROOT.toString(), clone.toString());
        assertEquals(0, c.exit(), c.output());
        // the committed sources, with this build's jar (newer than them, so bin/mcrc does not rebuild it)
        Path jar = ROOT.resolve("target/mcrc.jar");
        assumeTrue(Files.isRegularFile(jar), "needs target/mcrc.jar (mvn package)");
        Files.createDirectories(clone.resolve("target"));
        Files.copy(jar, clone.resolve("target/mcrc.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(clone.resolve("target/mcrc.jar"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        Path ontology = clone.resolve("ontology/mcrc.owl");
        String src = Files.readString(ontology);
        String from = "DataSomeValuesFrom(:flr_percent DatatypeRestriction(xsd:decimal xsd:minInclusive \"30.0\"^^xsd:decimal))";
        assertEquals(src.indexOf(from), src.lastIndexOf(from));
        assertTrue(src.contains("Annotation(owl:versionInfo \"0.2.0\")"));
        Files.writeString(ontology, src.replace(from, from.replace("30.0", "25.0"))
                .replace("Annotation(owl:versionInfo \"0.2.0\")", "Annotation(owl:versionInfo \"0.2.1\")"));

        Run r = run(clone, Map.of("MCRC_RELEASE_PATIENTS", "400"), "bin/mcrc", "release", "0.2.1");
        assertEquals(0, r.exit(), r.output());
        Path rel = clone.resolve("releases/0.2.1");
        for (String f : List.of("mcrc.ofn", "mcrc.owl", "mcrc.ttl", "mcrc.json", "mcrc-full.owl", "impact.md")) {
            assertTrue(Files.size(rel.resolve(f)) > 0, f);
        }
        String ofn = Files.readString(rel.resolve("mcrc.ofn"));
        assertTrue(ofn.contains("\n<https://w3id.org/mcrc-kg/releases/0.2.1/mcrc.owl>\n"), "the version IRI");
        assertTrue(ofn.contains(from.replace("30.0", "25.0")), "the edited source");

        String impact = Files.readString(rel.resolve("impact.md"));
        assertTrue(impact.contains("Answers of release 0.2.1 against release 0.2.0"), impact);
        assertTrue(impact.contains("## The example cohort (ontology/examples/cohort.csv)"), impact);
        assertTrue(impact.contains("## 400 generated patients (`bin/mcrc generate --patients 400 --seed 7`)"), impact);
        assertTrue(impact.contains("- **RemnantAtLeast30Percent** (class"), impact);
        assertTrue(impact.contains("| N02-flr29-9-chemo-injured | hepatectomy | not_indicated [L13a L2 L2-p] | recommended [L1 L2] | RemnantAtLeast30Percent |"), impact);
        assertFalse(impact.contains(tmp.toString()), "no scratch paths in the report");

        String catalog = Files.readString(clone.resolve("ontology/catalog-v001.xml"));
        assertTrue(catalog.contains("name=\"https://w3id.org/mcrc-kg/releases/0.2.1/mcrc.owl\" uri=\"../releases/0.2.1/mcrc.owl\""), catalog);
        String changelog = Files.readString(clone.resolve("CHANGELOG.md"));
        assertTrue(changelog.indexOf("## 0.2.1") < changelog.indexOf("## 0.2.0") && changelog.contains("[releases/0.2.1/impact.md](releases/0.2.1/impact.md)"),
                changelog);
        List<String> left = new ArrayList<>();
        try (Stream<Path> s = Files.list(clone.resolve("releases"))) {
            s.filter(p -> p.getFileName().toString().startsWith(".")).forEach(p -> left.add(p.toString()));
        }
        assertTrue(left.isEmpty(), left.toString());
    }
}
