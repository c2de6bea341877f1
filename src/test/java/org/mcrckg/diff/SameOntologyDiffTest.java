package org.mcrckg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrckg.Mcrc;
import org.mcrckg.generate.CohortGenerator;
import org.mcrckg.support.Cohort;

/**
 * A property: the same ontology on both sides gives an empty diff, whatever the cohort. The two
 * sides are independent knowledge bases (two loads, two caches, two sets of reasoners), so this also
 * checks that the fast engine answers the same patient the same way whatever it met before.
 * Generated cohorts (with their contradictory records) stream through the files path on 2 workers.
 */
class SameOntologyDiffTest {
    @TempDir
    static Path dir;

    static Differ differ;

    @BeforeAll
    static void load() {
        differ = Mcrc.differ(Mcrc.load(Cohort.ONTOLOGY), Mcrc.load(Cohort.ONTOLOGY));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void sameOntologyGivesAnEmptyDiff(long seed) throws IOException {
        int n = 300;
        Path csv = dir.resolve("generated-" + seed + ".csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            new CohortGenerator(seed).write(n, w);
        }
        assertEquals(n, differ.validate(List.of(csv), 2));  // with the warm-up on a second thread
        List<AnswerChange> rows = new ArrayList<>();
        DiffSummary s = differ.compareFiles(List.of(csv), 2, rows::add);
        assertTrue(rows.isEmpty(), () -> rows.size() + " rows, first: " + rows.get(0));
        assertTrue(differ.changedTerms().isEmpty(), differ.changedTerms().toString());
        assertEquals(n, s.patients());
        assertEquals(n, s.patientsUnchanged());
        assertEquals(s.answers(), s.answersUnchanged());
        assertEquals(0, s.statusChanges());
        // the property is not vacuous: the cohort has answers of several statuses and contradictory records
        var hepatectomy = s.transitions().get("hepatectomy");
        assertTrue(hepatectomy.keySet().containsAll(List.of("recommended", "not_recommended", "undetermined")), hepatectomy.toString());
    }
}
