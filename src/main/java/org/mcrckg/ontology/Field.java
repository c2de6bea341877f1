package org.mcrckg.ontology;

import java.math.BigDecimal;
import java.util.List;

/**
 * One field of the patient record (docs/patient-record.md §1), as the ontology declares it: a functional data
 * property annotated with {@code mcrc:recordField}, whose range gives the type and the allowed values.
 *
 * @param name the contract field name, for example {@code flr_percent}
 * @param iri the data property IRI
 * @param type how the value is written
 * @param min lower bound or null
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound or null
 * @param maxInclusive whether {@code max} itself is allowed
 * @param words the allowed words of an enumeration (empty otherwise), in the ontology's order
 * @param closedByCompleteStaging whether an empty value means "none" when staging is complete
 */
public record Field(String name, String iri, FieldType type, BigDecimal min, boolean minInclusive,
                    BigDecimal max, boolean maxInclusive, List<String> words, boolean closedByCompleteStaging) {

    public Field {
        words = List.copyOf(words);
    }

    /** The allowed values in words, for error messages: {@code "an integer from 0 to 4"}. */
    public String allowedValues() {
        return switch (type) {
            case BOOLEAN -> "true or false (yes/no, 1/0 are accepted)";
            case WORD -> "one of " + String.join(", ", words);
            case TEXT -> "any text";
            case INTEGER, DECIMAL -> {
                String kind = type == FieldType.INTEGER ? "an integer" : "a decimal number";
                if (min != null && max != null) {
                    yield kind + (minInclusive && maxInclusive ? " from " + min.toPlainString() + " to " + max.toPlainString()
                            : " " + (minInclusive ? ">= " : "> ") + min.toPlainString() + " and " + (maxInclusive ? "<= " : "< ") + max.toPlainString());
                }
                if (min != null) yield kind + (minInclusive ? " >= " : " > ") + min.toPlainString();
                if (max != null) yield kind + (maxInclusive ? " <= " : " < ") + max.toPlainString();
                yield kind;
            }
        };
    }

    /** The value a site field takes when staging is complete and the cell is empty. */
    public String closureValue() {
        return switch (type) {
            case INTEGER -> "0";
            case BOOLEAN -> "false";
            default -> throw new IllegalStateException(name + " is not closable: only integer counts and booleans are");
        };
    }
}
