package org.mcrckg.patient;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record as read, before validation: field name to the value exactly as written (absent or
 * null = unknown), with where each value came from.
 */
public record RawRecord(SourceLocation location, Map<String, String> values, Map<String, SourceLocation> valueLocations) {
    public RawRecord {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        valueLocations = Map.copyOf(valueLocations);
    }

    public SourceLocation locationOf(String field) {
        return valueLocations.getOrDefault(field, location);
    }
}
