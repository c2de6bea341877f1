package org.mcrckg.patient;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelled field names. */
final class FieldNames {
    private FieldNames() {}

    static String suggestion(String name, Collection<String> fields) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String f : fields) {
            int d = distance(name.toLowerCase(Locale.ROOT), f);
            if (d < bestD) { bestD = d; best = f; }
        }
        return best != null && bestD <= Math.max(2, name.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
