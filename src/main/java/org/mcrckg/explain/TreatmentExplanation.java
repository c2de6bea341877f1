package org.mcrckg.explain;

import java.util.List;
import org.mcrckg.answer.TreatmentAnswer;

/**
 * Why one treatment answer has its status.
 *
 * @param answer the answer explained
 * @param reasons the classes that decided it, each with its justification and evidence
 * @param settledBy for an undetermined answer, the minimal sets of missing fields that would decide it whatever
 *                  their values (sorted by size, then by name); empty otherwise
 * @param complete false when the time budget ran out before the search finished (what was found is kept)
 */
public record TreatmentExplanation(TreatmentAnswer answer, List<Reason> reasons, List<List<String>> settledBy, boolean complete) {
    public TreatmentExplanation {
        reasons = List.copyOf(reasons);
        settledBy = settledBy.stream().map(List::copyOf).toList();
    }

    public String procedure() { return answer.procedure(); }
}
