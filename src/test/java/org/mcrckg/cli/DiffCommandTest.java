package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.support.EditedOntology;

/**
 * {@code mcrc diff}: the four formats over a fixture of FLR edge patients and the 30% to 25% edit,
 * the exit statuses (0 with or without changes, 3 with --fail-on-change when answers move, 2 for
 * bad input) and the error ids of a side that cannot be found.
 */
class DiffCommandTest {
    static final String FIXTURE = "src/test/resources/diff/flr-edge.csv";
    static final String ONTOLOGY = "ontology/mcrc.owl";

    @TempDir
    static Path dir;

    static String edited;

    @BeforeAll
    static void edit() throws IOException {
        edited = EditedOntology.flr25(dir).toString();
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void textListsTheMovedAnswersWithTheChangedAxiom() {
        Run r = run("diff", "--before", ONTOLOGY, "--after", edited, FIXTURE, "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("changed terms (1):"), r.out());
        assertTrue(r.out().contains("  RemnantAtLeast30Percent (class: patient with a future liver remnant of at least 30%)"), r.out());
        assertTrue(r.out().contains("    - EquivalentClasses(:RemnantAtLeast30Percent ObjectIntersectionOf(:Patient DataSomeValuesFrom(:flr_percent "
                + "DatatypeRestriction(xsd:decimal xsd:minInclusive \"30.0\"^^xsd:decimal))))"), r.out());
        assertTrue(r.out().contains("    + EquivalentClasses(:RemnantAtLeast30Percent ObjectIntersectionOf(:Patient DataSomeValuesFrom(:flr_percent "
                + "DatatypeRestriction(xsd:decimal xsd:minInclusive \"25.0\"^^xsd:decimal))))"), r.out());
        assertTrue(r.out().contains("  N02-flr29-9-chemo-injured  hepatectomy: not_indicated [L13a L2 L2-p] -> recommended [L1 L2]  because RemnantAtLeast30Percent"), r.out());
        assertTrue(r.out().contains("  V03  hepatectomy: not_indicated [L13a L2 L2-p] -> undetermined missing chemo_response liver_parenchyma  because RemnantAtLeast30Percent"), r.out());
        for (String unmoved : List.of("V01 ", "N01-flr30-chemo-injured", "N03-flr39-9-cirrhosis")) assertFalse(r.out().contains("  " + unmoved), unmoved);
        assertTrue(r.out().contains("summary: 6 patients, 3 unchanged;"), r.out());
        assertTrue(r.out().contains("hepatectomy (rows: before, columns: after)"), r.out());
        assertTrue(r.out().contains("no status changed for: mdt_discussion,"), r.out());
    }

    @Test
    void markdownForAPullRequest() {
        Run r = run("diff", "--before", ONTOLOGY, "--after", edited, FIXTURE, "--format", "markdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("### Changed terms (1)"), r.out());
        assertTrue(r.out().contains("| patient | procedure | before | after | because |"), r.out());
        assertTrue(r.out().contains("| N02-flr29-9-chemo-injured | hepatectomy | not_indicated [L13a L2 L2-p] | recommended [L1 L2] | RemnantAtLeast30Percent |"), r.out());
        assertTrue(r.out().contains("**hepatectomy**"), r.out());
        assertTrue(r.out().contains("| before \\ after |"), r.out());
    }

    @Test
    void jsonAndCsvListTheSameRows() throws Exception {
        Run j = run("diff", "--before", ONTOLOGY, "--after", edited, FIXTURE, "--format", "json");
        assertEquals(0, j.code(), j.err());
        JsonNode doc = new ObjectMapper().readTree(j.out());
        assertEquals("0.2.0", doc.get("before").get("version").asText());
        assertEquals("https://w3id.org/mcrc-kg/mcrc#RemnantAtLeast30Percent", doc.get("changed_terms").get(0).get("iri").asText());
        JsonNode changes = doc.get("changes");
        JsonNode n06 = null;
        for (JsonNode c : changes) if (c.get("patient").asText().equals("N02-flr29-9-chemo-injured") && c.get("procedure").asText().equals("hepatectomy")) n06 = c;
        assertTrue(n06 != null, j.out());
        assertEquals("not_indicated", n06.get("before").get("status").asText());
        assertEquals("recommended", n06.get("after").get("status").asText());
        assertEquals("https://w3id.org/mcrc-kg/mcrc#RemnantAtLeast30Percent", n06.get("because").get(0).asText());
        assertEquals("definitions", n06.get("attribution").asText());
        JsonNode s = doc.get("summary");
        assertEquals(6, s.get("patients").asInt());
        assertEquals(3, s.get("patients_unchanged").asInt());
        assertEquals(1, s.get("transitions").get("hepatectomy").get("not_indicated").get("recommended").asInt(), "N02 (N06 records no chemo_response, so progression stays open)");

        Run c = run("diff", "--before", ONTOLOGY, "--after", edited, FIXTURE, "--format", "csv");
        assertEquals(0, c.code(), c.err());
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(c.out())).getRecords();
        assertEquals(changes.size(), rows.size());
        CSVRecord first = rows.stream().filter(x -> x.get("patient_id").equals("N02-flr29-9-chemo-injured") && x.get("procedure").equals("hepatectomy"))
                .findFirst().orElseThrow();
        assertEquals("not_indicated", first.get("before_status"));
        assertEquals("L13a L2 L2-p", first.get("before_rules"));
        assertEquals("recommended", first.get("after_status"));
        assertEquals("RemnantAtLeast30Percent", first.get("because"));
    }

    @Test
    void exitStatuses() {
        assertEquals(0, run("diff", "--before", ONTOLOGY, "--after", ONTOLOGY, FIXTURE, "--fail-on-change").code());
        assertEquals(Main.CHANGED, run("diff", "--before", ONTOLOGY, "--after", edited, FIXTURE, "--fail-on-change", "--format", "csv").code());
        assertEquals(3, Main.CHANGED, "documented in README: 3, because 1 means the run failed");
    }

    @Test
    void gitRevisions() {
        Run r = run("diff", "--before", "HEAD", "--after", "HEAD", FIXTURE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("before: git revision HEAD; version "), r.out());
        assertTrue(r.out().contains("changed terms (0): none"), r.out());
        assertTrue(r.out().contains("summary: 6 patients, 6 unchanged;"), r.out());
    }

    @Test
    void aSideThatIsNeitherAFileNorARevision() {
        Run r = run("diff", "--before", "no-such-revision-or-file.owl", "--after", ONTOLOGY, FIXTURE);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'no-such-revision-or-file.owl' is neither an ontology file nor a git revision"), r.err());
        assertTrue(r.err().contains("[diff#no-such-side]"), r.err());
    }

    @Test
    void aTreeIsNotARevision() {
        Run r = run("diff", "--before", "HEAD:ontology", "--after", ONTOLOGY, FIXTURE);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("[diff#no-such-side]"), r.err());
    }

    @Test
    void aFileThatIsNotAnOntology() {
        Run r = run("diff", "--before", "pom.xml", "--after", ONTOLOGY, FIXTURE);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("[ontology#unreadable]"), r.err());
    }

    @Test
    void badDataWritesNothing() {
        Path out = dir.resolve("diff.json");
        Run r = run("diff", "--before", ONTOLOGY, "--after", edited, "src/test/resources/bad-input/out-of-range-flr.csv", "--out", out.toString(), "--format", "json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("out-of-range-flr.csv:") && r.err().contains("field flr_percent") && r.err().contains("[data#out-of-range]"), r.err());
        assertFalse(Files.exists(out));
        Run missing = run("diff", "--before", ONTOLOGY, "--after", edited, "no-such-cohort.csv");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("[data#unreadable]"), missing.err());
    }

    /**
     * A word that only the newer enumeration allows: the older side reads the value as unknown; a
     * word neither side allows is still a data error.
     */
    @Test
    void aValueOnlyOneSideAllows() throws Exception {
        Path widened = EditedOntology.replace(dir, "widened.owl", "DataPropertyRange(:liver_parenchyma DataOneOf(\"normal\" \"chemo_injured\" \"cirrhosis\"))",
                "DataPropertyRange(:liver_parenchyma DataOneOf(\"normal\" \"chemo_injured\" \"cirrhosis\" \"steatosis\"))");
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(FIXTURE)));
        int n03 = 0;
        for (int i = 1; i < lines.size(); i++) if (lines.get(i).startsWith("N03-flr39-9-cirrhosis,")) n03 = i;
        assertTrue(lines.get(n03).contains(",39.9,cirrhosis,"), lines.get(n03));
        lines.set(n03, lines.get(n03).replace(",39.9,cirrhosis,", ",39.9,steatosis,"));
        Path csv = dir.resolve("steatosis.csv");
        Files.write(csv, lines);
        Run r = run("diff", "--before", ONTOLOGY, "--after", widened.toString(), csv.toString());
        assertEquals(0, r.code(), r.err());
        // 39.9% is enough unless the liver is cirrhotic: the old knowledge cannot read 'steatosis', so for it the
        // parenchyma is unknown (undetermined); the new one knows the liver is not cirrhotic
        assertTrue(r.out().contains("  N03-flr39-9-cirrhosis  hepatectomy: undetermined missing liver_parenchyma -> "), r.out());
        assertTrue(r.out().contains("liver_parenchyma (data property"), r.out());
        lines.set(n03, lines.get(n03).replace(",39.9,steatosis,", ",39.9,fatty,"));
        Files.write(csv, lines);
        Run bad = run("diff", "--before", ONTOLOGY, "--after", widened.toString(), csv.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("field liver_parenchyma") && bad.err().contains("[data#unknown-word]"), bad.err());
        assertEquals(1, bad.err().lines().filter(l -> l.contains("[data#unknown-word]")).count(), "one error, not one per side: " + bad.err());
    }

    /**
     * A field that only the newer knowledge has (as a release adds fields): the older side reads the
     * record without it, and is not given a data error for it.
     */
    @Test
    void aFieldOnlyOneSideKnows() throws Exception {
        Path withField = EditedOntology.replace(dir, "new-field.owl", "Declaration(DataProperty(:primary_t4))",
                "Declaration(DataProperty(:primary_t4))\nDeclaration(DataProperty(:new_marker))\n"
                        + "AnnotationAssertion(:recordField :new_marker \"new_marker\")\nFunctionalDataProperty(:new_marker)\n"
                        + "DataPropertyDomain(:new_marker :Patient)\nDataPropertyRange(:new_marker xsd:boolean)");
        Path csv = dir.resolve("with-new-field.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(FIXTURE)));
        lines.set(0, lines.get(0) + ",new_marker");
        for (int i = 1; i < lines.size(); i++) lines.set(i, lines.get(i) + ",true");
        Files.write(csv, lines);
        Run r = run("diff", "--before", ONTOLOGY, "--after", withField.toString(), csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("new_marker (data property)"), r.out());
        assertTrue(r.out().contains("summary: 6 patients, 6 unchanged;"), r.out());
        Run bad = run("diff", "--before", ONTOLOGY, "--after", withField.toString(), csv.toString().replace(".csv", "-bad.csv"));
        assertEquals(2, bad.code());
        lines.set(1, lines.get(1).substring(0, lines.get(1).length() - 4) + "maybe");
        Files.write(Path.of(csv.toString().replace(".csv", "-bad.csv")), lines);
        Run wrong = run("diff", "--before", ONTOLOGY, "--after", withField.toString(), csv.toString().replace(".csv", "-bad.csv"));
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("field new_marker") && wrong.err().contains("[data#not-a-boolean]"), wrong.err());
    }
}
