package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mcrc explain}: the three formats, and the errors (exit 2 with a stable id). */
class ExplainCommandTest {
    static final String N06 = "src/test/resources/vignettes/N06-chemo12wk-flr25.csv";
    static final String N45 = "src/test/resources/vignettes/N45-r0-unknown.csv";

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--ontology", "ontology/mcrc.owl", "--timeout", "5m"));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void textNamesTheFactsTheThresholdAndTheEvidence() {
        Run r = run("explain", N06, "--patient", "N06-chemo12wk-flr25", "--procedure", "hepatectomy");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hepatectomy: not_indicated [no_indication_met]"), r.out());
        assertTrue(r.out().contains("ruled out: rule L2"), r.out());
        assertTrue(r.out().contains("because flr_percent = 25, preop_chemo_weeks = 12"), r.out());
        assertTrue(r.out().contains("flr_percent = 25: below 30"), r.out());
        assertTrue(r.out().contains("preop_chemo_weeks = 12: at least 12"), r.out());
        assertTrue(r.out().contains("evidence E03:") && r.out().contains("PMID 23297719"), r.out());
        assertTrue(!r.out().contains("portal_vein_embolization"), "only the procedure asked for");
    }

    @Test
    void markdownAndUndeterminedAnswers() {
        Run r = run("explain", N45, "--patient", "N45-r0-unknown", "--format", "markdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("## Patient N45-r0-unknown"), r.out());
        assertTrue(r.out().contains("### hepatectomy: undetermined [rules_undecided]"), r.out());
        assertTrue(r.out().contains("- would be settled by measuring liver_r0_feasible"), r.out());
        assertTrue(r.out().contains("- measure liver_r0_feasible: settles 4 decisions"), r.out());
    }

    @Test
    void jsonKeepsTheContractShapeAndAddsTheExplanation() throws Exception {
        Run r = run("explain", N06, "--patient", "N06-chemo12wk-flr25", "--format", "json", "--procedure", "portal_vein_embolization");
        assertEquals(0, r.code(), r.err());
        JsonNode p = new ObjectMapper().readTree(r.out()).get("patients").get(0);
        assertEquals("N06-chemo12wk-flr25", p.get("id").asText());
        JsonNode t = p.get("treatments").get(0);
        for (String k : List.of("procedure", "status", "rules", "evidence", "missing")) assertTrue(t.has(k), k);
        JsonNode reason = t.get("explanation").get("reasons").get(0);
        assertEquals("fired", reason.get("role").asText());
        assertEquals("L5", reason.get("rule").asText());
        List<String> fields = new ArrayList<>();
        reason.get("justifications").get(0).get("facts").forEach(f -> fields.add(f.get("field").asText()));
        assertTrue(fields.contains("flr_percent") && fields.contains("preop_chemo_weeks") && !fields.contains("age"), fields.toString());
        assertEquals("E04", reason.get("evidence").get(0).get("id").asText());
        assertTrue(p.get("explanation_complete").asBoolean());
    }

    @Test
    void errorsExitTwoWithAStableId() {
        Run unknownPatient = run("explain", N06, "--patient", "NOBODY");
        assertEquals(2, unknownPatient.code());
        assertTrue(unknownPatient.err().contains("[explain#unknown-patient]"), unknownPatient.err());
        Run unknownProcedure = run("explain", N06, "--patient", "N06-chemo12wk-flr25", "--procedure", "liver_transplant");
        assertEquals(2, unknownProcedure.code());
        assertTrue(unknownProcedure.err().contains("[explain#unknown-procedure]"), unknownProcedure.err());
        assertEquals(2, run("explain", N06, "--patient", "N06-chemo12wk-flr25", "--format", "pdf").code());
        assertEquals(2, run("explain", N06, "--patient", "N06-chemo12wk-flr25", "--max", "0").code());
        assertEquals(2, run("explain", N06).code(), "--patient is required");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new String[] {"explain", N06, "--patient", "N06-chemo12wk-flr25", "--timeout", "soon"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("not a positive duration"), err.toString());
    }

    @Test
    void classifyExplainAddsKeysOnly() throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new String[] {"classify", N45, "--explain", "--format", "jsonl", "--ontology", "ontology/mcrc.owl"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(1, lines.length);
        JsonNode p = new ObjectMapper().readTree(lines[0]);
        assertEquals("liver_r0_feasible", p.get("next_measurements").get(0).get("field").asText());
        assertEquals(4, p.get("next_measurements").get(0).get("settles").asInt());
        for (JsonNode t : p.get("treatments")) {
            for (String k : List.of("procedure", "status", "rules", "evidence", "missing", "explanation")) assertTrue(t.has(k), k + " in " + t);
            if (t.get("procedure").asText().equals("hepatectomy")) {
                assertEquals("liver_r0_feasible", t.get("explanation").get("settled_by").get(0).get(0).asText());
            }
        }
        assertEquals(2, Main.execute(new String[] {"classify", N45, "--explain", "--ontology", "ontology/mcrc.owl"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true)), "--explain needs json or jsonl");
    }

    @Test
    void queryExplainAddsTheExplanationsGraph() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new String[] {"query", "queries/explanations.rq", "--data", N06, "--explain", "--format", "tsv",
                "--ontology", "ontology/mcrc.owl"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("\"hepatectomy\"\t\"not_indicated\"\t\"ruled_out\"\t\"L2\"\t\"flr_percent = 25; preop_chemo_weeks = 12\"\t\"E03; E04; E05; E06; E07\""),
                out.toString());
        StringWriter plain = new StringWriter();
        assertEquals(0, Main.execute(new String[] {"query", "queries/explanations.rq", "--data", N06, "--format", "tsv", "--ontology", "ontology/mcrc.owl"},
                new PrintWriter(plain, true), new PrintWriter(new StringWriter(), true)));
        assertEquals(1, plain.toString().strip().lines().count(), "without --explain the graph is empty: " + plain);
    }
}
