package org.mcrckg.rdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.jena.query.Dataset;
import org.junit.jupiter.api.Test;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/** The one place a classified cohort becomes RDF: its graphs, their union, and explanations only when included. */
class CohortDatasetTest {
    @Test
    void theNamedGraphsAndTheirUnion() {
        KnowledgeBase kb = Cohort.mcrc().knowledgeBase();
        CohortDataset cohort = CohortDataset.create(kb, CohortDataset.Explanations.NONE);
        List<PatientRecord> two = Cohort.records().subList(0, 2);
        for (PatientRecord r : two) cohort.add(r, Cohort.answers().get(r.id()), null);
        Dataset ds = cohort.dataset();
        for (String g : List.of(Vocabulary.GRAPH_ONTOLOGY, Vocabulary.GRAPH_PATIENTS, Vocabulary.GRAPH_INFERENCES, Vocabulary.GRAPH_SUMMARY)) {
            assertTrue(ds.containsNamedModel(g), g);
            assertFalse(ds.getNamedModel(g).isEmpty(), g);
        }
        assertFalse(ds.containsNamedModel(Vocabulary.GRAPH_EXPLANATIONS), "no explanations graph unless included");
        long sum = List.of(Vocabulary.GRAPH_ONTOLOGY, Vocabulary.GRAPH_PATIENTS, Vocabulary.GRAPH_INFERENCES, Vocabulary.GRAPH_SUMMARY).stream()
                .mapToLong(g -> ds.getNamedModel(g).size()).sum();
        assertEquals(sum, ds.getDefaultModel().size(), "the default graph is the union of the named graphs (they share no triple)");
        // the summary counts the answers: one per patient and procedure key
        long counted = CohortDataset.statusCounts(cohort.inferences()).values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        long answers = two.stream().mapToLong(r -> Cohort.answers().get(r.id()).treatments().size()).sum();
        assertEquals(answers, counted);
    }

    @Test
    void explanationsGoToTheirOwnGraphAndIntoTheUnion() {
        KnowledgeBase kb = Cohort.mcrc().knowledgeBase();
        PatientRecord r = Cohort.records().stream().filter(x -> x.id().equals("V05")).findFirst().orElseThrow();
        PatientExplanation e = Cohort.mcrc().explain(r, "hepatectomy", ExplainOptions.defaults());
        Dataset ds = CohortDataset.create(kb, CohortDataset.Explanations.INCLUDED).add(r, Cohort.answers().get("V05"), e).dataset();
        assertTrue(ds.containsNamedModel(Vocabulary.GRAPH_EXPLANATIONS));
        assertFalse(ds.getNamedModel(Vocabulary.GRAPH_EXPLANATIONS).isEmpty());
        assertTrue(ds.getDefaultModel().containsAll(ds.getNamedModel(Vocabulary.GRAPH_EXPLANATIONS)));
    }

    @Test
    void aRecordIsNeverPairedWithAnotherPatientsAnswer() {
        CohortDataset cohort = CohortDataset.create(Cohort.mcrc().knowledgeBase(), CohortDataset.Explanations.NONE);
        PatientRecord first = Cohort.records().get(0), second = Cohort.records().get(1);
        assertThrows(IllegalArgumentException.class, () -> cohort.add(first, Cohort.answers().get(second.id()), null));
        assertTrue(cohort.isEmpty());
    }
}
