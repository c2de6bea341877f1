package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/**
 * An ontology editor changes a threshold or a status word in Protégé (here: in a copy of the
 * file) and the answers follow, with no code change.
 */
class OntologyEditTest {
    @TempDir
    Path dir;

    private Mcrc edited(String classLocalName, String from, String to) throws IOException {
        String src = Files.readString(Cohort.ONTOLOGY);
        // the one axiom or annotation of that class that holds the value
        Pattern p = Pattern.compile("(?m)^(EquivalentClasses\\(:" + classLocalName + " .*|AnnotationAssertion\\(:recommendationStatus :" + classLocalName + " .*)$");
        Matcher m = p.matcher(src);
        StringBuilder out = new StringBuilder();
        int changed = 0;
        while (m.find()) {
            String line = m.group(1);
            if (line.contains(from)) {
                m.appendReplacement(out, Matcher.quoteReplacement(line.replace(from, to)));
                changed++;
            }
        }
        m.appendTail(out);
        assertEquals(1, changed, "expected exactly one line of " + classLocalName + " to hold " + from);
        Path copy = dir.resolve("mcrc.owl");
        Files.writeString(copy, out.toString());
        return Mcrc.load(copy);
    }

    private static PatientRecord vignette(Mcrc m, String name) {
        return m.read(List.of(Path.of("src/test/resources/vignettes/" + name + ".csv"))).get(0);
    }

    private static String status(Mcrc m, String vignette, String procedure) {
        PatientAnswer a = m.classify(vignette(m, vignette));
        return a.treatment(procedure).orElseThrow().status().word();
    }

    @Test
    void raisingTheNormalLiverThresholdMakesV02NeedEmbolization() throws IOException {
        assertEquals("recommended", status(Cohort.mcrc(), "V02", "hepatectomy"));
        Mcrc m = edited("RemnantAtLeast20Percent", "\"20.0\"^^xsd:decimal", "\"25.0\"^^xsd:decimal");
        assertEquals("not_indicated", status(m, "V02", "hepatectomy"));
        assertEquals("recommended", status(m, "V02", "portal_vein_embolization"));
    }

    @Test
    void loweringTheAblationLimitRulesOutV09sTwoCentimetreLesion() throws IOException {
        assertEquals("consider", status(Cohort.mcrc(), "V09", "liver_thermal_ablation"));
        Mcrc m = edited("AblatableLiverLesionSize", "\"3.0\"^^xsd:decimal", "\"1.5\"^^xsd:decimal");
        // L10a (sole ablation) no longer holds; the contract's count of lesions of 3 cm or less is fixed at
        // 3 cm, so the 2 cm lesion still counts for the combined ablation-and-resection plan (L10c)
        List<String> rules = m.classify(vignette(m, "V09")).treatment("liver_thermal_ablation").orElseThrow().rules();
        assertEquals(List.of("L1", "L10c"), rules);
    }

    @Test
    void changingAStatusWordChangesTheAnswer() throws IOException {
        Mcrc m = edited("L10a_AblationSmallLesions", "\"consider\"", "\"recommended\"");
        assertEquals("recommended", status(m, "V09", "liver_thermal_ablation"));
    }

    /**
     * A rule may give not_indicated (lowest precedence), and an undecided rule against the procedure
     * (here G2: fitness unknown) does not hold it back; the answer names that rule's field. The same
     * on every engine.
     */
    @Test
    void aRuleThatGivesNotIndicatedIsNotHeldBackByAnUndecidedRuleAgainst() throws IOException {
        var before = Cohort.mcrc().classify(vignette(Cohort.mcrc(), "N47-crs-fit-unknown-provisional")).treatment("cytoreductive_surgery").orElseThrow();
        assertEquals("undetermined", before.status().word());
        assertEquals("consider", before.provisional().orElseThrow().word());
        Mcrc edited = edited("PM1_CytoreductiveSurgery", "\"consider\"", "\"not_indicated\"");
        for (Engine e : List.of(Engine.FAST, Engine.UNCACHED, Engine.PER_PATIENT, Engine.NAIVE)) {
            Mcrc m = edited.withEngine(e);
            var t = m.classify(vignette(m, "N47-crs-fit-unknown-provisional")).treatment("cytoreductive_surgery").orElseThrow();
            assertEquals("not_indicated", t.status().word(), e.word());
            assertEquals(org.mcrckg.answer.Basis.RULE_ENTAILED, t.basis(), e.word());
            assertEquals(List.of("PM1"), t.rules(), e.word());
            assertEquals(List.of("fit_for_major_surgery"), t.missing(), e.word());
        }
    }

    @Test
    void theExtensiveChemotherapyConventionIsOnePlace() throws IOException {
        // V02-CHEMO12 has exactly 12 weeks: counted as extensive; with a 13-week convention it is not
        assertEquals("recommended", status(Cohort.mcrc(), "V02-CHEMO12", "portal_vein_embolization"));
        Mcrc m = edited("ExtensivePreoperativeChemotherapy", "\"12\"^^xsd:integer", "\"13\"^^xsd:integer");
        assertNotEquals("recommended", status(m, "V02-CHEMO12", "portal_vein_embolization"));
        assertEquals("recommended", status(m, "V02-CHEMO12", "hepatectomy"));
    }

    /**
     * An edit that contradicts itself far from any patient field (a site that is in the empty
     * class): the fast engine reasons over the field constraints only, so only its check of the
     * whole ontology can see it. Every engine must refuse to answer.
     */
    @Test
    void anInconsistentOntologyIsRefusedByEveryEngine() throws IOException {
        String src = Files.readString(Cohort.ONTOLOGY);
        int end = src.lastIndexOf(')');
        Path copy = dir.resolve("inconsistent.owl");
        Files.writeString(copy, src.substring(0, end) + "ClassAssertion(owl:Nothing :Liver)\n)\n");
        Mcrc fast = Mcrc.load(copy);
        for (Engine e : List.of(Engine.FAST, Engine.UNCACHED, Engine.PER_PATIENT, Engine.NAIVE)) {
            Mcrc m = fast.withEngine(e);
            PatientRecord r = vignette(m, "V01");
            org.mcrckg.ontology.OntologyException x = org.junit.jupiter.api.Assertions.assertThrows(
                    org.mcrckg.ontology.OntologyException.class, () -> m.classify(r), e.word());
            assertEquals("ontology#inconsistent", x.errorId(), e.word());
        }
    }
}
