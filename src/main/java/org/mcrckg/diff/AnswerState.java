package org.mcrckg.diff;

import java.util.List;
import java.util.Optional;

/**
 * One side of a changed answer, as the diff compares it. Status words are the contract's strings
 * (not an enum), so a status added to the knowledge flows through the diff unchanged.
 *
 * @param status the status word; {@code inconsistent} when the record contradicts that side's
 *     ontology, {@code absent} when that side has no such procedure key, empty for a tags row
 * @param provisional the provisional status of an undetermined answer, if any
 * @param rules the ids of the rules behind the status
 * @param missing the fields that would help settle an undetermined answer
 * @param tags the patient's tags (tags rows only; empty otherwise)
 */
public record AnswerState(String status, Optional<String> provisional, List<String> rules, List<String> missing, List<String> tags) {
    public AnswerState {
        rules = List.copyOf(rules);
        missing = List.copyOf(missing);
        tags = List.copyOf(tags);
    }
}
