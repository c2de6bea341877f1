package org.mcrckg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.CohortRun;
import org.mcrckg.Mcrc;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.query.QueryRunner;
import org.mcrckg.support.Cohort;
import org.mcrckg.support.GeneratedCohort;
import org.mcrckg.support.TempDirs;

/** The store's unit of change is the whole patient: load, replace, remove, and the union default graph. */
public class PatientStoreTest {
    static final String PREFIX = "PREFIX mcrc: <" + Vocabulary.NS + ">\n";

    @TempDir
    Path dir;

    static long count(PatientStore s, String select) {
        return Long.parseLong(QueryRunner.select(PREFIX + select, s.dataset()).get(0).get("n"));
    }

    static String status(PatientStore s, String id, String procedure) {
        List<Map<String, String>> rows = QueryRunner.select(PREFIX + "SELECT ?s WHERE { GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { <"
                + org.mcrckg.rdf.RdfExport.answerIri(id, procedure) + "> mcrc:hasStatus ?s } }", s.dataset());
        return rows.isEmpty() ? null : rows.get(0).get("s");
    }

    @Test
    void loadWritesThreeGraphsAndReloadReplacesAPatientWhole() throws IOException {
        Mcrc m = Cohort.mcrc();
        Path v = Path.of("src/test/resources/vignettes");
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            LoadReport first = s.load(m, List.of(v.resolve("V21.csv"), v.resolve("V01.csv"), v.resolve("X-INCONSISTENT.csv")), 2, PatientStore.Progress.NONE);
            assertEquals(3, first.patients());
            assertEquals(0, first.replaced());
            assertEquals(1, first.inconsistent());
            assertEquals(3, first.inStore());
            StoreStatistics st = s.statistics();
            assertEquals(3, st.patients());
            int keys = m.procedures().size();
            assertEquals(2 * keys, st.answers(), keys + " answers per consistent patient, none for the inconsistent one");
            assertTrue(st.ontologyTriples() > 1000, "the ontology graph is written");
            assertEquals("undetermined", status(s, "V21", "hepatectomy"));
            assertSummaryMatchesAnswers(s);
            assertEquals(Set3.of("V01", "V21", "X-INCONSISTENT"), s.patientIds());

            // V21 again, now with its future liver remnant measured: replaced, not added to.
            Path v21 = dir.resolve("V21-flr.csv");
            List<String> lines = Files.readAllLines(v.resolve("V21.csv"));
            Files.write(v21, List.of(lines.get(0) + ",flr_percent", lines.get(1) + ",45"));
            long ontologyBefore = st.ontologyTriples();
            LoadReport second = s.load(m, List.of(v21), 1, PatientStore.Progress.NONE);
            assertEquals(1, second.replaced());
            assertEquals(3, second.inStore());
            StoreStatistics after = s.statistics();
            assertEquals(3, after.patients());
            assertEquals(2 * keys, after.answers());
            assertEquals(ontologyBefore, after.ontologyTriples(), "the ontology graph is replaced, not added to");
            assertFalse("undetermined".equals(status(s, "V21", "hepatectomy")), "the new record's answer replaced the old one");
            assertSummaryMatchesAnswers(s);
            assertEquals(1, count(s, "SELECT (COUNT(?st) AS ?n) WHERE { GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { <"
                    + org.mcrckg.rdf.RdfExport.answerIri("V21", "hepatectomy") + "> mcrc:hasStatus ?st } }"), "one status for V21's hepatectomy, not two");
            assertEquals(keys, count(s, "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { ?a mcrc:answersPatient <"
                    + org.mcrckg.rdf.RdfExport.patientIri("V21") + "> } }"));
            assertEquals(1, count(s, "SELECT (COUNT(?v) AS ?n) WHERE { GRAPH <" + Vocabulary.GRAPH_PATIENTS + "> { ?p mcrc:patient_id 'V21' ; mcrc:flr_percent ?v } }"));
            assertEquals(1, count(s, "SELECT (COUNT(?c) AS ?n) WHERE { GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { ?p mcrc:isConsistent ?c } "
                    + "GRAPH <" + Vocabulary.GRAPH_PATIENTS + "> { ?p mcrc:patient_id 'V21' } }"));

            assertTrue(s.remove("V01"));
            assertEquals(0, count(s, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?s), '/V01') || CONTAINS(STR(?o), '/V01')) }"),
                    "nothing of a removed patient is left (decimals included)");
            assertFalse(s.remove("V01"));
            assertEquals(2, s.patientCount());
            assertEquals(keys, s.statistics().answers());
            assertSummaryMatchesAnswers(s);
            assertTrue(s.remove("V21"));
            assertSummaryMatchesAnswers(s);
            assertEquals(0, count(s, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" + Vocabulary.GRAPH_SUMMARY + "> { ?c a ?t } "
                    + "FILTER (?t IN (mcrc:StatusCount, mcrc:RuleSetCount)) }"), "no answers left, no counts of answers left");
            assertEquals(1, count(s, "SELECT ?n WHERE { GRAPH <" + Vocabulary.GRAPH_SUMMARY + "> { ?c a mcrc:PatientTotal ; mcrc:patientCount ?n } }"),
                    "the inconsistent patient's record is still counted");
            assertTrue(s.remove("X-INCONSISTENT"));
            assertEquals(0, s.statistics().summaryTriples(), "no patients left, no counts left");
        }
    }

    /**
     * load --explain: each patient's explanations are in their own graph, written with its
     * answers; a reload replaces them (no stale justification of the old record is left) and a
     * removal deletes them.
     */
    @Test
    void explanationsAreWrittenReplacedAndRemovedWithThePatient() throws IOException {
        Mcrc m = Cohort.mcrc();
        Path v = Path.of("src/test/resources/vignettes");
        String inGraph = "GRAPH <" + Vocabulary.GRAPH_EXPLANATIONS + "> ";
        String ofV21 = "SELECT (COUNT(*) AS ?n) WHERE { " + inGraph + "{ ?s ?p ?o } FILTER(STRSTARTS(STR(?s), '"
                + org.mcrckg.rdf.RdfExport.patientIri("V21") + "')) }";
        String v21Flr = "SELECT (COUNT(*) AS ?n) WHERE { " + inGraph + "{ ?f mcrc:factField 'flr_percent' ; mcrc:factValue ?v } "
                + "FILTER(STRSTARTS(STR(?f), '" + org.mcrckg.rdf.RdfExport.patientIri("V21") + "/')) }";
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            s.load(m.cohort(List.of(v.resolve("V21.csv"), v.resolve("V01.csv"))).threads(1).explain(ExplainOptions.defaults()), PatientStore.Progress.NONE);
            long first = count(s, ofV21);
            assertTrue(first > 0, "V21's explanations are written");
            assertEquals(0, count(s, v21Flr), "V21 has no remnant measured: no justification can use it");
            long all = count(s, "SELECT (COUNT(*) AS ?n) WHERE { " + inGraph + "{ ?s ?p ?o } }");

            Path v21 = dir.resolve("V21-flr.csv");
            List<String> lines = Files.readAllLines(v.resolve("V21.csv"));
            Files.write(v21, List.of(lines.get(0) + ",flr_percent", lines.get(1) + ",45"));
            s.load(m.cohort(List.of(v21)).threads(1).explain(ExplainOptions.defaults()), PatientStore.Progress.NONE);
            assertTrue(count(s, v21Flr) > 0, "the new record's explanations use its remnant");
            assertEquals(all - first + count(s, ofV21), count(s, "SELECT (COUNT(*) AS ?n) WHERE { " + inGraph + "{ ?s ?p ?o } }"),
                    "V21's old explanations are gone, V01's untouched");

            assertTrue(s.remove("V21"));
            assertEquals(0, count(s, ofV21), "a removed patient leaves no explanation behind");
            assertTrue(count(s, "SELECT (COUNT(*) AS ?n) WHERE { " + inGraph + "{ ?s ?p ?o } }") > 0, "V01's explanations stay");
        }
    }

    /** The summary graph's counts equal the answers counted one by one. */
    public static void assertSummaryMatchesAnswers(PatientStore s) {
        String counted = PREFIX + "SELECT ?k ?s (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { ?a mcrc:answersPatient ?p ; "
                + "mcrc:procedureKey ?k ; mcrc:hasStatus ?s } } GROUP BY ?k ?s";
        String summary = PREFIX + "SELECT ?k ?s ?n WHERE { GRAPH <" + Vocabulary.GRAPH_SUMMARY + "> { ?c mcrc:countedProcedureKey ?k ; "
                + "mcrc:countedStatus ?s ; mcrc:patientCount ?n } }";
        assertEquals(new java.util.HashSet<>(QueryRunner.select(counted, s.dataset())), new java.util.HashSet<>(QueryRunner.select(summary, s.dataset())),
                "summary graph vs answers");
        assertSummaryIsCountedAgain(s);
    }

    /** Every count of the summary graph, as kept while patients were written, equals the count made afresh from the graphs. */
    public static void assertSummaryIsCountedAgain(PatientStore s) {
        org.apache.jena.rdf.model.Model stored = s.storedSummary(), counted = s.countedSummary();
        assertTrue(stored.isIsomorphicWith(counted), () -> "the summary graph drifted from its patients and answers:\nonly stored:\n"
                + stored.difference(counted).listStatements().toList() + "\nonly counted:\n" + counted.difference(stored).listStatements().toList());
    }

    @Test
    void theDefaultGraphIsTheUnionOfTheNamedGraphs() {
        Mcrc m = Cohort.mcrc();
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            s.load(m, List.of(Path.of("src/test/resources/vignettes/V01.csv")), 1, PatientStore.Progress.NONE);
            // rdf:type mcrc:Patient is in the patients graph, isConsistent in the inferences graph, ruleId in the ontology graph
            assertEquals(1, count(s, "SELECT (COUNT(*) AS ?n) WHERE { ?p a mcrc:Patient ; mcrc:isConsistent true . ?a mcrc:answersPatient ?p ; "
                    + "mcrc:procedureKey 'mdt_discussion' ; mcrc:firedRule ?r . ?r mcrc:ruleId 'G1' }"));
        }
    }

    /** Jena 5.6.0 fails on an OPTIONAL over an empty left side (apache/jena#3516); the store's executor answers no rows. */
    @Test
    void aQueryWithNoMatchingPatientGivesNoRowsNotAnError() throws IOException {
        Mcrc m = Cohort.mcrc();
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            s.load(m, List.of(Path.of("src/test/resources/vignettes/V01.csv")), 1, PatientStore.Progress.NONE);
            String q = Files.readString(Path.of("bench/applicable-treatments-one-patient.rq"));
            assertEquals(List.of(), QueryRunner.select(q.replace("PATIENT_ID", "NOBODY"), s.dataset()));
            assertFalse(QueryRunner.select(q.replace("PATIENT_ID", "V01"), s.dataset()).isEmpty());
        }
    }

    /**
     * The store of {@code query --data} reads and writes its files through bounded caches in the
     * heap, with no file memory-mapped, so the process's resident memory does not grow with the
     * cohort. A store {@code load} opens maps its files (TDB2's default): the same check finds
     * them, so it can tell the two apart.
     */
    @Test
    void theTemporaryStoreMapsNoFileAndBoundsItsCaches() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs /proc/self/maps (Linux)");
        Mcrc m = Cohort.mcrc();
        List<Path> v01 = List.of(Path.of("src/test/resources/vignettes/V01.csv"), Path.of("src/test/resources/vignettes/V21.csv"));
        try (PatientStore mapped = PatientStore.open(dir.resolve("store"))) {
            mapped.load(m, v01, 1, PatientStore.Progress.NONE);
            assertEquals(2, mapped.patientCount());
            assertTrue(mappedFilesUnder(maps, mapped.directory()) > 0, "a loaded store's files are mapped");
        }
        try (PatientStore temporary = PatientStore.temporary()) {
            temporary.load(m, v01, 1, PatientStore.Progress.NONE);
            assertEquals(2, temporary.patientCount());
            assertEquals(2 * m.procedures().size(), temporary.statistics().answers());
            assertEquals(0, mappedFilesUnder(maps, temporary.directory()), "no file of the temporary store is mapped");

            org.apache.jena.tdb2.params.StoreParams params = org.apache.jena.tdb2.sys.TDBInternal.getDatasetGraphTDB(temporary.dataset()).getStoreParams();
            assertEquals(org.apache.jena.dboe.base.block.FileMode.direct, params.getFileMode());
            assertEquals(DirectStore.READ_BLOCKS, params.getBlockReadCacheSize());
            assertEquals(DirectStore.WRITE_BLOCKS, params.getBlockWriteCacheSize());
            long blockFiles;
            try (var files = Files.list(temporary.directory())) {
                blockFiles = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".idn") || n.endsWith(".dat")).count();
            }
            long cacheBytes = blockFiles * (params.getBlockReadCacheSize() + params.getBlockWriteCacheSize()) * (long) params.getBlockSize();
            assertTrue(blockFiles >= 20 && cacheBytes <= 64L << 20, blockFiles + " block files, at most " + cacheBytes + " bytes of block cache");
            assertTrue(params.getNode2NodeIdCacheSize() <= 20_000 && params.getNodeId2NodeCacheSize() <= 50_000, params.toString());
        }
    }

    /** A temporary store buffers what it writes during a load; a patient loaded again is still replaced whole. */
    @Test
    void aTemporaryStoreReplacesAPatientLoadedAgain() throws IOException {
        Mcrc m = Cohort.mcrc();
        Path v = Path.of("src/test/resources/vignettes");
        Path v21 = dir.resolve("V21-flr.csv");
        List<String> lines = Files.readAllLines(v.resolve("V21.csv"));
        Files.write(v21, List.of(lines.get(0) + ",flr_percent", lines.get(1) + ",45"));
        try (PatientStore s = PatientStore.temporary()) {
            LoadReport first = s.load(m, List.of(v.resolve("V21.csv"), v.resolve("V01.csv")), 2, PatientStore.Progress.NONE);
            assertEquals(2, first.inStore());
            assertEquals("undetermined", status(s, "V21", "hepatectomy"));
            LoadReport second = s.load(m, List.of(v21), 1, PatientStore.Progress.NONE);
            assertEquals(1, second.replaced());
            assertEquals(2, second.inStore());
            assertEquals(2 * m.procedures().size(), s.statistics().answers());
            assertFalse("undetermined".equals(status(s, "V21", "hepatectomy")), "the new record's answer replaced the old one");
            assertEquals(1, count(s, "SELECT (COUNT(?st) AS ?n) WHERE { GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { <"
                    + org.mcrckg.rdf.RdfExport.answerIri("V21", "hepatectomy") + "> mcrc:hasStatus ?st } }"), "one status for V21's hepatectomy, not two");
            assertSummaryMatchesAnswers(s);
        }
    }

    /** Mappings of files under {@code dir} in this process. */
    private static long mappedFilesUnder(Path maps, Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().toString() + "/";
        return Files.readAllLines(maps).stream().filter(l -> l.contains(prefix)).count();
    }

    @Test
    void compactionKeepsTheDataAndReclaimsSpace() {
        Mcrc m = Cohort.mcrc();
        Path storeDir = dir.resolve("store");
        try (PatientStore s = PatientStore.open(storeDir)) {
            List<Path> v01 = List.of(Path.of("src/test/resources/vignettes/V01.csv"));
            s.load(m, v01, 1, PatientStore.Progress.NONE);
            s.load(m, v01, 1, PatientStore.Progress.NONE);  // every transaction leaves dead blocks behind
            StoreStatistics before = s.statistics();
            long[] sizes = s.compact();
            assertTrue(sizes[1] < sizes[0], sizes[0] + " -> " + sizes[1]);
            assertEquals(before, s.statistics());
            assertSummaryMatchesAnswers(s);
        }
        try (PatientStore s = PatientStore.openExisting(storeDir)) {
            assertEquals(1, s.patientCount(), "the compacted store reopens");
        }
    }

    @Test
    void aDataErrorInAnyFileWritesNothing() throws IOException {
        Mcrc m = Cohort.mcrc();
        Path bad = dir.resolve("bad.csv");
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/vignettes/V01.csv"));
        Files.write(bad, List.of(lines.get(0), lines.get(1).replaceFirst("^V01,58,", "BAD,999,")));
        assertTrue(Files.readString(bad).startsWith(lines.get(0) + "\nBAD,999,"), "the fixture has its data error (age 999)");
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            org.mcrckg.patient.DataErrorException e = assertThrows(org.mcrckg.patient.DataErrorException.class,
                    () -> s.load(m, List.of(Path.of("src/test/resources/vignettes/V01.csv"), bad), 1, PatientStore.Progress.NONE));
            assertFalse(e.errors().isEmpty());
            assertEquals(new StoreStatistics(0, 0, 0, 0, 0, 0), s.statistics(), "not even the ontology graph is written");
        }
    }

    /** More patients than the classification window holds: every answer is written with its own record. */
    @Test
    void recordsAndAnswersStayPairedInALongLoad() throws IOException {
        Mcrc m = Cohort.mcrc();
        Path csv = dir.resolve("generated.csv");
        int n = 2 * CohortRun.WINDOW_PER_THREAD + 44;
        List<String> ids = GeneratedCohort.write(csv, n);
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            int[] batches = {0};
            LoadReport r = s.load(m, List.of(csv), 2, (done, total) -> batches[0]++);
            assertEquals(n, r.patients());
            assertEquals(n, r.inStore());
            assertTrue(batches[0] >= 1);
            // each patient's record (patients graph) and answer (inferences graph), by the record's id
            Map<String, String> statusById = new java.util.TreeMap<>();
            for (Map<String, String> row : QueryRunner.select(PREFIX + "SELECT ?id ?st WHERE { GRAPH <" + Vocabulary.GRAPH_PATIENTS + "> { ?p mcrc:patient_id ?id } "
                    + "GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { ?p mcrc:isConsistent ?c OPTIONAL { ?a mcrc:answersPatient ?p ; "
                    + "mcrc:procedureKey 'hepatectomy' ; mcrc:hasStatus ?st } } }", s.dataset())) {
                assertEquals(null, statusById.put(row.get("id"), String.valueOf(row.get("st"))), row.get("id"));
            }
            assertEquals(new java.util.TreeSet<>(ids), statusById.keySet());
            // copies of one example row get one answer, whatever their place in the load: a record
            // written with another patient's answer would break this
            Map<String, String> byTemplate = new java.util.HashMap<>();
            statusById.forEach((id, st) -> {
                String first = byTemplate.putIfAbsent(GeneratedCohort.template(id), st);
                if (first != null) assertEquals(first, st, id);
            });
            assertSummaryMatchesAnswers(s);
        }
    }

    @Test
    void refusesADirectoryThatIsNotAStore() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a store");
        StoreException e = assertThrows(StoreException.class, () -> PatientStore.open(dir));
        assertEquals("store#not-a-store", e.errorId());
        StoreException missing = assertThrows(StoreException.class, () -> PatientStore.openExisting(dir.resolve("none")));
        assertEquals("store#missing", missing.errorId());
        assertFalse(Files.exists(dir.resolve("none")), "opening a missing store for serving creates nothing");
    }

    /** Set.of that keeps the comparison with a TreeSet readable in the failure message. */
    static final class Set3 {
        static java.util.Set<String> of(String... s) { return new java.util.TreeSet<>(List.of(s)); }
    }

    @Test
    void aStoreBeingCreatedByAnotherLoadIsNotForeign() throws IOException {
        // what a second first load sees while the first one creates the store: TDB2's lock file,
        // perhaps an empty first generation. It goes on to TDB2's process lock (store#locked while
        // the other load holds it; here nobody does, so the store is made), never store#not-a-store.
        Path dir = TempDirs.create("mcrc-race");
        Files.writeString(dir.resolve("tdb.lock"), "");
        try (PatientStore s = PatientStore.open(dir)) {
            assertTrue(PatientStore.isStore(dir));
        }
        assertTrue(PatientStore.onlyStoreFiles(dir));
        // other files are still refused
        Path other = TempDirs.create("mcrc-not-a-store");
        Files.writeString(other.resolve("notes.txt"), "x");
        assertEquals("store#not-a-store", assertThrows(StoreException.class, () -> PatientStore.open(other)).errorId());
    }

    /**
     * The store is lean (README, "Named graphs"): per answer its patient, key, status, fired or
     * refuted rules and missing fields, nothing the ontology graph gives. The count is exact, so a
     * derivable triple written again fails it.
     */
    @Test
    void aPatientsInferencesAreOnlyWhatTheOntologyCannotGive() {
        Mcrc m = Cohort.mcrc();
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            s.load(m, List.of(Path.of("src/test/resources/vignettes/V01.csv")), 1, PatientStore.Progress.NONE);
            org.mcrckg.answer.PatientAnswer a = m.classify(m.read(List.of(Path.of("src/test/resources/vignettes/V01.csv"))).get(0),
                    org.mcrckg.reasoning.Materialisation.ALL_DEFINED_CLASSES);
            long expected = 1 + a.explanation().size() + a.tags().size() + a.entailedClasses().size();
            for (org.mcrckg.answer.TreatmentAnswer t : a.treatments()) expected += 3 + t.rules().size() + t.missing().size();
            assertEquals(expected, s.statistics().inferenceTriples(), "V01's inference triples");
            for (String derivable : List.of(Vocabulary.ABOUT_PROCEDURE, Vocabulary.CITES_EVIDENCE)) {
                assertEquals(0, count(s, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <" + derivable + "> ?o } }"), derivable + " is not stored");
            }
            assertEquals(0, count(s, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a mcrc:TreatmentAnswer } }"), "the answers' type is not stored");
        }
    }

    /**
     * A store written before the lean form holds the derivable triples too: it is read as it is,
     * and loading a patient again writes it lean.
     */
    @Test
    void aStoreOfTheOldShapeIsReadAndAReloadedPatientBecomesLean() {
        Mcrc m = Cohort.mcrc();
        Path v01 = Path.of("src/test/resources/vignettes/V01.csv");
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            s.load(m, List.of(v01), 1, PatientStore.Progress.NONE);
            long lean = s.statistics().inferenceTriples();
            String answer = org.mcrckg.rdf.RdfExport.answerIri("V01", "hepatectomy");
            org.apache.jena.system.Txn.executeWrite(s.dataset(), () -> {
                var inf = s.dataset().getNamedModel(Vocabulary.GRAPH_INFERENCES);
                var a = inf.createResource(answer);
                a.addProperty(org.apache.jena.vocabulary.RDF.type, inf.createResource(Vocabulary.TREATMENT_ANSWER));
                a.addProperty(inf.createProperty(Vocabulary.ABOUT_PROCEDURE), inf.createResource(m.knowledgeBase().procedure("hepatectomy").orElseThrow().iri()));
                a.addProperty(inf.createProperty(Vocabulary.CITES_EVIDENCE), inf.createResource(Vocabulary.NS + "SomeEvidence"));
            });
            assertEquals(lean + 3, s.statistics().inferenceTriples());
            assertEquals(m.procedures().size(), s.statistics().answers(), "answers are counted by mcrc:answersPatient, once each");
            assertTrue(s.patientIds().contains("V01"));
            LoadReport again = s.load(m, List.of(v01), 1, PatientStore.Progress.NONE);
            assertEquals(1, again.replaced());
            assertEquals(lean, s.statistics().inferenceTriples(), "the reloaded patient is lean");
            assertSummaryMatchesAnswers(s);
        }
    }
}
