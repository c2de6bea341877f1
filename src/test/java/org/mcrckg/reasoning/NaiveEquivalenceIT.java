package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Mcrc fast = Mcrc.load(Path.of("ontology/mcrc.owl"));
        Mcrc naive = fast.withEngine(Engine.NAIVE);
        List<PatientRecord> records = fast.read(List.of(csv));
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (int c = 0; c < COHORTS; c++) {
            List<PatientRecord> cohort = records.subList(c * SIZE, (c + 1) * SIZE);
            List<PatientAnswer> a = fast.classifyAll(cohort, 1);
            List<PatientAnswer> b = naive.classifyAll(cohort, 1);
            assertEquals(cohort.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) differences.add(a.get(i).id() + "\n  fast  " + a.get(i) + "\n  naive " + b.get(i));
                compared++;
            }
        }
        // a cohort with contradictory records, which make a shared ABox inconsistent as a whole
        List<Path> mixed = new ArrayList<>();
        for (String v : List.of("V01", "N37-inc-bilobar-staging-closed", "V05", "N38-inc-liver-diameter-no-mets", "V12"))
            mixed.add(Path.of("src/test/resources/vignettes/" + v + ".csv"));
        List<PatientRecord> withContradictions = fast.read(mixed);
        List<PatientAnswer> a = fast.classifyAll(withContradictions, 1);
        List<PatientAnswer> b = naive.classifyAll(withContradictions, 1);
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) differences.add(a.get(i).id() + "\n  fast  " + a.get(i) + "\n  naive " + b.get(i));
            compared++;
        }
        assertEquals(2, b.stream().filter(x -> !x.consistent()).count(), "two of the mixed cohort contradict the ontology");
        assertEquals(COHORTS * SIZE + 5, compared);
        assertTrue(differences.isEmpty(), differences.size() + " differences, first: " + (differences.isEmpty() ? "" : differences.get(0)));
    }
}
