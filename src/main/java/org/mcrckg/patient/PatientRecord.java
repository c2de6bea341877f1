package org.mcrckg.patient;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A validated patient record: every value is in its canonical form (integers without leading
 * zeros, decimals as plain numbers, booleans {@code true}/{@code false}, enumeration words).
 * A field that is absent is unknown. Fields filled in by the {@code staging_complete} closure are
 * present and listed in {@code closedFields}.
 *
 * @param id the patient_id
 * @param values canonical values by field name (includes patient_id)
 * @param closedFields fields whose value comes from the staging_complete closure, not from the file
 * @param location where the record came from
 */
public record PatientRecord(String id, Map<String, String> values, Set<String> closedFields, SourceLocation location) {
    public PatientRecord {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
        closedFields = Set.copyOf(closedFields);
    }

    public Optional<String> value(String field) { return Optional.ofNullable(values.get(field)); }

    public boolean isKnown(String field) { return values.containsKey(field); }
}
