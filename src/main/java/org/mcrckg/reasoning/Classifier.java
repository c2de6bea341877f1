package org.mcrckg.reasoning;

import java.util.List;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;

/** Classifies one patient at a time. Not thread-safe: one instance per worker thread. */
public interface Classifier extends AutoCloseable {
    default PatientAnswer classify(PatientRecord record) { return classify(record, Materialisation.ANSWER_CLASSES); }

    PatientAnswer classify(PatientRecord record, Materialisation materialisation);

    /**
     * Answers for many records, in the records' order: one at a time, unless the engine reasons
     * over them together (the naive baseline, which puts the whole cohort in one ontology).
     */
    default List<PatientAnswer> classifyAll(List<PatientRecord> records, Materialisation materialisation) {
        return records.stream().map(r -> classify(r, materialisation)).toList();
    }

    /**
     * HermiT's three-valued answer for one named class (a rule, a tag, a derived score) and a
     * consistent record: what explanations ask about records with facts removed.
     *
     * @throws IllegalArgumentException if the record contradicts the ontology (every class would be both)
     */
    Truth truth(PatientRecord record, String classIri);

    @Override
    void close();
}
