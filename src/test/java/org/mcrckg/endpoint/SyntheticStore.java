package org.mcrckg.endpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.rdf.CohortDataset;
import org.mcrckg.rdf.CohortDataset.Explanations;
import org.mcrckg.reasoning.Materialisation;
import org.mcrckg.store.PatientStore;

/**
 * A store of any size for measuring queries (bench/endpoint.sh with {@code SYNTHETIC=N}): the
 * example cohort is classified once, then its records and answers are written {@code N} times
 * under new ids ({@code S0000042-V21}), 1,000 patients per transaction, through
 * {@link PatientStore#replace(CohortDataset)}. The store has the shape a real load of N such patients gives,
 * summary graph and its counts included (replace keeps them), without hours of classification. It
 * is not compacted (that would take about as long again).
 *
 * <pre>{@code java -cp target/test-classes:target/classes:<dependencies> org.mcrckg.endpoint.SyntheticStore DIR N}</pre>
 */
public final class SyntheticStore {
    private SyntheticStore() {}

    public static void main(String[] args) {
        if (args.length != 2) throw new IllegalArgumentException("usage: SyntheticStore DIR N");
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Mcrc mcrc = Mcrc.load(Path.of("ontology/mcrc.owl"));
        List<PatientRecord> records = mcrc.read(List.of(Path.of("ontology/examples/cohort.csv")));
        List<PatientAnswer> answers = mcrc.classifyAll(records, Runtime.getRuntime().availableProcessors(), Materialisation.ALL_DEFINED_CLASSES);
        long t0 = System.nanoTime();
        try (PatientStore store = PatientStore.open(dir)) {
            store.replaceOntology(CohortDataset.ontology(mcrc.knowledgeBase()));
            CohortDataset batch = CohortDataset.create(mcrc.knowledgeBase(), Explanations.NONE);
            for (int i = 0; i < n; i++) {
                PatientRecord r = records.get(i % records.size());
                PatientAnswer a = answers.get(i % records.size());
                String id = String.format(Locale.ROOT, "S%07d-%s", i, r.id());
                Map<String, String> values = new TreeMap<>(r.values());
                values.put("patient_id", id);
                batch.add(new PatientRecord(id, values, r.closedFields(), r.location()),
                        new PatientAnswer(id, a.consistent(), a.explanation(), a.treatments(), a.tags(), a.entailedClasses()), null);
                if (batch.size() == 1000 || i == n - 1) {
                    store.replace(batch);
                    batch = CohortDataset.create(mcrc.knowledgeBase(), Explanations.NONE);
                }
            }
            System.out.printf(Locale.ROOT, "synthetic store: %d patients written in %.1f s; the store holds %d patients%n",
                    n, (System.nanoTime() - t0) / 1e9, store.patientCount());
        }
    }
}
