package org.mcrckg.fhir;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * Values, times and paths repeat across patients ("true", one effective date, "Observation.valueBoolean"),
     * and every candidate is held until all files are read (the chosen ones until the run ends): one
     * copy of each, up to a bound, keeps the facts of a 10,000-patient export small.
     */
    private static final int SHARED_MAX = 1 << 14;
    private static final Map<Object, Object> SHARED = new ConcurrentHashMap<>();

    Candidate {
        value = shared(value);
        when = shared(when);
        if (where != null && where.path() != null) {
            String p = shared(where.path());
            if (p != where.path()) where = new SourceLocation(where.file(), where.line(), p);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T shared(T x) {
        if (x == null) return null;
        Object s = SHARED.get(x);
        if (s != null) return (T) s;
        if (SHARED.size() >= SHARED_MAX) return x;
        s = SHARED.putIfAbsent(x, x);
        return s == null ? x : (T) s;
    }

    /** Later first; a value without a time is older than any value with one. */
    static int newestFirst(Candidate a, Candidate b) {
        if (a.when == null) return b.when == null ? 0 : 1;
        if (b.when == null) return -1;
        return b.when.compareTo(a.when);
    }
}
