package org.mcrckg.explain;

import java.util.List;
import java.util.Optional;

/**
 * One class that decided a treatment's status, and why it holds for this patient.
 *
 * @param role what it did for the status
 * @param classIri the class (a rule, or a procedure's applicability class)
 * @param rule the rule id, if the class is a rule
 * @param label its rdfs:label
 * @param justifications minimal sets of facts that prove it (refute it, for {@link Role#RULED_OUT} and
 *                       {@link Role#NOT_APPLICABLE}); none for {@link Role#UNDECIDED}
 * @param missing for {@link Role#UNDECIDED}, the absent fields under its undecided parts
 * @param evidence the evidence behind the rule and the defining rules it builds on, sorted by id
 */
public record Reason(Role role, String classIri, Optional<String> rule, String label, List<Justification> justifications,
                     List<String> missing, List<EvidenceRef> evidence) {
    public Reason {
        justifications = List.copyOf(justifications);
        missing = List.copyOf(missing);
        evidence = List.copyOf(evidence);
    }
}
