package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologySource;
import org.mcrckg.patient.owl.PatientAbox;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.patient.SourceLocation;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLNamedIndividual;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * {@link HermitReasoners#reasoningAxioms} drops the assertions about the ontology's own
 * individuals (evidence statements, sites) to keep patient reasoning small. That is sound only if
 * it keeps every TBox and RBox axiom and the dropped assertions change no patient entailment.
 * Checked two ways: syntactically, and end to end, by comparing the defined classes that
 * {@link PatientClassifier#classify} proves for a handful of records with those a HermiT reasoner
 * entails over the full ontology (all axioms, ABox included) plus the same patient's assertions.
 */
class ReasoningAxiomsTest {
    private static KnowledgeBase kb;
    private static PatientClassifier classifier;

    @BeforeAll
    static void load() {
        kb = KnowledgeBase.load(OntologySource.file(Path.of("ontology/mcrc.owl")));
        classifier = new PatientClassifier(kb);
    }

    @Test
    void keepsEveryTBoxAndRBoxAxiom() {
        Set<OWLAxiom> kept = HermitReasoners.reasoningAxioms(kb);
        List<String> lost = kb.owl().ontology().logicalAxioms()
                .filter(ax -> !ax.isOfType(AxiomType.ABoxAxiomTypes))
                .filter(ax -> !kept.contains(ax.getAxiomWithoutAnnotations()))
                .map(Object::toString).sorted().collect(Collectors.toList());
        assertTrue(lost.isEmpty(), "reasoningAxioms drops " + lost.size() + " TBox/RBox axioms, among them:\n"
                + lost.stream().limit(20).collect(Collectors.joining("\n")));
    }

    @Test
    void addsNoAxiomOfItsOwn() {
        Set<OWLAxiom> full = kb.owl().ontology().axioms().map(ax -> (OWLAxiom) ax.getAxiomWithoutAnnotations()).collect(Collectors.toSet());
        List<String> foreign = HermitReasoners.reasoningAxioms(kb).stream()
                .filter(ax -> !full.contains(ax.getAxiomWithoutAnnotations()))
                .map(Object::toString).sorted().collect(Collectors.toList());
        assertTrue(foreign.isEmpty(), "reasoningAxioms returns axioms the ontology does not have:\n" + String.join("\n", foreign));
    }

    static Stream<PatientRecord> records() {
        return Stream.of(
                record("resectable-liver", true,
                        "age", "62", "sex", "male", "ecog", "0", "fit_for_major_surgery", "true", "expert_centre", "true",
                        "primary_site", "left_colon", "primary_status", "resected", "primary_symptom", "none",
                        "primary_node_positive", "false", "metastasis_timing", "metachronous", "disease_free_interval_months", "18",
                        "cea_ng_ml", "12.5", "liver_met_count", "2", "liver_max_diameter_cm", "3.5", "liver_bilobar", "false",
                        "liver_r0_feasible", "true", "flr_percent", "55", "liver_parenchyma", "normal", "hepatectomy_extent", "minor"),
                record("bilobar-low-remnant", true,
                        "age", "58", "sex", "female", "ecog", "1", "fit_for_major_surgery", "true", "expert_centre", "true",
                        "primary_site", "right_colon", "primary_status", "in_situ", "primary_symptom", "minimal",
                        "primary_node_positive", "true", "metastasis_timing", "synchronous", "disease_free_interval_months", "0",
                        "preop_chemo_weeks", "12", "chemo_lines", "1", "chemo_response", "partial", "ras_status", "wild_type",
                        "braf_v600e", "wild_type", "cea_ng_ml", "250", "liver_met_count", "8", "liver_max_diameter_cm", "6.2",
                        "liver_bilobar", "true", "liver_r0_feasible", "false", "flr_percent", "22", "liver_parenchyma", "chemo_injured",
                        "hepatectomy_extent", "major", "flr_side_clearable", "true"),
                record("unfit-lung-only", true,
                        "age", "81", "ecog", "3", "fit_for_major_surgery", "false", "primary_status", "resected",
                        "lung_met_count", "3", "lung_max_diameter_cm", "1.5", "lung_all_resectable", "true",
                        "pulmonary_reserve_adequate", "false", "thoracic_nodes_positive", "true"),
                record("peritoneal-obstructing-primary", true,
                        "age", "49", "sex", "female", "ecog", "1", "fit_for_major_surgery", "true", "expert_centre", "true",
                        "primary_site", "left_colon", "primary_status", "in_situ", "primary_symptom", "obstruction",
                        "on_bevacizumab", "true", "signet_ring_histology", "true", "braf_v600e", "mutant",
                        "peritoneal_mets", "true", "pci", "24", "cc0_1_achievable", "false", "ovarian_mets", "true",
                        "paraaortic_node_count", "3"),
                // liver and peritoneal disease follow only from general class axioms (a lesion size, a PCI)
                record("perforated-primary-partly-known", false,
                        "age", "70", "primary_status", "in_situ", "primary_symptom", "perforation",
                        "liver_max_diameter_cm", "2.0", "pci", "5"),
                record("nothing-known", false),
                // docs/patient-record.md §1's example of contradictory facts: both sides must find it inconsistent
                record("contradictory", false, "liver_met_count", "0", "liver_bilobar", "true"));
    }

    /**
     * A record as the validator would build it: values in canonical form and, with staging
     * complete, the closable site fields that are absent set to their closure value.
     */
    private static PatientRecord record(String id, boolean stagingComplete, String... pairs) {
        Map<String, String> values = new HashMap<>();
        values.put("patient_id", id);
        for (int i = 0; i < pairs.length; i += 2) values.put(pairs[i], pairs[i + 1]);
        Set<String> closed = new TreeSet<>();
        if (stagingComplete) {
            values.put("staging_complete", "true");
            for (Field f : kb().fields().values()) {
                if (f.closedByCompleteStaging() && !values.containsKey(f.name())) {
                    values.put(f.name(), f.closureValue());
                    closed.add(f.name());
                }
            }
        }
        return new PatientRecord(id, values, closed, SourceLocation.api());
    }

    private static KnowledgeBase kb() {
        // @MethodSource runs before @BeforeAll
        if (kb == null) load();
        return kb;
    }

    /**
     * C(patient) is entailed iff {patient} ⊓ ¬C is unsatisfiable: the reference is this
     * satisfiability test rather than {@code isEntailed(ClassAssertion(C, patient))}, because
     * HermiT 1.4.5.519's instance check answers false for some entailed named classes (seen for
     * PerforatedPrimary with primary_symptom = perforation and primary_status = in_situ, while
     * getTypes and the satisfiability test both say true).
     */
    private static boolean entailed(OWLReasoner reasoner, OWLDataFactory df, OWLNamedIndividual patient, OWLClassExpression c) {
        return !reasoner.isSatisfiable(df.getOWLObjectIntersectionOf(df.getOWLObjectOneOf(patient), df.getOWLObjectComplementOf(c)));
    }

    private static boolean fullOntologyIsConsistent() throws OWLOntologyCreationException {
        OWLReasoner r = HermitReasoners.create(OWLManager.createOWLOntologyManager().createOntology(kb.owl().ontology().axioms()));
        try {
            return r.isConsistent();
        } finally {
            r.dispose();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void classifierAgreesWithTheFullOntology(PatientRecord record) throws OWLOntologyCreationException {
        PatientAnswer answer = classifier.classify(record, Materialisation.ALL_DEFINED_CLASSES);

        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLDataFactory df = manager.getOWLDataFactory();
        OWLOntology full = manager.createOntology(kb.owl().ontology().axioms());
        manager.addAxioms(full, PatientAbox.axiomList(record, kb, df).stream());
        OWLNamedIndividual patient = df.getOWLNamedIndividual(PatientAbox.iri(record.id()));
        OWLReasoner reasoner = HermitReasoners.create(full);
        try {
            if (reasoner.isConsistent() != answer.consistent()) {
                fail(record.id() + ": the classifier says " + (answer.consistent() ? "consistent" : "inconsistent")
                        + ", the full ontology with the same patient says the opposite" + (fullOntologyIsConsistent() ? ""
                        : "; the full ontology is inconsistent even without a patient (see OntologyOwlTest), so dropping its"
                        + " assertions is no longer sound"));
            }
            if (!answer.consistent()) return;
            Set<String> expected = new TreeSet<>();
            Set<String> missedByIsEntailed = new TreeSet<>();
            for (IRI c : kb.owl().definitions().keySet()) {
                if (entailed(reasoner, df, patient, df.getOWLClass(c))) {
                    expected.add(c.toString());
                    if (!reasoner.isEntailed(df.getOWLClassAssertionAxiom(df.getOWLClass(c), patient))) missedByIsEntailed.add(c.toString());
                }
            }
            if (!missedByIsEntailed.isEmpty()) {
                System.out.println("[HermiT] " + record.id() + ": isEntailed(ClassAssertion(C, patient)) answers false although"
                        + " {patient} and not C is unsatisfiable, for " + missedByIsEntailed);
            }
            Set<String> actual = new TreeSet<>(answer.entailedClasses());
            Set<String> onlyFull = new TreeSet<>(expected);
            onlyFull.removeAll(actual);
            Set<String> onlyClassifier = new TreeSet<>(actual);
            onlyClassifier.removeAll(expected);
            assertTrue(onlyFull.isEmpty() && onlyClassifier.isEmpty(), record.id() + ": entailed defined classes differ."
                    + "\n  entailed only with the full ontology: " + onlyFull
                    + "\n  entailed only by the classifier: " + onlyClassifier);
        } finally {
            reasoner.dispose();
        }
    }

    @Test
    void recordsReachManyDefinedClasses() {
        // the comparison above is only as good as the records: if they entailed (almost) nothing,
        // it would pass without comparing anything
        Set<String> entailed = new TreeSet<>();
        records().map(classifier::classify).filter(PatientAnswer::consistent).forEach(a -> entailed.addAll(a.entailedClasses()));
        assertTrue(entailed.size() >= 15, "the test records entail only " + entailed.size() + " defined classes in all: " + entailed);
    }
}
