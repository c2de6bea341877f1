package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.query.QueryCatalog;
import org.mcrckg.query.QueryRunner;
import org.mcrckg.store.PatientStore;
import org.mcrckg.store.PatientStoreTest;
import org.mcrckg.support.GeneratedCohort;

/**
 * Crash safety: a loader killed with SIGKILL in the middle of a load leaves a store that reopens,
 * answers queries, and holds every patient whole (its record and one answer per procedure key) or not at all.
 * Loading again afterwards works and replaces patients by id.
 */
class LoadCrashIT {
    /** Answers per consistent patient: one per procedure key of the ontology. */
    private static final int KEYS = org.mcrckg.Mcrc.load(java.nio.file.Path.of("ontology/mcrc.owl")).procedures().size();

    /**
     * Far more than a load gets through before the kill: copies of the example rows are cache hits,
     * so classification is quick and the load runs at the speed of TDB2 writes (400 patients
     * finished before the kill once the engine became fast).
     */
    static final int PATIENTS = 20_000;
    static final String P = "PREFIX mcrc: <" + Vocabulary.NS + ">\n";

    @TempDir
    Path dir;

    @Test
    void aKilledLoadLeavesEveryPatientWholeOrAbsent() throws Exception {
        Path csv = dir.resolve("generated.csv");
        List<String> ids = GeneratedCohort.write(csv, PATIENTS);
        Path storeDir = dir.resolve("store");

        Processes.Started loader = Processes.start("load", "--store", storeDir.toString(), csv.toString());
        // the first committed batch, then a little more: the kill lands in the middle of the load
        Processes.awaitOutput(loader, loader.errFile(), t -> t.contains("patients committed"), 300);
        Thread.sleep(2500);  // half of the next 5-second batch
        Processes.signal(loader.process(), "KILL");
        assertTrue(loader.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, loader.process().exitValue(), "killed by SIGKILL");

        try (PatientStore store = PatientStore.openExisting(storeDir)) {
            Set<String> present = checkWholeOrAbsent(store, ids);
            System.out.println("LoadCrashIT: " + present.size() + " of " + PATIENTS + " patients were committed before SIGKILL");
            assertTrue(!present.isEmpty(), "the first batch was committed before the kill");
            assertTrue(present.size() < PATIENTS, "the load finished before the kill (" + present.size() + " patients): make the cohort bigger");

            // the reopened store answers queries, over HTTP too
            try (Endpoint e = Endpoint.start(store, EndpointConfig.defaults().withPort(0))) {
                HttpResponse<String> r = Http.postForm(e.sparqlUri(), "query=" + Http.enc(QueryCatalog.load("cohort-summary")), "Accept", "text/csv");
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("mdt_discussion,recommended,"), r.body());
            }
        }

        // loading again after the crash: a patient already there is replaced, a new one added
        String header = Files.readAllLines(csv).get(0);
        List<String> rows = Files.readAllLines(csv);
        Path more = dir.resolve("more.csv");
        Files.write(more, List.of(header, rows.get(1), rows.get(PATIENTS).replace(ids.get(PATIENTS - 1), "NEW-1")));
        Processes.Run again = Processes.run("load", "--store", storeDir.toString(), more.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("loaded 2 patients (1 replaced"), again.out());
        try (PatientStore store = PatientStore.openExisting(storeDir)) {
            List<String> all = new java.util.ArrayList<>(ids);
            all.add("NEW-1");
            Set<String> present = checkWholeOrAbsent(store, all);
            assertTrue(present.contains(ids.get(0)) && present.contains("NEW-1"));
        }
    }

    /**
     * Every patient resource found in either graph has its record (patient_id, the same facts as
     * every other copy of its example row) and its answers (one per procedure key if consistent, none if not, each
     * with one procedure key and one status). Returns the ids present.
     */
    static Set<String> checkWholeOrAbsent(PatientStore store, List<String> ids) {
        String gp = "<" + Vocabulary.GRAPH_PATIENTS + ">", gi = "<" + Vocabulary.GRAPH_INFERENCES + ">";
        // every patient IRI mentioned anywhere in the two graphs
        Set<String> iris = new TreeSet<>();
        for (var row : QueryRunner.select(P + "SELECT DISTINCT ?p WHERE { { GRAPH " + gp + " { ?p ?x ?y } } UNION { GRAPH " + gi
                + " { ?p mcrc:isConsistent ?c } } UNION { GRAPH " + gi + " { ?a mcrc:answersPatient ?p } } }", store.dataset())) {
            iris.add(row.get("p"));
        }
        Map<String, String> idOf = new HashMap<>();
        for (var row : QueryRunner.select(P + "SELECT ?p ?id WHERE { GRAPH " + gp + " { ?p mcrc:patient_id ?id } }", store.dataset())) {
            idOf.put(row.get("p"), row.get("id"));
        }
        Map<String, Integer> answers = new HashMap<>();
        for (var row : QueryRunner.select(P + "SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH " + gi + " { ?a mcrc:answersPatient ?p ; "
                + "mcrc:procedureKey ?k ; mcrc:hasStatus ?s } } GROUP BY ?p", store.dataset())) {
            answers.put(row.get("p"), Integer.parseInt(row.get("n")));
        }
        Map<String, String> consistent = new HashMap<>();
        for (var row : QueryRunner.select(P + "SELECT ?p ?c WHERE { GRAPH " + gi + " { ?p mcrc:isConsistent ?c } }", store.dataset())) {
            consistent.put(row.get("p"), row.get("c"));
        }
        // an answer with two statuses or keys would be half of an old and half of a new answer
        assertEquals(List.of(), QueryRunner.select(P + "SELECT ?a WHERE { GRAPH " + gi + " { ?a mcrc:hasStatus ?s1, ?s2 FILTER(?s1 != ?s2) } } LIMIT 1", store.dataset()));
        // the facts of each patient, without its id, label and IRI: equal for every copy of an example row
        Map<String, Set<String>> factsByTemplate = new HashMap<>();
        Map<String, Set<String>> facts = new HashMap<>();
        for (var row : QueryRunner.select(P + "SELECT ?p ?prop ?v WHERE { GRAPH " + gp + " { ?p ?prop ?v } "
                + "FILTER(?prop NOT IN (mcrc:patient_id, <http://www.w3.org/2000/01/rdf-schema#label>)) }", store.dataset())) {
            facts.computeIfAbsent(row.get("p"), k -> new TreeSet<>()).add(row.get("prop") + "=" + row.get("v"));
        }
        Set<String> present = new HashSet<>();
        Map<String, String> problems = new TreeMap<>();
        for (String iri : iris) {
            String id = idOf.get(iri);
            if (id == null) { problems.put(iri, "answers or consistency without a record"); continue; }
            present.add(id);
            if (!ids.contains(id)) problems.put(iri, "unknown id " + id);
            String c = consistent.get(iri);
            int n = answers.getOrDefault(iri, 0);
            if (c == null) problems.put(iri, "a record without inferences");
            else if (c.equals("true") && n != KEYS) problems.put(iri, n + " answers, not " + KEYS);
            else if (c.equals("false") && n != 0) problems.put(iri, "inconsistent, yet " + n + " answers");
            String template = id.startsWith("G") ? GeneratedCohort.template(id) : id;
            Set<String> f = facts.getOrDefault(iri, Set.of());
            Set<String> first = factsByTemplate.putIfAbsent(template, f);
            if (first != null && !first.equals(f)) problems.put(iri, "its facts differ from another copy of " + template);
        }
        assertEquals(Map.of(), problems, "patients that are neither whole nor absent");
        PatientStoreTest.assertSummaryMatchesAnswers(store);
        return present;
    }
}
