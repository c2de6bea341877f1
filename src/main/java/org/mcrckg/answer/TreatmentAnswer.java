package org.mcrckg.answer;

import java.util.List;
import java.util.Optional;
import org.mcrckg.ontology.Status;

/**
 * The answer for one patient and one procedure key (docs/patient-record.md §2).
 *
 * @param procedure the contract procedure key
 * @param status the status
 * @param rules the ids of the rules that decided it (for {@link Basis#NO_INDICATION_MET}, the refuted indications)
 * @param evidence the ids of the evidence statements behind those rules
 * @param missing for undetermined answers, the record fields that would help settle it; for
 *                not_indicated, those of the undecided rules against it (empty for the other statuses)
 * @param provisional for undetermined answers, the status a rule already gives if the open rules turn out not to apply
 * @param basis why the status is what it is
 */
public record TreatmentAnswer(String procedure, Status status, List<String> rules, List<String> evidence,
                              List<String> missing, Optional<Status> provisional, Basis basis) {
    public TreatmentAnswer {
        rules = List.copyOf(rules);
        evidence = List.copyOf(evidence);
        missing = List.copyOf(missing);
    }
}
