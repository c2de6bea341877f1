package org.mcrckg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.rdf.CohortDataset;
import org.mcrckg.rdf.CohortDataset.Explanations;
import org.mcrckg.support.Cohort;
import org.mcrckg.support.CountingForm;
import org.opentest4j.AssertionFailedError;

/**
 * The counts of the summary graph, which the dashboard's queries read instead of counting, equal
 * what the counting forms in those queries' headers count from the patients and answers: over the
 * example cohort, after patients are replaced by others and removed, after compaction, and for a
 * store written before the counts existed (counted when opened).
 */
class SummaryGraphTest {
    @TempDir
    Path dir;

    /** Every summary-reading query gives the rows of its counting form, and the stored counts are those counted afresh. */
    static void assertCountsExact(PatientStore s, String when) {
        for (String q : CountingForm.SUMMARY_QUERIES) {
            Map<Map<String, String>, Integer> read = CountingForm.rows(CountingForm.shipped(q), s.dataset());
            Map<Map<String, String>, Integer> counted = CountingForm.rows(CountingForm.of(q), s.dataset());
            assertEquals(counted, read, q + " " + when + ": the summary's counts differ from the counting form in its header");
        }
        PatientStoreTest.assertSummaryIsCountedAgain(s);
    }

    static PatientRecord renamed(PatientRecord r, String id) {
        Map<String, String> values = new TreeMap<>(r.values());
        values.put("patient_id", id);
        return new PatientRecord(id, values, r.closedFields(), r.location());
    }

    static PatientAnswer renamed(PatientAnswer a, String id) {
        return new PatientAnswer(id, a.consistent(), a.explanation(), a.treatments(), a.tags(), a.entailedClasses());
    }

    static CohortDataset cohort(List<PatientRecord> records) {
        CohortDataset c = CohortDataset.create(Cohort.mcrc().knowledgeBase(), Explanations.NONE);
        for (PatientRecord r : records) c.add(r, Cohort.answers().get(r.id()), null);
        return c;
    }

    @Test
    void countsStayExactThroughReplaceRemoveAndCompaction() {
        List<PatientRecord> records = Cohort.records();
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            s.replaceOntology(CohortDataset.ontology(Cohort.mcrc().knowledgeBase()));
            s.replace(cohort(records));
            assertFalse(s.summaryUpgrade().isPresent(), "a new store has nothing to upgrade");
            assertCountsExact(s, "after the example cohort was written");
            assertTrue(CountingForm.rows(CountingForm.shipped("cohort-evidence-levels-recommended"), s.dataset()).size() > 3,
                    "the example cohort has recommended answers on several levels of evidence");

            // 40 patients replaced by the record and answers of another patient (other sites, statuses, rules)
            CohortDataset swapped = CohortDataset.create(Cohort.mcrc().knowledgeBase(), Explanations.NONE);
            int n = records.size();
            for (int i = 0; i < 40; i++) {
                PatientRecord target = records.get(i), source = records.get((i * 7 + 61) % n);
                swapped.add(renamed(source, target.id()), renamed(Cohort.answers().get(source.id()), target.id()), null);
            }
            assertEquals(40, s.replace(swapped));
            assertCountsExact(s, "after 40 patients were replaced");

            // the first ten removed, one of them twice; one inconsistent patient removed too
            for (int i = 0; i < 10; i++) assertTrue(s.remove(records.get(i).id()));
            assertFalse(s.remove(records.get(0).id()));
            String inconsistent = records.stream().map(PatientRecord::id).filter(id -> !Cohort.answers().get(id).consistent()).findFirst().orElseThrow();
            assertTrue(s.remove(inconsistent));
            assertCountsExact(s, "after 11 patients were removed");

            // five written back, then one batch of stored (3, 4), removed (5 to 7) and new patients
            s.replace(cohort(records.subList(0, 5)));
            CohortDataset batch = cohort(records.subList(3, 8));
            PatientRecord source = records.get(20);
            batch.add(renamed(source, "NEW-1"), renamed(Cohort.answers().get(source.id()), "NEW-1"), null);
            assertEquals(2, s.replace(batch));
            assertCountsExact(s, "after a batch of stored, removed and new patients");

            s.compact();
            assertCountsExact(s, "after compaction");
        }
    }

    @Test
    void aStoreWithoutTheCountsIsCountedOnceWhenOpened() {
        Path store = dir.resolve("old");
        try (PatientStore s = PatientStore.open(store)) {
            s.replaceOntology(CohortDataset.ontology(Cohort.mcrc().knowledgeBase()));
            s.replace(cohort(Cohort.records()));
            // the summary graph as the previous version wrote it: the status counts only
            assertTrue(CountingForm.keepStatusCountsOnly(s.dataset()) > 0);
            assertThrows(AssertionFailedError.class, () -> assertCountsExact(s, "with the old summary"),
                    "the summary-reading queries are wrong over a store without the counts (else this test proves nothing)");
        }
        try (PatientStore s = PatientStore.open(store)) {
            assertTrue(s.summaryUpgrade().isPresent(), "opening counts the summary of an old store");
            assertCountsExact(s, "after the old store was opened");
        }
        try (PatientStore s = PatientStore.openExisting(store)) {
            assertFalse(s.summaryUpgrade().isPresent(), "once only");
        }
    }

    @Test
    void aDriftedCountIsCaught() {
        try (PatientStore s = PatientStore.open(dir.resolve("store"))) {
            s.replaceOntology(CohortDataset.ontology(Cohort.mcrc().knowledgeBase()));
            s.replace(cohort(Cohort.records().subList(0, 30)));
            assertCountsExact(s, "after 30 patients were written");
            // one patient's liver metastases deleted behind the store's back
            PatientRecord r = Cohort.records().subList(0, 30).stream().filter(x -> x.values().containsKey("liver_met_count")).findFirst().orElseThrow();
            Txn.executeWrite(s.dataset(), () -> s.dataset().asDatasetGraph().deleteAny(NodeFactory.createURI(Vocabulary.GRAPH_PATIENTS),
                    NodeFactory.createURI(org.mcrckg.rdf.RdfExport.patientIri(r.id())), NodeFactory.createURI(Vocabulary.NS + "liver_met_count"), Node.ANY));
            assertThrows(AssertionFailedError.class, () -> PatientStoreTest.assertSummaryIsCountedAgain(s));
            assertThrows(AssertionFailedError.class, () -> assertCountsExact(s, "after the change"));
            s.recountSummary();
            assertCountsExact(s, "after counting again");
        }
    }
}
