package org.mcrckg.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/**
 * Explanations of vignettes against golden files paired by name: {@code explanations/X.expected}
 * explains {@code vignettes/X.csv}. Each line is one finding ({@code <procedure> <role> <rule> facts
 * ...}, {@code ... compare ...}, {@code settled_by}, {@code next <field> <settles> <may_settle>}),
 * compared as a set, so a diff names exactly what changed. Regenerate after a deliberate change with
 * {@code mvn -o -q test -Dtest=ExplanationGoldenTest -Dexplanations.regenerate=true} and review the diff.
 *
 * <p>Besides the golden lines, invariants that hold for every explanation: facts are the record's
 * own, evidence of fired rules is exactly the answer's, missing and settling fields are missing.
 */
class ExplanationGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/explanations");
    static final Path VIGNETTES = Path.of("src/test/resources/vignettes");
    // generous: goldens must not depend on the machine's load
    static final ExplainOptions OPTIONS = ExplainOptions.defaults().withTimeout(Duration.ofMinutes(10));

    static Stream<String> goldens() throws IOException {
        try (Stream<Path> s = Files.list(GOLDEN)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected"))
                    .map(n -> n.substring(0, n.length() - ".expected".length())).sorted().toList().stream();
        }
    }

    static PatientExplanation explain(String name) {
        PatientRecord r = Cohort.mcrc().read(List.of(VIGNETTES.resolve(name + ".csv"))).get(0);
        return Cohort.mcrc().explain(r, null, OPTIONS);
    }

    /** The golden lines of an explanation, sorted. */
    static List<String> lines(PatientExplanation e) {
        Set<String> out = new TreeSet<>();
        if (!e.consistent()) e.clash().forEach(c -> out.add("inconsistent " + c));
        for (TreatmentExplanation t : e.treatments()) {
            TreatmentAnswer a = t.answer();
            String p = a.procedure();
            out.add(p + " " + a.status().word() + " " + a.basis().word() + a.provisional().map(s -> " provisional " + s.word()).orElse(""));
            for (Reason r : t.reasons()) {
                String head = p + " " + r.role().word() + " " + r.rule().orElse("<" + r.classIri().substring(r.classIri().lastIndexOf('/') + 1) + ">");
                if (!r.evidence().isEmpty()) out.add(head + " evidence " + String.join(" ", r.evidence().stream().map(EvidenceRef::id).toList()));
                if (!r.missing().isEmpty()) out.add(head + " missing " + String.join(" ", r.missing()));
                for (Justification j : r.justifications()) {
                    out.add(head + " facts " + String.join(", ", j.facts().stream().map(Fact::text).toList()));
                    j.comparisons().forEach(c -> out.add(head + " compare " + c));
                }
            }
            for (List<String> s : t.settledBy()) out.add(p + " settled_by " + String.join(" + ", s));
        }
        for (FieldRank r : e.nextMeasurements()) out.add("next " + r.field() + " settles " + r.settles() + " may_settle " + r.maySettle());
        return new ArrayList<>(out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void explanationAsExpected(String name) throws IOException {
        PatientExplanation e = explain(name);
        assertTrue(e.complete(), name + ": the search did not finish");
        invariants(name, e);
        List<String> got = lines(e);
        Path file = GOLDEN.resolve(name + ".expected");
        List<String> header = Files.readAllLines(file).stream().filter(l -> l.startsWith("#")).toList();
        if (Boolean.getBoolean("explanations.regenerate")) {
            List<String> all = new ArrayList<>(header);
            all.addAll(got);
            Files.write(file, all);
            return;
        }
        List<String> want = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
        List<String> extra = got.stream().filter(l -> !want.contains(l)).toList();
        List<String> lost = want.stream().filter(l -> !got.contains(l)).toList();
        if (!extra.isEmpty() || !lost.isEmpty()) {
            fail(name + ": explanation differs from " + file + "\n  not expected:\n    " + String.join("\n    ", extra)
                    + "\n  expected, missing:\n    " + String.join("\n    ", lost));
        }
    }

    private static void invariants(String name, PatientExplanation e) {
        PatientRecord r = Cohort.mcrc().read(List.of(VIGNETTES.resolve(name + ".csv"))).get(0);
        for (TreatmentExplanation t : e.treatments()) {
            TreatmentAnswer a = t.answer();
            String p = name + " " + a.procedure() + ": ";
            Set<String> evidence = new TreeSet<>();
            for (Reason reason : t.reasons()) {
                reason.evidence().forEach(ev -> evidence.add(ev.id()));
                for (Justification j : reason.justifications()) {
                    assertTrue(!j.facts().isEmpty(), p + "an empty justification");
                    for (Fact f : j.facts()) assertEquals(r.values().get(f.field()), f.value(), p + "a fact that is not the record's: " + f);
                }
                if (reason.role() == Role.UNDECIDED) assertTrue(a.missing().containsAll(reason.missing()), p + reason.missing() + " not in " + a.missing());
                else assertTrue(!reason.justifications().isEmpty(), p + "no justification for " + reason.rule());
            }
            if (a.basis() == Basis.RULE_ENTAILED) assertEquals(new TreeSet<>(a.evidence()), evidence, p + "evidence named");
            // a not_indicated rule may stand while a rule against the procedure is still undecided (not offered either way)
            if (a.basis() == Basis.RULE_ENTAILED) assertTrue(t.reasons().stream().allMatch(x -> x.role() == Role.FIRED
                    || (a.status() == Status.NOT_INDICATED && x.role() == Role.UNDECIDED)), p + "roles");
            if (a.status() == Status.UNDETERMINED) {
                for (List<String> s : t.settledBy()) assertTrue(a.missing().containsAll(s), p + "settled by " + s + ", not all missing");
            } else {
                assertTrue(t.settledBy().isEmpty(), p + "a determined answer has nothing to settle");
            }
        }
        for (FieldRank f : e.nextMeasurements()) assertTrue(!r.isKnown(f.field()), name + ": next measurement " + f.field() + " is known");
    }
}
