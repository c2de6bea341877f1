package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.store.PatientStore;
import org.mcrckg.support.Cohort;

/** The store keeps no evidence per answer (it is derived from the fired rules); the pages read the same evidence the engine gave. */
class StoredEvidenceTest {
    /**
     * The evidence an answer cites, derived from its fired rules and the ontology graph, is the
     * engine's evidence, for every answer of the example cohort (none for a refuted indication).
     */
    @Test
    void everyAnswersDerivedEvidenceIsTheEnginesEvidence() {
        Mcrc m = Cohort.mcrc();
        PatientStore s = TestStores.cohort();
        int checked = 0;
        for (PatientAnswer a : Cohort.answers().values()) {
            StoredPatient p = StoredPatient.read(s.dataset(), a.id()).orElseThrow();
            for (TreatmentAnswer t : a.treatments()) {
                List<String> want = t.basis() == Basis.NO_INDICATION_MET ? List.of()
                        : t.evidence().stream().map(e -> m.knowledgeBase().evidence().get(e).iri()).sorted().toList();
                assertEquals(want, p.answers().get(t.procedure()).evidenceIris(), a.id() + " " + t.procedure());
                if (!want.isEmpty()) checked++;
            }
        }
        assertTrue(checked > 100, "answers with evidence checked: " + checked);
    }

}
