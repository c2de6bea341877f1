package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.rdf.RdfExport;
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

    /**
     * A store written before the lean form also states each answer's type, procedure and evidence:
     * the page reads such a patient as it is, with the evidence still that of the fired rules.
     */
    @Test
    void thePageReadsAPatientOfAStoreOfTheOldShape() {
        Mcrc m = Cohort.mcrc();
        try (PatientStore s = PatientStore.open(TestStores.tempDir("mcrc-old-shape"))) {
            s.load(m, List.of(Path.of("src/test/resources/vignettes/V01.csv")), 1, PatientStore.Progress.NONE);
            List<String> lean = StoredPatient.read(s.dataset(), "V01").orElseThrow().answers().get("hepatectomy").evidenceIris();
            assertFalse(lean.isEmpty(), "V01's hepatectomy cites evidence");
            String answer = RdfExport.answerIri("V01", "hepatectomy");
            Txn.executeWrite(s.dataset(), () -> {
                var inf = s.dataset().getNamedModel(Vocabulary.GRAPH_INFERENCES);
                var a = inf.createResource(answer);
                a.addProperty(RDF.type, inf.createResource(Vocabulary.TREATMENT_ANSWER));
                a.addProperty(inf.createProperty(Vocabulary.ABOUT_PROCEDURE), inf.createResource(m.knowledgeBase().procedure("hepatectomy").orElseThrow().iri()));
                lean.forEach(e -> a.addProperty(inf.createProperty(Vocabulary.CITES_EVIDENCE), inf.createResource(e)));
            });
            assertEquals(lean, StoredPatient.read(s.dataset(), "V01").orElseThrow().answers().get("hepatectomy").evidenceIris());
        }
    }
}
