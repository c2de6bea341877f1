package org.mcrckg.patient;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A record as read, before validation: field name to the value exactly as written (absent or
 * null = unknown), with where each value came from.
 *
 * @param notClosed fields that the {@code staging_complete} closure must leave unknown even when
 *                  empty: the source says there is disease at that site but not how much (a FHIR
 *                  metastasis Condition without a lesion count), so "none" would be false
 */
public record RawRecord(SourceLocation location, Map<String, String> values, Map<String, SourceLocation> valueLocations,
                        Set<String> notClosed) {
    public RawRecord {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        valueLocations = Map.copyOf(valueLocations);
        notClosed = Set.copyOf(notClosed);
    }

    public RawRecord(SourceLocation location, Map<String, String> values, Map<String, SourceLocation> valueLocations) {
        this(location, values, valueLocations, Set.of());
    }

    public SourceLocation locationOf(String field) {
        return valueLocations.getOrDefault(field, location);
    }
}
