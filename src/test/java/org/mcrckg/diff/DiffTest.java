package org.mcrckg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;
import org.mcrckg.support.EditedOntology;

/**
 * A one-threshold edit (the 30% FLR cut-off after extensive chemotherapy lowered to 25%) over the
 * example cohort: the diff lists exactly the answers that move, each because of the edited class,
 * and nothing else. The expected set is computed without the differ, by classifying the cohort with
 * each ontology and comparing the answers field by field.
 */
class DiffTest {
    static final String FLR30 = EditedOntology.NS + "RemnantAtLeast30Percent";

    @TempDir
    static Path dir;

    static Mcrc before;
    static Mcrc after;
    static DiffReport report;

    @BeforeAll
    static void diffTheCohort() throws IOException {
        before = Cohort.mcrc();
        after = Mcrc.load(EditedOntology.flr25(dir));
        report = Mcrc.diff(before, after, Cohort.records());
    }

    record Key(String patient, String procedure) {}

    /** Independently: both sides classified in full, compared answer by answer. */
    private static Set<Key> expectedMoves() {
        Map<String, PatientAnswer> a = Cohort.answers();
        Map<String, PatientAnswer> b = after.classifyAll(Cohort.records(), 2).stream()
                .collect(Collectors.toMap(PatientAnswer::id, Function.identity()));
        Set<Key> out = new HashSet<>();
        for (PatientRecord r : Cohort.records()) {
            PatientAnswer x = a.get(r.id());
            PatientAnswer y = b.get(r.id());
            assertEquals(x.consistent(), y.consistent(), "lowering a threshold cannot make a record contradictory: " + r.id());
            for (TreatmentAnswer t : x.treatments()) {
                TreatmentAnswer u = y.treatment(t.procedure()).orElseThrow();
                boolean same = t.status() == u.status() && t.provisional().equals(u.provisional()) && t.rules().equals(u.rules())
                        && t.missing().equals(u.missing());
                if (!same) out.add(new Key(r.id(), t.procedure()));
            }
            if (!x.tags().equals(y.tags())) out.add(new Key(r.id(), AnswerChange.TAGS));
        }
        return out;
    }

    @Test
    void listsExactlyTheAnswersThatMove() {
        Set<Key> expected = expectedMoves();
        assertFalse(expected.isEmpty(), "the edit must move some answers of the example cohort, or this test proves nothing");
        Set<Key> listed = report.changes().stream().map(c -> new Key(c.patient(), c.procedure())).collect(Collectors.toSet());
        assertEquals(report.changes().size(), listed.size(), "one row per patient and procedure");
        assertEquals(expected, listed);
        long movedPatients = expected.stream().map(Key::patient).distinct().count();
        assertEquals(Cohort.records().size(), report.summary().patients());
        assertEquals(Cohort.records().size() - movedPatients, report.summary().patientsUnchanged());
        long answers = (long) Cohort.records().size() * before.procedures().size();
        assertEquals(answers, report.summary().answers());
        assertEquals(answers - expected.stream().filter(k -> !k.procedure().equals(AnswerChange.TAGS)).count(), report.summary().answersUnchanged());
        // the matrix counts every patient once per procedure
        report.summary().transitions().forEach((proc, m) ->
                assertEquals(Cohort.records().size(), m.values().stream().flatMap(x -> x.values().stream()).mapToLong(Long::longValue).sum(), proc));
        assertEquals(1L, report.summary().transitions().get("hepatectomy").get("not_indicated").get("recommended"));
    }

    @Test
    void everyMoveNamesTheEditedClassAndItsAxioms() {
        assertEquals(1, report.changedTerms().size(), report.changedTerms().toString());
        TermChange t = report.changedTerms().get(0);
        assertEquals(FLR30, t.iri());
        assertEquals("RemnantAtLeast30Percent", t.name());
        assertEquals("class", t.kind());
        assertTrue(t.logical());
        assertEquals(List.of("EquivalentClasses(:RemnantAtLeast30Percent ObjectIntersectionOf(:Patient DataSomeValuesFrom(:flr_percent "
                + "DatatypeRestriction(xsd:decimal xsd:minInclusive \"30.0\"^^xsd:decimal))))"), t.removed());
        assertEquals(List.of("EquivalentClasses(:RemnantAtLeast30Percent ObjectIntersectionOf(:Patient DataSomeValuesFrom(:flr_percent "
                + "DatatypeRestriction(xsd:decimal xsd:minInclusive \"25.0\"^^xsd:decimal))))"), t.added());
        for (AnswerChange c : report.changes()) {
            assertEquals(List.of(FLR30), c.because(), c.toString());
            assertEquals(Attribution.DEFINITIONS, c.attribution(), c.toString());
        }
    }

    /**
     * Hand-checked against the definitions: 25% with a normal liver after 12 weeks of chemotherapy was short of 30%, and is not
     * short of 25%; hepatectomy then waits on chemo_response, since L2 (0.2.0) needs no progression on chemotherapy.
     */
    @Test
    void handCheckedRows() {
        assertEquals(new AnswerChange("N06-chemo12wk-flr25", "hepatectomy",
                        state("not_indicated", List.of("L13a", "L2", "L2-p"), List.of()), state("undetermined", List.of(), List.of("chemo_response")),
                        List.of(FLR30), Attribution.DEFINITIONS),
                row("N06-chemo12wk-flr25", "hepatectomy"));
        assertEquals(new AnswerChange("N06-chemo12wk-flr25", "portal_vein_embolization",
                        state("recommended", List.of("L5"), List.of()), state("not_indicated", List.of("L5"), List.of()),
                        List.of(FLR30), Attribution.DEFINITIONS),
                row("N06-chemo12wk-flr25", "portal_vein_embolization"));
        // V03: 25% after 16 weeks, parenchyma unknown: now adequate unless the liver is cirrhotic, which is not known
        assertEquals(new AnswerChange("V03", "hepatectomy",
                        state("not_indicated", List.of("L13a", "L2", "L2-p"), List.of()), state("undetermined", List.of(), List.of("chemo_response", "liver_parenchyma")),
                        List.of(FLR30), Attribution.DEFINITIONS),
                row("V03", "hepatectomy"));
        // on the threshold before and after (30% is at least 30 and at least 25), and a cirrhotic liver needs 40% either way
        assertTrue(rows("N01-flr30-chemo-injured").isEmpty());
        assertTrue(rows("N03-flr39-9-cirrhosis").isEmpty());
        assertTrue(rows("V01").isEmpty(), "45% passes both cut-offs");
    }

    @Test
    void proceduresThatDoNotReadTheFlrThresholdHaveNothingToBlameOnIt() {
        KnowledgeDelta d = new KnowledgeDelta(before.knowledgeBase(), after.knowledgeBase());
        assertEquals(List.of(FLR30), d.because("hepatectomy"));
        assertEquals(List.of(), d.because("lung_sbrt"));
        assertEquals(List.of(), d.because("cytoreductive_surgery"));
        assertTrue(report.changes().stream().noneMatch(c -> c.procedure().equals("lung_sbrt") || c.procedure().equals("cytoreductive_surgery")));
    }

    @Test
    void anAnnotationEditIsAChangedTermThatMovesNoAnswer() throws IOException {
        Path edited = EditedOntology.replace(dir, "label.owl",
                "AnnotationAssertion(rdfs:label :RemnantAtLeast30Percent \"patient with a future liver remnant of at least 30%\"@en)",
                "AnnotationAssertion(rdfs:label :RemnantAtLeast30Percent \"patient with an FLR of at least 30%\"@en)");
        List<PatientRecord> some = Cohort.records().subList(0, 30);
        DiffReport d = Mcrc.diff(before, Mcrc.load(edited), some);
        assertEquals(1, d.changedTerms().size());
        assertFalse(d.changedTerms().get(0).logical());
        assertEquals("patient with an FLR of at least 30%", d.changedTerms().get(0).label());
        assertTrue(d.changes().isEmpty(), d.changes().toString());
        assertEquals(30, d.summary().patientsUnchanged());
    }

    private static AnswerState state(String status, List<String> rules, List<String> missing) {
        return new AnswerState(status, Optional.empty(), rules, missing, List.of());
    }

    private static AnswerChange row(String patient, String procedure) {
        return report.changes().stream().filter(c -> c.patient().equals(patient) && c.procedure().equals(procedure)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + patient + " " + procedure));
    }

    private static List<AnswerChange> rows(String patient) {
        return report.changes().stream().filter(c -> c.patient().equals(patient)).toList();
    }
}
