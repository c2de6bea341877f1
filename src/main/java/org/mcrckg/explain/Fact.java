package org.mcrckg.explain;

/**
 * One fact of the patient record used by a justification.
 *
 * @param field the record field
 * @param value its canonical value
 * @param fromStagingClosure true when the value was not in the file but follows from {@code staging_complete = true}
 */
public record Fact(String field, String value, boolean fromStagingClosure) {
    /** {@code flr_percent = 25}, with the closure noted. */
    public String text() { return field + " = " + value + (fromStagingClosure ? " (from staging_complete = true)" : ""); }
}
