package org.mcrckg.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cohort of any size made of the example cohort's rows with new patient ids:
 * {@code G000042-V21} is the 43rd patient, a copy of row V21.
 */
public final class GeneratedCohort {
    private GeneratedCohort() {}

    public static List<String> write(Path csv, int n) throws IOException {
        List<String> lines = Files.readAllLines(Cohort.COHORT);
        List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String row = rows.get(i % rows.size());
            int comma = row.indexOf(',');
            String id = String.format("G%06d-%s", i, row.substring(0, comma));
            ids.add(id);
            out.add(id + row.substring(comma));
        }
        Files.write(csv, out);
        return ids;
    }

    /** The example row a generated id copies. */
    public static String template(String generatedId) { return generatedId.substring(generatedId.indexOf('-') + 1); }
}
