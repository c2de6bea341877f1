package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.engine.main.QC;
import org.junit.jupiter.api.Test;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.query.QueryCatalog;
import org.mcrckg.query.QueryRunner;
import org.mcrckg.rdf.CohortDataset;
import org.mcrckg.rdf.CohortDataset.Explanations;
import org.mcrckg.store.GuardedOpExecutor;
import org.mcrckg.support.Cohort;

/** bench/applicable-treatments-one-patient.rq gives exactly applicable-treatments' rows for that patient, in order. */
class OnePatientQueryTest {
    @Test
    void theBenchmarkVariantAnswersAsTheShippedQueryDoes() throws IOException {
        KnowledgeBase kb = Cohort.mcrc().knowledgeBase();
        CohortDataset cohort = CohortDataset.create(kb, Explanations.NONE);
        for (PatientRecord r : Cohort.records()) cohort.add(r, Cohort.answers().get(r.id()), null);
        Dataset ds = cohort.dataset();
        // as the store does: without it Jena 5.6.0 fails on a patient with no applicable treatment (apache/jena#3516)
        QC.setFactory(ds.getContext(), GuardedOpExecutor.FACTORY);
        List<Map<String, String>> all = QueryRunner.select(QueryCatalog.load("applicable-treatments"), ds);
        String variant = Files.readString(Path.of("bench/applicable-treatments-one-patient.rq"));
        // every patient of the example cohort, and one that is not there
        List<String> ids = new java.util.ArrayList<>(Cohort.records().stream().map(r -> r.id()).toList());
        ids.add("NOBODY");
        for (String id : ids) {
            List<Map<String, String>> want = all.stream().filter(r -> id.equals(r.get("patient"))).toList();
            assertEquals(want, QueryRunner.select(variant.replace("PATIENT_ID", id), ds), id);
        }
        assertFalse(all.stream().noneMatch(r -> "V01".equals(r.get("patient"))), "V01 has applicable treatments");
    }
}
