package org.mcrckg;

import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.patient.PatientRecord;

/**
 * One patient of a {@link CohortRun}: its validated record, its answer and, when the run explains
 * ({@link CohortRun#explain}), the explanation of its answers.
 *
 * @param record      the record as validated
 * @param answer      the reasoner's answer, with the class memberships the run's materialisation asks for
 * @param explanation the explanation of the answers, or null when the run does not explain
 */
public record ClassifiedPatient(PatientRecord record, PatientAnswer answer, PatientExplanation explanation) {
    public String id() { return record.id(); }
}
