package org.mcrckg.reasoning;

import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;

/** Classifies one patient at a time. Not thread-safe: one instance per worker thread. */
public interface Classifier extends AutoCloseable {
    default PatientAnswer classify(PatientRecord record) { return classify(record, Materialisation.ANSWER_CLASSES); }

    PatientAnswer classify(PatientRecord record, Materialisation materialisation);

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
