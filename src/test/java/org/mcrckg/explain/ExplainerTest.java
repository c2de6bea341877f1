package org.mcrckg.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mcrckg.Mcrc;
import org.mcrckg.ontology.Rule;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.reasoning.Truth;
import org.mcrckg.support.Cohort;

/** The justification search itself: minimal, several with --max, cut short by the time budget. */
class ExplainerTest {
    static PatientRecord vignette(String name) {
        return Cohort.mcrc().read(List.of(Path.of("src/test/resources/vignettes/" + name + ".csv"))).get(0);
    }

    static Reason only(PatientExplanation e, String procedure) {
        List<Reason> rs = e.treatment(procedure).orElseThrow().reasons();
        assertEquals(1, rs.size(), procedure + ": " + rs);
        return rs.get(0);
    }

    @Test
    void aJustificationProvesTheRuleAndEveryFactIsNeeded() {
        Mcrc mcrc = Cohort.mcrc();
        PatientRecord r = vignette("V05");
        Reason l5 = only(mcrc.explain(r, "portal_vein_embolization", ExplainOptions.defaults().withTimeout(Duration.ofMinutes(5))), "portal_vein_embolization");
        assertEquals("L5", l5.rule().orElseThrow());
        Set<String> j = new HashSet<>(l5.justifications().get(0).fields());
        assertTrue(j.contains("flr_percent"), j.toString());
        assertFalse(j.contains("age") || j.contains("cea_ng_ml"), "irrelevant facts named: " + j);
        assertEquals(Truth.PROVEN, mcrc.truth(Explainer.restrict(r, j), l5.classIri()));
        for (String f : j) {
            Set<String> less = new HashSet<>(j);
            less.remove(f);
            assertNotEquals(Truth.PROVEN, mcrc.truth(Explainer.restrict(r, less), l5.classIri()), f + " is not needed");
        }
    }

    @Test
    void maxGivesSeveralDifferentMinimalSets() {
        PatientRecord r = vignette("V01");
        ExplainOptions o = ExplainOptions.defaults().withTimeout(Duration.ofMinutes(5));
        Reason one = only(Cohort.mcrc().explain(r, "two_stage_hepatectomy", o), "two_stage_hepatectomy");
        assertEquals(1, one.justifications().size());
        Reason two = only(Cohort.mcrc().explain(r, "two_stage_hepatectomy", o.withMaxJustifications(5)), "two_stage_hepatectomy");
        Set<List<String>> sets = new HashSet<>();
        two.justifications().forEach(j -> sets.add(j.fields()));
        assertEquals(Set.of(List.of("flr_percent"), List.of("liver_bilobar")), sets, "L6 is ruled out by the remnant or by unilobar disease");
        assertTrue(two.justifications().contains(one.justifications().get(0)), "the first justification is among them");
    }

    @Test
    void theTimeBudgetCutsTheSearchShortAndSaysSo() {
        PatientExplanation e = Cohort.mcrc().explain(vignette("V05"), null, ExplainOptions.defaults().withTimeout(Duration.ofNanos(1)));
        assertFalse(e.complete());
        assertEquals(Cohort.mcrc().procedures().size(), e.treatments().size(), "every answer is still reported");
        assertTrue(e.treatments().stream().anyMatch(t -> !t.complete()));
        // what is reported is never wrong: an unfinished search gives no justification rather than a non-minimal one
        e.treatments().forEach(t -> t.reasons().forEach(x -> assertTrue(x.justifications().isEmpty(), t.procedure())));
    }

    @Test
    void anUnknownProcedureIsAnError() {
        ExplainException x = assertThrows(ExplainException.class,
                () -> Cohort.mcrc().explain(vignette("V05"), "hepatectomyy", ExplainOptions.defaults()));
        assertEquals("explain#unknown-procedure", x.errorId());
    }

    @Test
    void fieldRepresentativesCoverEveryThresholdCell() {
        var rel = new org.mcrckg.reasoning.Relevance(Cohort.mcrc().knowledgeBase());
        List<String> flr = rel.representativeValues("flr_percent");
        for (String v : List.of("20", "30", "40")) assertTrue(flr.contains(v), flr.toString());
        assertTrue(flr.stream().anyMatch(v -> Double.parseDouble(v) < 20) && flr.stream().anyMatch(v -> Double.parseDouble(v) > 40), flr.toString());
        assertEquals(List.of("true", "false"), rel.representativeValues("liver_r0_feasible"));
        assertTrue(rel.representativeValues("ecog").containsAll(List.of("2", "3")), rel.representativeValues("ecog").toString());
        assertTrue(Cohort.mcrc().rules().stream().map(Rule::id).anyMatch("L5"::equals));
    }
}
