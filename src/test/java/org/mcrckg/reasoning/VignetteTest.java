package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/**
 * The brief's vignettes and our own, as name-paired fixtures: {@code vignettes/X.csv} (a contract
 * CSV with one patient) and {@code vignettes/X.expected}, whose lines are
 * <ul>
 *   <li>{@code <procedure> <status> [rule ids]}: the status, and rule ids the answer must name;</li>
 *   <li>{@code tag <word>} / {@code !tag <word>}: a tag that must / must not be reported;</li>
 *   <li>{@code missing <procedure> <fields...>}: the exact missing fields of an undetermined answer;</li>
 *   <li>{@code inconsistent <fields...>}: the record is inconsistent and the explanation names these fields.</li>
 * </ul>
 * Each vignette patient is also in the example cohort, with the same record (checked below).
 */
class VignetteTest {
    static final Path DIR = Path.of("src/test/resources/vignettes");

    static Stream<String> vignettes() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected"))
                    .map(n -> n.substring(0, n.length() - ".expected".length())).sorted().toList();
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vignettes")
    void answersAsExpected(String name) throws IOException {
        PatientRecord record = Cohort.mcrc().read(List.of(DIR.resolve(name + ".csv"))).get(0);
        PatientAnswer a = Cohort.mcrc().classify(record);
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve(name + ".expected"))) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "tag" -> { if (!a.tags().contains(w[1])) failures.add("tag " + w[1] + " missing; tags " + a.tags()); }
                case "!tag" -> { if (a.tags().contains(w[1])) failures.add("unwanted tag " + w[1]); }
                case "missing" -> {
                    TreatmentAnswer t = treatment(a, w[1]);
                    List<String> want = Arrays.asList(w).subList(2, w.length);
                    if (!new TreeSet<>(t.missing()).equals(new TreeSet<>(want))) failures.add(w[1] + ": missing " + t.missing() + ", expected " + want);
                }
                case "inconsistent" -> {
                    if (a.consistent()) { failures.add("expected an inconsistent record"); break; }
                    for (String f : Arrays.asList(w).subList(1, w.length)) {
                        if (a.explanation().stream().noneMatch(e -> e.startsWith(f + " = "))) failures.add("explanation " + a.explanation() + " does not name " + f);
                    }
                }
                default -> {
                    TreatmentAnswer t = treatment(a, w[0]);
                    if (!t.status().word().equals(w[1])) failures.add(w[0] + ": " + t.status() + " " + t.rules() + " (" + t.basis() + ", missing " + t.missing() + "), expected " + w[1]);
                    for (String rule : Arrays.asList(w).subList(2, w.length)) {
                        if (!t.rules().contains(rule)) failures.add(w[0] + ": rules " + t.rules() + " do not name " + rule);
                    }
                }
            }
        }
        if (!failures.isEmpty()) fail(name + ":\n  " + String.join("\n  ", failures));
    }

    private static TreatmentAnswer treatment(PatientAnswer a, String key) {
        assertTrue(a.consistent(), a.id() + " is inconsistent: " + a.explanation());
        return a.treatment(key).orElseThrow(() -> new AssertionError("no answer for " + key));
    }

    @ParameterizedTest(name = "{0} is in the example cohort")
    @MethodSource("vignettes")
    void cohortHoldsTheSameRecord(String name) {
        PatientRecord fixture = Cohort.mcrc().read(List.of(DIR.resolve(name + ".csv"))).get(0);
        PatientRecord inCohort = Cohort.records().stream().filter(r -> r.id().equals(fixture.id())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in " + Cohort.COHORT));
        assertEquals(fixture.values(), inCohort.values());
    }

    @Test
    void everyCohortPatientIsAVignette() throws IOException {
        List<String> names = vignettes().toList();
        for (PatientRecord r : Cohort.records()) assertTrue(names.contains(r.id()), r.id() + " has no expected answers in " + DIR);
    }

    @Test
    void everyAnswerHasEveryProcedureKeyOnce() {
        for (PatientAnswer a : Cohort.answers().values()) {
            if (!a.consistent()) {
                assertTrue(a.treatments().isEmpty());
                assertFalse(a.explanation().isEmpty());
                continue;
            }
            assertEquals(Cohort.mcrc().procedures().stream().map(p -> p.key()).toList(), a.treatments().stream().map(TreatmentAnswer::procedure).toList());
            for (TreatmentAnswer t : a.treatments()) {
                switch (t.status()) {
                    case RECOMMENDED, CONSIDER, NOT_RECOMMENDED -> {
                        assertFalse(t.rules().isEmpty(), a.id() + " " + t.procedure() + " names no rule");
                        assertFalse(t.evidence().isEmpty(), a.id() + " " + t.procedure() + " names no evidence");
                        assertTrue(t.missing().isEmpty());
                    }
                    case NOT_INDICATED -> {
                        // the refuted indications (or a not_indicated rule) and their evidence; missing only
                        // names fields of rules against it that are still open
                        assertFalse(t.rules().isEmpty(), a.id() + " " + t.procedure() + " names no rule");
                        assertFalse(t.evidence().isEmpty(), a.id() + " " + t.procedure() + " names no evidence");
                    }
                    case NOT_APPLICABLE -> assertTrue(t.rules().isEmpty() && t.missing().isEmpty());
                    case UNDETERMINED -> assertTrue(t.rules().isEmpty());
                }
            }
        }
    }
}
