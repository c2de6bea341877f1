package org.mcrckg.diff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts of a diff.
 *
 * @param patients patients compared
 * @param patientsUnchanged patients none of whose answers or tags changed
 * @param answers answers compared (patients times procedure keys)
 * @param answersUnchanged answers with the same status, provisional status, rules and missing fields
 * @param transitions per procedure key (in report order), from-status to to-status to the number of
 *     patients; the diagonal counts the answers whose status stayed (they may still have changed rules
 *     or missing fields)
 */
public record DiffSummary(long patients, long patientsUnchanged, long answers, long answersUnchanged,
                          Map<String, Map<String, Map<String, Long>>> transitions) {
    public DiffSummary {
        transitions = Collections.unmodifiableMap(new LinkedHashMap<>(transitions));
    }

    /** Answers whose status changed (off the diagonal of every matrix). */
    public long statusChanges() {
        long n = 0;
        for (var from : transitions.values()) {
            for (var e : from.entrySet()) {
                for (var to : e.getValue().entrySet()) if (!to.getKey().equals(e.getKey())) n += to.getValue();
            }
        }
        return n;
    }
}
