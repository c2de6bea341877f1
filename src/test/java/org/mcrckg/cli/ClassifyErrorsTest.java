package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract §3 on the command line: a data error (or bad usage) exits 2, stderr names file,
 * line/path and field, and nothing is written to {@code --out}. Runs {@link Main#execute} with
 * string writers; the ontology is the checkout's {@code ontology/mcrc.owl}.
 */
class ClassifyErrorsTest {
    static final Path DIR = Path.of("src/test/resources/bad-input");
    static final String ONTOLOGY = "ontology/mcrc.owl";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static String fixture(String name) {
        Path p = DIR.resolve(name);
        assertTrue(Files.isRegularFile(p), "fixture missing: " + p);
        return p.toString();
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void goodFileIsWrittenToOut() throws IOException {
        // the positive control: the same invocation shape as below does write when the data are good
        Path out = tmp.resolve("answers.json");
        Run r = run("classify", fixture("good-patient.csv"), "--ontology", ONTOLOGY, "--format", "json", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out));
        String json = Files.readString(out);
        assertTrue(json.contains("\"G1\"") && json.contains("\"treatments\""), json);
        assertEquals(List.of(out), listing(tmp), "no temporary file is left behind");
    }

    @Test
    void badFileExitsTwoAndNamesFileLineAndField() {
        String bad = fixture("out-of-range-flr.csv");
        Run r = run("classify", bad, "--ontology", ONTOLOGY);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(bad + ":3"), "file and line: " + r.err());
        assertTrue(r.err().contains("flr_percent"), "field: " + r.err());
        assertTrue(r.err().contains("data#out-of-range"), "error id: " + r.err());
        assertTrue(r.err().contains("nothing was written"), r.err());
        assertEquals("", r.out(), "nothing on stdout");
    }

    @Test
    void badJsonFileNamesThePath() {
        String bad = fixture("out-of-range-path.json");
        Run r = run("classify", bad, "--ontology", ONTOLOGY);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(bad + ":4 $[1].flr_percent"), "file, line and path: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void badFileWritesNothingToOut() throws IOException {
        Path out = tmp.resolve("sub/dir/answers.json");
        Run r = run("classify", fixture("out-of-range-flr.csv"), "--ontology", ONTOLOGY, "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertFalse(Files.exists(out), "the out file must not exist");
        assertFalse(Files.exists(tmp.resolve("sub")), "not even its directory is created");
        assertEquals(List.of(), listing(tmp), "no temporary file either");
    }

    @Test
    void badFileLeavesAnExistingOutFileUnchanged() throws IOException {
        Path out = tmp.resolve("answers.json");
        byte[] before = "previous results\n".getBytes(StandardCharsets.UTF_8);
        Files.write(out, before);
        Run r = run("classify", fixture("several-errors.csv"), "--ontology", ONTOLOGY, "--format", "json", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertArrayEquals(before, Files.readAllBytes(out));
        assertEquals(List.of(out), listing(tmp), "no temporary file left behind");
        // all four errors are on stderr, not just the first
        assertTrue(r.err().contains("data errors (4)"), r.err());
        for (String where : List.of(":2: field age", ":2: field ecog", ":3: field flr_percent", ":3: field sex")) {
            assertTrue(r.err().contains(where), where + " in " + r.err());
        }
    }

    @Test
    void goodPlusBadFileWritesNothing() throws IOException {
        Path out = tmp.resolve("answers.csv");
        String bad = fixture("not-an-integer-ecog.csv");
        Run r = run("classify", fixture("good-patient.csv"), bad, "--ontology", ONTOLOGY, "--format", "csv", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), listing(tmp));
        assertTrue(r.err().contains(bad + ":2: field ecog"), r.err());
        assertTrue(r.err().contains("data#not-an-integer"), r.err());
    }

    @Test
    void goodPlusBadFileToStdoutPrintsNoAnswers() {
        Run r = run("classify", fixture("good-patient.csv"), fixture("unknown-word-uppercase.csv"), "--ontology", ONTOLOGY);
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out(), "the good file's patients are not classified either");
        assertTrue(r.err().contains("field primary_site"), r.err());
    }

    @Test
    void samePatientInTwoFilesExitsTwo() {
        Path out = tmp.resolve("answers.json");
        Run r = run("classify", fixture("dup-across-a.csv"), fixture("dup-across-b.json"), "--ontology", ONTOLOGY, "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("data#duplicate-patient-id") && r.err().contains("D7"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingFileExitsTwo() {
        Path out = tmp.resolve("answers.json");
        String missing = DIR.resolve("no-such-file.csv").toString();
        Run r = run("classify", missing, "--ontology", ONTOLOGY, "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(missing) && r.err().contains("data#unreadable"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unsupportedFormatExitsTwo() {
        Run r = run("classify", fixture("unsupported.xlsx"), "--ontology", ONTOLOGY);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("data#unsupported-format"), r.err());
    }

    @Test
    void unknownOptionExitsTwo() {
        Path out = tmp.resolve("answers.json");
        Run r = run("classify", fixture("good-patient.csv"), "--bogus", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--bogus"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownFormatExitsTwo() {
        Path out = tmp.resolve("answers.xml");
        Run r = run("classify", fixture("good-patient.csv"), "--format", "xml", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("'xml'"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out));
    }
}
