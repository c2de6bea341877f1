package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.generate.CohortGenerator;
import org.mcrckg.patient.PatientRecord;

/**
 * The default engine against the baseline of Protégé and ROBOT users (all patients of a cohort in
 * one ontology, one HermiT realisation), on generated patients in cohorts of 8: the whole answers
 * (statuses, rules, evidence, missing fields, tags, inconsistency explanations) are identical. The
 * baseline's cost grows far faster than linearly with the cohort, hence the small cohorts.
 */
class NaiveEquivalenceIT {
    private static final int COHORTS = 3, SIZE = 8;

    @TempDir
    Path dir;

    @Test
    void fastEqualsNaiveOnGeneratedCohortsOfEight() throws Exception {
        Path csv = dir.resolve("generated.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            new CohortGenerator(7L).write(COHORTS * SIZE, w);
        }
        Mcrc reader = Mcrc.load(Path.of("ontology/mcrc.owl"));
        List<PatientRecord> records = reader.read(List.of(csv));
        List<List<PatientRecord>> cohorts = new ArrayList<>();
        for (int c = 0; c < COHORTS; c++) cohorts.add(records.subList(c * SIZE, (c + 1) * SIZE));
        // a cohort with contradictory records, which make a shared ABox inconsistent as a whole
        List<Path> mixed = new ArrayList<>();
        for (String v : List.of("V01", "N37-inc-bilobar-staging-closed", "V05", "N38-inc-liver-diameter-no-mets", "V12"))
            mixed.add(Path.of("src/test/resources/vignettes/" + v + ".csv"));
        List<PatientRecord> withContradictions = reader.read(mixed);
        cohorts.add(withContradictions);

        // The naive engine runs on one thread and takes most of this test's time: the cohorts are
        // compared two at a time, each thread with engines of its own (the naive classifier is not
        // shared between threads).
        ThreadLocal<Mcrc[]> engines = ThreadLocal.withInitial(() -> {
            Mcrc fast = Mcrc.load(Path.of("ontology/mcrc.owl"));
            return new Mcrc[] {fast, fast.withEngine(Engine.NAIVE)};
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<PatientAnswer[]>>> results = new ArrayList<>();
        try {
            for (List<PatientRecord> cohort : cohorts) {
                results.add(pool.submit(() -> {
                    Mcrc[] e = engines.get();
                    List<PatientAnswer> a = e[0].classifyAll(cohort, 1);
                    List<PatientAnswer> b = e[1].classifyAll(cohort, 1);
                    assertEquals(cohort.size(), a.size());
                    assertEquals(cohort.size(), b.size());
                    List<PatientAnswer[]> pairs = new ArrayList<>();
                    for (int i = 0; i < a.size(); i++) pairs.add(new PatientAnswer[] {a.get(i), b.get(i)});
                    return pairs;
                }));
            }
            List<String> differences = new ArrayList<>();
            int compared = 0;
            List<PatientAnswer[]> last = null;
            for (Future<List<PatientAnswer[]>> f : results) {
                last = f.get();
                for (PatientAnswer[] pair : last) {
                    if (!pair[0].equals(pair[1])) differences.add(pair[0].id() + "\n  fast  " + pair[0] + "\n  naive " + pair[1]);
                    compared++;
                }
            }
            assertEquals(2, last.stream().filter(x -> !x[1].consistent()).count(), "two of the mixed cohort contradict the ontology");
            assertEquals(COHORTS * SIZE + 5, compared);
            assertTrue(differences.isEmpty(), differences.size() + " differences, first: " + (differences.isEmpty() ? "" : differences.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }
}
