package org.mcrckg.patient;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.FieldType;
import org.mcrckg.ontology.KnowledgeBase;

/**
 * Turns raw records into validated ones. Types, ranges and allowed words are those of the data
 * property ranges in the ontology, so an editor who narrows a range in Protégé narrows it here.
 * Applies the {@code staging_complete} closure to the fields the ontology marks
 * {@code mcrc:closedByCompleteStaging}.
 */
public final class RecordValidator {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern EXPONENT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)[eE][+-]?\\d+");
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "1");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "0");
    private static final String STAGING_COMPLETE = "staging_complete";

    private final KnowledgeBase kb;

    public RecordValidator(KnowledgeBase kb) { this.kb = kb; }

    /** Validates one record; adds its errors to {@code errors} and returns null if it has any. */
    public PatientRecord validate(RawRecord raw, List<DataError> errors) {
        int before = errors.size();
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, String> e : raw.values().entrySet()) {
            String name = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().strip();
            Field f = kb.fields().get(name);
            if (f == null) {
                String shown = InputLimits.shown(name);
                errors.add(new DataError("data#unknown-field", raw.locationOf(name), shown,
                        "unknown field '" + shown + "'" + (name.length() > InputLimits.MAX_CELL_CHARS ? "" : suggestion(name))
                                + "; the fields are those of docs/patient-record.md"));
                continue;
            }
            if (v.isEmpty()) continue;  // missing means unknown
            if (!withinLimits(f, v, raw.locationOf(name), errors)) continue;
            String canonical = canonical(f, v, raw.locationOf(name), errors);
            if (canonical != null) values.put(name, canonical);
        }
        String id = values.get("patient_id");
        if (id == null && errors.size() == before) {
            errors.add(new DataError("data#missing-patient-id", raw.location(), "patient_id", "patient_id is required"));
        }
        // a field that may not exceed another (OWL cannot compare two values); only values written in the record are compared
        kb.fieldCeilings().forEach((field, ceiling) -> {
            String v = values.get(field), c = values.get(ceiling);
            if (v != null && c != null && new BigDecimal(v).compareTo(new BigDecimal(c)) > 0) {
                errors.add(new DataError("data#exceeds-field", raw.locationOf(field), field,
                        "'" + v + "' is larger than " + ceiling + " (" + c + "): " + field + " counts part of what " + ceiling + " counts"));
            }
        });
        if (errors.size() > before) return null;
        Set<String> closed = new HashSet<>();
        if ("true".equals(values.get(STAGING_COMPLETE))) {
            for (Field f : kb.fields().values()) {
                if (f.closedByCompleteStaging() && !values.containsKey(f.name()) && !raw.notClosed().contains(f.name())) {
                    values.put(f.name(), f.closureValue());
                    closed.add(f.name());
                }
            }
        }
        return new PatientRecord(id, values, closed, raw.location());
    }

    /** Validates a whole file's records: duplicates are errors; throws if anything is wrong. */
    public List<PatientRecord> validateAll(List<RawRecord> raws) {
        List<DataError> errors = new ArrayList<>();
        List<PatientRecord> out = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (RawRecord r : raws) {
            PatientRecord p = validate(r, errors);
            if (p == null) continue;
            SourceLocation prev = seen.putIfAbsent(p.id(), p.location());
            if (prev != null) {
                errors.add(new DataError("data#duplicate-patient-id", r.locationOf("patient_id"), "patient_id",
                        "patient_id '" + InputLimits.shown(p.id()) + "' is used twice (first at " + prev + ")"));
            }
            out.add(p);
        }
        if (!errors.isEmpty()) throw new DataErrorException(errors);
        return out;
    }

    /**
     * The checks made before a value is parsed ({@link InputLimits}): its length, the length of a
     * number written out, and the characters of a text. Adds an error and returns false if one fails.
     */
    static boolean withinLimits(Field f, String v, SourceLocation loc, List<DataError> errors) {
        boolean number = f.type() == FieldType.INTEGER || f.type() == FieldType.DECIMAL;
        int max = number ? InputLimits.MAX_NUMBER_CHARS : f.name().equals("patient_id") ? InputLimits.MAX_ID_CHARS : InputLimits.MAX_CELL_CHARS;
        if (v.length() > max) {
            errors.add(new DataError("data#too-long", loc, f.name(), "'" + InputLimits.shown(v) + "' is too long: at most " + max + " characters"
                    + (number ? " for a number" : "")));
            return false;
        }
        if (number && EXPONENT.matcher(v).matches()) {
            // only the exponent is long: 1e999999999 written out has a billion digits
            long plain = InputLimits.plainLength(new BigDecimal(v));
            if (plain > InputLimits.MAX_NUMBER_CHARS) {
                errors.add(new DataError("data#too-long", loc, f.name(), "'" + InputLimits.shown(v) + "' written out has " + plain
                        + " characters: at most " + InputLimits.MAX_NUMBER_CHARS + " for a number"));
                return false;
            }
        }
        if (f.type() == FieldType.TEXT) {
            int bad = InputLimits.badCharacter(v);
            if (bad >= 0) {
                errors.add(new DataError("data#bad-character", loc, f.name(), "'" + InputLimits.shown(v) + "' has a character that is not allowed at position "
                        + (bad + 1) + String.format(Locale.ROOT, " (U+%04X)", v.codePointAt(bad)) + ": no control characters (tab and line breaks included), only characters XML 1.0 allows"));
                return false;
            }
        }
        return true;
    }

    String canonical(Field f, String v, SourceLocation loc, List<DataError> errors) {
        switch (f.type()) {
            case TEXT:
                return v;
            case WORD:
                if (f.words().contains(v)) return v;
                String lower = v.toLowerCase(Locale.ROOT);
                String hint = f.words().contains(lower) ? " (write it in lower case: '" + lower + "')" : "";
                errors.add(new DataError("data#unknown-word", loc, f.name(), "'" + InputLimits.shown(v) + "' is not allowed" + hint + ": " + f.allowedValues()));
                return null;
            case BOOLEAN:
                String b = v.toLowerCase(Locale.ROOT);
                if (TRUE_WORDS.contains(b)) return "true";
                if (FALSE_WORDS.contains(b)) return "false";
                errors.add(new DataError("data#not-a-boolean", loc, f.name(), "'" + InputLimits.shown(v) + "' is not a boolean: " + f.allowedValues()));
                return null;
            case INTEGER:
            case DECIMAL:
                if (!DECIMAL.matcher(v).matches()) {
                    String commaHint = v.matches("[+-]?\\d+,\\d+") ? " (decimals use '.', not ',')" : "";
                    errors.add(new DataError(f.type() == FieldType.INTEGER ? "data#not-an-integer" : "data#not-a-decimal", loc, f.name(),
                            "'" + InputLimits.shown(v) + "' is not " + (f.type() == FieldType.INTEGER ? "an integer" : "a decimal number") + commaHint + ": " + f.allowedValues()));
                    return null;
                }
                BigDecimal d = new BigDecimal(v);
                if (f.type() == FieldType.INTEGER) {
                    // 3.0 is accepted: exports from data frames write whole numbers that way
                    if (d.stripTrailingZeros().scale() > 0) {
                        errors.add(new DataError("data#not-an-integer", loc, f.name(), "'" + InputLimits.shown(v) + "' is not an integer: " + f.allowedValues()));
                        return null;
                    }
                    d = d.setScale(0);
                }
                if (!inRange(f, d)) {
                    errors.add(new DataError("data#out-of-range", loc, f.name(), "'" + InputLimits.shown(v) + "' is out of range: " + f.allowedValues()));
                    return null;
                }
                return f.type() == FieldType.INTEGER ? d.toBigIntegerExact().toString() : plain(d);
            default:
                throw new IllegalStateException(f.type().toString());
        }
    }

    private static String plain(BigDecimal d) {
        String s = d.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    private static boolean inRange(Field f, BigDecimal d) {
        if (f.min() != null) {
            int c = d.compareTo(f.min());
            if (c < 0 || (c == 0 && !f.minInclusive())) return false;
        }
        if (f.max() != null) {
            int c = d.compareTo(f.max());
            if (c > 0 || (c == 0 && !f.maxInclusive())) return false;
        }
        return true;
    }

    private String suggestion(String name) {
        return FieldNames.suggestion(name, kb.fields().keySet());
    }
}
