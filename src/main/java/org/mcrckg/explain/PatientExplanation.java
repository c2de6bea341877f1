package org.mcrckg.explain;

import java.util.List;
import java.util.Optional;
import org.mcrckg.answer.PatientAnswer;

/**
 * The explanations of one patient's answers.
 *
 * @param answer the answer (for an inconsistent record, its {@code explanation} names the clashing facts)
 * @param treatments one explanation per procedure asked about, in the answer's order
 * @param nextMeasurements the patient's missing fields ranked by how many undetermined answers each settles alone
 *                         (then by how many it may settle, then by name); fields that settle none are left out
 * @param complete false when a time budget ran out somewhere
 */
public record PatientExplanation(PatientAnswer answer, List<TreatmentExplanation> treatments, List<FieldRank> nextMeasurements,
                                 boolean complete) {
    public PatientExplanation {
        treatments = List.copyOf(treatments);
        nextMeasurements = List.copyOf(nextMeasurements);
    }

    public String patientId() { return answer.id(); }

    public boolean consistent() { return answer.consistent(); }

    /** For an inconsistent record: the facts that cannot hold together, named by field. */
    public List<String> clash() { return answer.explanation(); }

    public Optional<TreatmentExplanation> treatment(String procedureKey) {
        return treatments.stream().filter(t -> t.procedure().equals(procedureKey)).findFirst();
    }
}
