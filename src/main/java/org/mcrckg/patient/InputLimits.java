package org.mcrckg.patient;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The sizes and characters a record's cells may have, checked before a value is parsed, and how
 * values are shown in messages. A 45-byte JSON file with {@code 1e999999999} ran {@code classify}
 * out of memory (the number written out has a billion digits); a CSV cell of a million digits
 * took 24 s to validate; a control character in {@code patient_id} crashed the reasoner.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>at most</th><th>error</th></tr>
 *   <tr><td>a number (integer or decimal field), as written and written out without exponent</td><td>{@value #MAX_NUMBER_CHARS} characters</td><td>{@code data#too-long}</td></tr>
 *   <tr><td>{@code patient_id}</td><td>{@value #MAX_ID_CHARS} characters</td><td>{@code data#too-long}</td></tr>
 *   <tr><td>any other cell</td><td>{@value #MAX_CELL_CHARS} characters</td><td>{@code data#too-long}</td></tr>
 *   <tr><td>a text cell ({@code patient_id})</td><td>characters XML 1.0 allows, no control characters (tab and line breaks included)</td><td>{@code data#bad-character}</td></tr>
 * </table>
 */
public final class InputLimits {
    public static final int MAX_NUMBER_CHARS = 40;
    public static final int MAX_ID_CHARS = 128;
    public static final int MAX_CELL_CHARS = 1000;
    /** How much of a value a message quotes. */
    public static final int SHOWN_CHARS = 40;

    private InputLimits() {}

    /**
     * A value as a message quotes it: control characters escaped ({@code \u0007}), and when it is
     * longer than {@value #SHOWN_CHARS} characters its start and its length, for example
     * {@code 1234567890123456789012345678901234567890… (1000000 chars)}.
     */
    public static String shown(String v) {
        if (v == null) return "null";
        StringBuilder b = new StringBuilder(Math.min(v.length(), SHOWN_CHARS) + 24);
        int n = Math.min(v.length(), SHOWN_CHARS);
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029') b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        if (v.length() > SHOWN_CHARS) b.append("… (").append(v.length()).append(" chars)");
        return b.toString();
    }

    /** The index of the first character of {@code s} that XML 1.0 forbids or that is a control character, or -1. */
    public static int badCharacter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean ok = cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f) && cp != 0x2028 && cp != 0x2029
                    && !(cp >= 0xd800 && cp <= 0xdfff) && cp != 0xfffe && cp != 0xffff;
            if (!ok) return i;
            i += Character.charCount(cp);
        }
        return -1;
    }

    /**
     * How many characters the number has written out without an exponent (sign and point
     * included), computed without writing it out.
     */
    public static long plainLength(BigDecimal d) {
        long digits = d.precision();
        long scale = d.scale();
        long len = scale <= 0 ? digits - scale : Math.max(digits, scale + 1) + 1;
        return len + (d.signum() < 0 ? 1 : 0);
    }
}
