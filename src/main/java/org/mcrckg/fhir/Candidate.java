package org.mcrckg.fhir;

import java.time.Instant;
import org.mcrckg.patient.SourceLocation;

/**
 * One value for one record field, as one resource states it.
 *
 * @param value the value as a CSV cell would hold it (the validator checks it)
 * @param when the effective (or onset, performed, authored) time; null when the resource has none
 * @param where the FHIRPath-like location of the value
 * @param resource {@code Observation/abc}, for messages
 */
record Candidate(String value, Instant when, SourceLocation where, String resource) {
    /** Later first; a value without a time is older than any value with one. */
    static int newestFirst(Candidate a, Candidate b) {
        if (a.when == null) return b.when == null ? 0 : 1;
        if (b.when == null) return -1;
        return b.when.compareTo(a.when);
    }
}
