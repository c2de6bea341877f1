package org.mcrckg.answer;

import java.util.List;
import java.util.Optional;

/**
 * Everything the reasoner proved about one patient.
 *
 * @param id the patient_id
 * @param consistent false when the record contradicts the ontology; then there are no treatments
 * @param explanation for an inconsistent record, the facts that together contradict the ontology
 * @param treatments one answer per procedure key, in the contract's order
 * @param tags prognostic and caution tags proven for the patient, sorted
 * @param entailedClasses IRIs of the defined classes the patient is proven to belong to, sorted
 */
public record PatientAnswer(String id, boolean consistent, List<String> explanation, List<TreatmentAnswer> treatments,
                            List<String> tags, List<String> entailedClasses) {
    public PatientAnswer {
        explanation = List.copyOf(explanation);
        treatments = List.copyOf(treatments);
        tags = List.copyOf(tags);
        entailedClasses = List.copyOf(entailedClasses);
    }

    /** The answer for one procedure key. */
    public Optional<TreatmentAnswer> treatment(String procedureKey) {
        return treatments.stream().filter(t -> t.procedure().equals(procedureKey)).findFirst();
    }
}
