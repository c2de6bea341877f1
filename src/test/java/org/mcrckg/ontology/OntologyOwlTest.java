package org.mcrckg.ontology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.reasoning.HermitReasoners;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAnnotation;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLLiteral;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * Logical and contract checks of {@code ontology/mcrc.owl}: OWL 2 DL, consistent and coherent
 * under HermiT (configured by {@link HermitReasoners}), the contract's procedure keys and record
 * fields (docs/patient-record.md §1, §2) with their types and ranges, and the
 * ontology metadata a release needs.
 */
class OntologyOwlTest {
    static final String DCTERMS = "http://purl.org/dc/terms/";
    static final String OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo";

    /** Contract §2, in its order. */
    static final List<String> PROCEDURE_KEYS = List.of(
            "mdt_discussion", "hepatectomy", "portal_vein_embolization", "two_stage_hepatectomy", "alpps",
            "simultaneous_resection", "liver_first_resection", "liver_thermal_ablation", "liver_transplantation",
            "perioperative_chemotherapy", "conversion_chemotherapy", "palliative_systemic_therapy",
            "pulmonary_metastasectomy", "lung_sbrt", "lung_thermal_ablation", "cytoreductive_surgery",
            "oxaliplatin_hipec", "primary_tumour_resection", "colonic_stent", "oophorectomy",
            "paraaortic_lymphadenectomy");

    /**
     * Contract §1, one field per line: name | type | values. Values: {@code -} (none),
     * {@code [min,max]} with {@code [ ]} inclusive, {@code ( )} exclusive and an empty side for
     * no bound, or {@code {word,word}} for an enumeration.
     */
    static final String CONTRACT_FIELDS = """
            patient_id                   | TEXT    | -
            age                          | INTEGER | [18,120]
            sex                          | WORD    | {female,male}
            ecog                         | INTEGER | [0,4]
            fit_for_major_surgery        | BOOLEAN | -
            expert_centre                | BOOLEAN | -
            staging_complete             | BOOLEAN | -
            primary_site                 | WORD    | {right_colon,left_colon,upper_rectum,mid_low_rectum}
            primary_status               | WORD    | {in_situ,resected}
            primary_symptom              | WORD    | {none,minimal,obstruction,bleeding,perforation}
            primary_node_positive        | BOOLEAN | -
            rectal_needs_neoadjuvant_crt | BOOLEAN | -
            signet_ring_histology        | BOOLEAN | -
            ras_status                   | WORD    | {wild_type,mutant}
            braf_v600e                   | WORD    | {wild_type,mutant}
            cea_ng_ml                    | DECIMAL | [0,)
            metastasis_timing            | WORD    | {synchronous,metachronous}
            disease_free_interval_months | DECIMAL | [0,)
            preop_chemo_weeks            | INTEGER | [0,520]
            chemo_lines                  | INTEGER | [0,10]
            chemo_response               | WORD    | {complete,partial,stable,progression,not_treated}
            on_bevacizumab               | BOOLEAN | -
            liver_met_count              | INTEGER | [0,200]
            liver_max_diameter_cm        | DECIMAL | (0,)
            liver_bilobar                | BOOLEAN | -
            liver_r0_feasible            | BOOLEAN | -
            flr_percent                  | DECIMAL | [0,100]
            liver_parenchyma             | WORD    | {normal,chemo_injured,cirrhosis}
            hepatectomy_extent           | WORD    | {minor,major}
            flr_side_clearable           | BOOLEAN | -
            disappeared_liver_mets       | INTEGER | [0,200]
            lung_met_count               | INTEGER | [0,200]
            lung_max_diameter_cm         | DECIMAL | (0,)
            lung_all_resectable          | BOOLEAN | -
            pulmonary_reserve_adequate   | BOOLEAN | -
            thoracic_nodes_positive      | BOOLEAN | -
            peritoneal_mets              | BOOLEAN | -
            pci                          | INTEGER | [0,39]
            cc0_1_achievable             | BOOLEAN | -
            ovarian_mets                 | BOOLEAN | -
            paraaortic_node_count        | INTEGER | [0,100]
            bone_mets                    | BOOLEAN | -
            brain_met_count              | INTEGER | [0,50]
            """;

    private static KnowledgeBase kb;
    private static OWLOntology copy;
    private static OWLReasoner reasoner;

    @BeforeAll
    static void load() throws OWLOntologyCreationException {
        kb = KnowledgeBase.load(OntologySource.file(Path.of("ontology/mcrc.owl")));
        // the knowledge base's own ontology is never handed to a reasoner: reason over a copy
        copy = OWLManager.createOWLOntologyManager().createOntology(kb.owl().ontology().axioms(Imports.INCLUDED));
        reasoner = HermitReasoners.create(copy);
    }

    @AfterAll
    static void dispose() {
        if (reasoner != null) reasoner.dispose();
    }

    @Test
    void isInTheOwl2DlProfile() {
        OWLProfileReport report = new OWL2DLProfile().checkOntology(kb.owl().ontology());
        if (!report.isInProfile()) {
            System.out.println("[OWL 2 DL] " + report.getViolations().size() + " violation(s):");
            report.getViolations().forEach(v -> System.out.println("  " + v));
        }
        assertTrue(report.isInProfile(), () -> "ontology/mcrc.owl is not OWL 2 DL (" + report.getViolations().size() + " violations):\n"
                + report.getViolations().stream().limit(20).map(OWLProfileViolation::toString).collect(Collectors.joining("\n")));
    }

    @Test
    void isConsistentUnderHermit() throws OWLOntologyCreationException {
        if (reasoner.isConsistent()) return;
        List<OWLAxiom> culprits = minimalInconsistentSubset(copy.logicalAxioms().collect(Collectors.toList()));
        fail("ontology/mcrc.owl (TBox and its own individuals) is inconsistent under " + HermitReasoners.describe()
                + "\nthese " + culprits.size() + " axioms are inconsistent together (remove any one and the rest is consistent):\n  "
                + culprits.stream().map(OntologyOwlTest::shorten).sorted().collect(Collectors.joining("\n  ")));
    }

    @Test
    void everyNamedClassIsSatisfiable() throws OWLOntologyCreationException {
        if (!reasoner.isConsistent()) {
            // every class is unsatisfiable in an inconsistent ontology; the TBox alone says which ones are the problem
            OWLOntology tbox = OWLManager.createOWLOntologyManager().createOntology(
                    copy.logicalAxioms().filter(ax -> !ax.isOfType(AxiomType.ABoxAxiomTypes)).map(OWLAxiom.class::cast));
            OWLReasoner r = HermitReasoners.create(tbox);
            try {
                OWLDataFactory df = tbox.getOWLOntologyManager().getOWLDataFactory();
                boolean everythingIsAPatient = r.isConsistent() && r.isEntailed(
                        df.getOWLSubClassOfAxiom(df.getOWLThing(), df.getOWLClass(IRI.create(Vocabulary.PATIENT))));
                fail("the ontology is inconsistent (see isConsistentUnderHermit); over the TBox alone "
                        + (r.isConsistent() ? "these classes are unsatisfiable: " + unsatisfiable(r) : "it is inconsistent too")
                        + (everythingIsAPatient ? "\nthe TBox entails SubClassOf(owl:Thing mcrc:Patient): a definition uses a complement"
                                + " (ObjectComplementOf) not restricted to patients, so evidence statements, sites and"
                                + " interventions would have to be patients" : ""));
            } finally {
                r.dispose();
            }
        }
        Set<String> unsatisfiable = unsatisfiable(reasoner);
        assertTrue(unsatisfiable.isEmpty(), "unsatisfiable classes (nothing can ever be in them): " + unsatisfiable);
        // guards against a vacuous pass: there are classes to check
        assertTrue(copy.classesInSignature().anyMatch(c -> !c.isOWLThing() && !c.isOWLNothing()), "the ontology has no named class");
    }

    private static String shorten(OWLAxiom ax) {
        String s = ax.toString();
        return s.length() <= 400 ? s : s.substring(0, 400) + " …";
    }

    private static Set<String> unsatisfiable(OWLReasoner r) {
        return r.getUnsatisfiableClasses().entities().filter(c -> !c.isOWLNothing())
                .map(c -> c.getIRI().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * A minimal inconsistent subset, found by deletion (in halving blocks, then one by one): only
     * computed when the ontology is inconsistent, to name the culprits in the failure message.
     */
    private static List<OWLAxiom> minimalInconsistentSubset(List<OWLAxiom> axioms) throws OWLOntologyCreationException {
        List<OWLAxiom> core = new ArrayList<>(axioms);
        for (int block = Math.max(1, core.size() / 2); block >= 1; block = block == 1 ? 0 : Math.max(1, block / 2)) {
            for (int i = 0; i < core.size(); ) {
                List<OWLAxiom> without = new ArrayList<>(core.subList(0, i));
                without.addAll(core.subList(Math.min(i + block, core.size()), core.size()));
                if (!consistent(without)) core = without;
                else i += block;
            }
        }
        return core;
    }

    private static boolean consistent(List<OWLAxiom> axioms) throws OWLOntologyCreationException {
        OWLReasoner r = HermitReasoners.create(OWLManager.createOWLOntologyManager().createOntology(axioms.stream()));
        try {
            return r.isConsistent();
        } finally {
            r.dispose();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("procedureKeys")
    void contractProcedureKeyIsPresentOnce(String key) {
        List<Procedure> matches = kb.procedures().stream().filter(p -> p.key().equals(key)).collect(Collectors.toList());
        assertEquals(1, matches.size(), "procedure key " + key + " must be carried by exactly one class; found "
                + matches.stream().map(Procedure::iri).collect(Collectors.toList()));
        OWLClass cls = copy.getOWLOntologyManager().getOWLDataFactory().getOWLClass(IRI.create(matches.get(0).iri()));
        assertTrue(copy.containsClassInSignature(cls.getIRI()), key + ": " + cls.getIRI() + " is not a class of the ontology");
    }

    static Stream<String> procedureKeys() {
        return PROCEDURE_KEYS.stream();
    }

    /** One row of {@link #CONTRACT_FIELDS}. */
    record Expected(String name, FieldType type, BigDecimal min, boolean minInclusive, BigDecimal max, boolean maxInclusive,
                    Set<String> words) {
        static Expected parse(String line) {
            String[] cols = Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
            String name = cols[0];
            FieldType type = FieldType.valueOf(cols[1]);
            String v = cols[2];
            if (v.equals("-")) return new Expected(name, type, null, false, null, false, Set.of());
            if (v.startsWith("{")) {
                return new Expected(name, type, null, false, null, false, Set.of(v.substring(1, v.length() - 1).split(",")));
            }
            String[] bounds = v.substring(1, v.length() - 1).split(",", -1);
            return new Expected(name, type,
                    bounds[0].isEmpty() ? null : new BigDecimal(bounds[0]), v.startsWith("["),
                    bounds[1].isEmpty() ? null : new BigDecimal(bounds[1]), v.endsWith("]"), Set.of());
        }

        @Override
        public String toString() { return name; }
    }

    static Stream<Expected> contractFields() {
        return CONTRACT_FIELDS.lines().filter(l -> !l.isBlank()).map(Expected::parse);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractFields")
    void contractFieldHasItsTypeAndRange(Expected e) {
        Optional<Field> field = kb.field(e.name());
        assertTrue(field.isPresent(), "contract field " + e.name() + " has no data property with mcrc:recordField \"" + e.name() + "\"");
        Field f = field.get();
        assertEquals(e.type(), f.type(), e.name() + ": type");
        assertBound(e.name() + ": lower bound", e.min(), f.min());
        if (e.min() != null) assertEquals(e.minInclusive(), f.minInclusive(), e.name() + ": lower bound inclusive?");
        assertBound(e.name() + ": upper bound", e.max(), f.max());
        if (e.max() != null) assertEquals(e.maxInclusive(), f.maxInclusive(), e.name() + ": upper bound inclusive?");
        assertEquals(e.words(), Set.copyOf(f.words()), e.name() + ": allowed words");
        assertEquals(f.words().size(), Set.copyOf(f.words()).size(), e.name() + ": a word is listed twice");
    }

    private static void assertBound(String what, BigDecimal expected, BigDecimal actual) {
        if (expected == null) {
            assertNull(actual, what + ": the contract has none, the ontology has " + actual);
        } else {
            assertNotNull(actual, what + ": the contract says " + expected.toPlainString() + ", the ontology has none");
            // compareTo: 0 and 0.0 are the same bound
            assertEquals(0, expected.compareTo(actual), what + ": the contract says " + expected.toPlainString() + ", the ontology " + actual.toPlainString());
        }
    }

    @Test
    void contractFieldTableIsComplete() {
        // guards the table above against a lost line: §1 lists 43 fields
        assertEquals(43, contractFields().map(Expected::name).distinct().count());
    }

    @Test
    void hasReleaseMetadata() {
        OWLOntology o = kb.owl().ontology();
        for (String p : List.of(DCTERMS + "title", DCTERMS + "description", DCTERMS + "license", OWL_VERSION_INFO)) {
            List<String> values = o.annotations().filter(a -> a.getProperty().getIRI().toString().equals(p))
                    .map(OntologyOwlTest::text).filter(s -> !s.isBlank()).collect(Collectors.toList());
            assertFalse(values.isEmpty(), "the ontology header lacks " + p);
        }
        assertFalse(kb.ontologyIri().isBlank(), "the ontology has no IRI");
        assertFalse(kb.versionIri().isBlank(), "the ontology has no version IRI");
        assertFalse(kb.version().isBlank(), "owl:versionInfo is blank");
        assertTrue(kb.versionIri().contains("/" + kb.version() + "/"),
                "the version IRI " + kb.versionIri() + " does not carry owl:versionInfo " + kb.version() + ": bump both together");
    }

    private static String text(OWLAnnotation a) {
        if (a.getValue().isIRI()) return a.getValue().asIRI().map(IRI::toString).orElse("");
        return a.getValue().asLiteral().map(OWLLiteral::getLiteral).orElse("");
    }
}
