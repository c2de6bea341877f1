package org.mcrckg.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The option converters every command shares: one duration grammar, one way to read an enum's word. */
final class Converters {
    private Converters() {}

    /**
     * A positive duration: a number and a unit, {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 2m},
     * {@code 1h}; a bare number is seconds; ISO-8601 ({@code PT30S}) is read too.
     */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

        @Override
        public Duration convert(String v) {
            Duration d = parse(v.strip().toLowerCase(Locale.ROOT));
            if (d == null || d.isNegative() || d.isZero()) {
                throw new TypeConversionException("'" + v + "' is not a positive duration: write for example 500ms, 30s, 2m or 1h (a bare number is seconds)");
            }
            return d;
        }

        private static Duration parse(String s) {
            if (s.startsWith("pt")) {
                try {
                    return Duration.parse(s.toUpperCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    return null;
                }
            }
            Matcher m = P.matcher(s);
            if (!m.matches()) return null;
            double n = Double.parseDouble(m.group(1));
            long millis = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Math.round(n);
                case "m" -> Math.round(n * 60_000);
                case "h" -> Math.round(n * 3_600_000);
                default -> Math.round(n * 1000);
            };
            return Duration.ofMillis(millis);
        }
    }

    /**
     * An enum constant from its lower-case word ({@code table} for {@code TABLE}, {@code per-patient}
     * for {@code PER_PATIENT}); an unknown word is refused with the list of the known ones.
     */
    abstract static class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;
        private final String what;

        EnumConverter(Class<E> type, String what) {
            this.type = type;
            this.what = what;
        }

        @Override
        public E convert(String v) {
            String name = v.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) if (e.name().equals(name)) return e;
            throw new TypeConversionException("'" + v + "' is not " + what + ": use " + words());
        }

        /** "a, b or c" */
        private String words() {
            List<String> w = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
            return w.size() == 1 ? w.get(0) : String.join(", ", w.subList(0, w.size() - 1)) + " or " + w.get(w.size() - 1);
        }
    }
}
