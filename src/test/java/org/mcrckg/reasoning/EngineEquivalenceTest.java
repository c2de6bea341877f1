package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.support.Cohort;
import org.mcrckg.support.RandomRecords;

/**
 * HermiT is the judge: the default engine (one reasoner per worker, the patient as a class
 * expression) must give exactly the answers of the reference engine (a fresh reasoner per patient
 * over the whole ontology, the patient as an individual): statuses, rules, evidence, missing
 * fields, tags, every defined class the patient belongs to, and inconsistency explanations.
 */
class EngineEquivalenceTest {
    @Test
    void sameAnswersOnTheExampleCohort() {
        Mcrc fast = Cohort.mcrc();
        Mcrc ref = fast.withEngine(Engine.PER_PATIENT);
        List<PatientAnswer> a = fast.classifyAll(Cohort.records(), 2, Materialisation.ALL_DEFINED_CLASSES);
        List<PatientAnswer> b = ref.classifyAll(Cohort.records(), 2, Materialisation.ALL_DEFINED_CLASSES);
        for (int i = 0; i < a.size(); i++) assertEquals(b.get(i), a.get(i), a.get(i).id());
    }

    @Test
    void sameAnswersOnRandomRecordsThatStraddleEveryThreshold() {
        Mcrc fast = Cohort.mcrc();
        Mcrc ref = fast.withEngine(Engine.PER_PATIENT);
        int compared = 0, inconsistent = 0;
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> r : RandomRecords.generate(fast, 40, 20261126L, 0.6)) {
            PatientAnswer x, y;
            try {
                x = fast.classify(r);
            } catch (DataErrorException e) {
                continue;
            }
            y = ref.classify(toRecord(fast, r));
            if (!x.equals(y)) failures.add(x.id() + "\n  fast " + x + "\n  ref  " + y);
            compared++;
            if (!x.consistent()) inconsistent++;
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(compared >= 30, "only " + compared + " random records were valid");
        assertTrue(inconsistent >= 1 && inconsistent < compared, "the random records should include a few contradictory ones: " + inconsistent);
    }

    private static org.mcrckg.patient.PatientRecord toRecord(Mcrc m, Map<String, Object> r) {
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        r.forEach((k, v) -> raw.put(k, v.toString()));
        List<org.mcrckg.patient.DataError> errors = new ArrayList<>();
        var rec = new org.mcrckg.patient.RecordValidator(m.knowledgeBase())
                .validate(new org.mcrckg.patient.RawRecord(org.mcrckg.patient.SourceLocation.api(), raw, Map.of()), errors);
        assertTrue(errors.isEmpty(), errors.toString());
        return rec;
    }
}
