package org.mcrckg.reasoning;

import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;

/** Classifies one patient at a time. Not thread-safe: one instance per worker thread. */
public interface Classifier extends AutoCloseable {
    default PatientAnswer classify(PatientRecord record) { return classify(record, Materialisation.ANSWER_CLASSES); }

    PatientAnswer classify(PatientRecord record, Materialisation materialisation);

    @Override
    void close();
}
