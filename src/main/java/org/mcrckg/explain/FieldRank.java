package org.mcrckg.explain;

/**
 * A missing field and how many undetermined answers of the patient it would decide on its own.
 *
 * @param field the missing field
 * @param settles answers it decides whatever its value
 * @param maySettle further answers it decides for some of its values
 */
public record FieldRank(String field, int settles, int maySettle) {}
