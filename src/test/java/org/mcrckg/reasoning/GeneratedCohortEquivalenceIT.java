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
 * HermiT is the judge, at cohort scale: on 2,000 generated patients the default engine (exact
 * cache) gives exactly the answers of the per-patient engine (a fresh HermiT per patient over the
 * whole ontology, the patient an individual): statuses, rules, evidence, missing fields, tags and
 * inconsistency explanations; with its persistent cache empty (cold) and then read by a new
 * instance (warm). {@link PersistentCacheIT} shares the cache between processes.
 */
class GeneratedCohortEquivalenceIT {
    @TempDir
    Path dir;

    @Test
    void fastEqualsPerPatientOn2000GeneratedPatients() throws Exception {
        Path csv = dir.resolve("generated.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            new CohortGenerator(20261126L).write(2000, w);
        }
        // the fast engine with a persistent cache, first empty (cold), then read by a new instance (warm)
        Path cache = dir.resolve("cache");
        List<String> warnings = new ArrayList<>();
        Mcrc fast = Mcrc.load(Path.of("ontology/mcrc.owl")).withCache(cache, warnings::add);
        Mcrc reference = fast.withEngine(Engine.PER_PATIENT);
        List<PatientRecord> records = fast.read(List.of(csv));
        List<PatientAnswer> a = fast.classifyAll(records, 2);
        List<PatientAnswer> b = reference.classifyAll(records, 2);
        assertEquals(2000, a.size());
        int inconsistent = compare("cold", a, b);
        assertTrue(inconsistent > 0, "the generated cohort should hold a few contradictory records");
        assertTrue(fast.cacheCounts()[0] > fast.cacheCounts()[1], "the cache should answer most questions: " + java.util.Arrays.toString(fast.cacheCounts()));
        assertTrue(fast.saveCache());

        Mcrc warm = Mcrc.load(Path.of("ontology/mcrc.owl")).withCache(cache, warnings::add);
        compare("warm", warm.classifyAll(records, 2), b);
        assertEquals(0, warm.cacheCounts()[1], "warm: every question answered from the file");
        assertEquals(List.of(), warnings);
    }

    private static int compare(String what, List<PatientAnswer> a, List<PatientAnswer> b) {
        List<String> differences = new ArrayList<>();
        int inconsistent = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) differences.add(a.get(i).id() + "\n  fast " + a.get(i) + "\n  ref  " + b.get(i));
            if (!a.get(i).consistent()) inconsistent++;
        }
        assertTrue(differences.isEmpty(), what + ": " + differences.size() + " differences, first: " + (differences.isEmpty() ? "" : differences.get(0)));
        return inconsistent;
    }
}
