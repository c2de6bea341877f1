package org.mcrckg.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.FieldType;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.SourceLocation;

/**
 * The FHIR-to-record mapping as tables: which resource and code gives which contract field, and
 * how its value is read. {@code docs/fhir-mapping.md} documents the same rows for people.
 *
 * <p>A row names a field of the record; a row whose field the loaded ontology does not know is
 * skipped, so rows for contract fields still to come cost one line each and stay dormant until the
 * ontology declares the field. Nothing is inferred that the source does not state: a resource that
 * matches no row is ignored, and a field no row fills stays missing (unknown).
 */
final class FhirMapping {
    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String AJCC = "http://cancerstaging.org";
    static final String HGNC = "http://www.genenames.org/geneId";
    static final String UCUM = "http://unitsofmeasure.org";
    /** Our own code system, for facts with no standard code: the code is the contract field name. */
    static final String LOCAL = "https://w3id.org/mcrc-kg/fhir/CodeSystem/mcrc-observation";
    /** The local code of a panel Observation whose components (coded in {@link #LOCAL}) are the facts, as a tumour board form records them together. */
    static final String PANEL = "mdt-assessment";
    static final String HISTOLOGY_EXT = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior";

    /** How an Observation's value becomes a field value. */
    enum Reading { ECOG, QUANTITY_NG_ML, TNM_T4, TNM_N_POSITIVE, ANSWERS, BY_FIELD_TYPE }

    /**
     * A standard Observation code that gives a field.
     *
     * @param answers for {@link Reading#ANSWERS}: answer code (in valueCodeableConcept) to the field's word; other answers leave the field missing
     */
    record ObservationRow(String system, String code, String field, Reading reading, Map<String, String> answers) {
        ObservationRow(String system, String code, String field, Reading reading) { this(system, code, field, reading, Map.of()); }
    }

    /** Observations with a standard code (mCODE profiles). */
    static final List<ObservationRow> OBSERVATIONS = List.of(
            new ObservationRow(LOINC, "89247-1", "ecog", Reading.ECOG),                          // mCODE ECOGPerformanceStatus
            new ObservationRow(LOINC, "2039-6", "cea_ng_ml", Reading.QUANTITY_NG_ML),            // mCODE TumorMarkerTest, CEA
            new ObservationRow(LOINC, "21905-5", "primary_t4", Reading.TNM_T4),                  // mCODE TNMPrimaryTumorCategory, clinical
            new ObservationRow(LOINC, "21899-0", "primary_t4", Reading.TNM_T4),                  // ... pathological
            new ObservationRow(LOINC, "21906-3", "primary_node_positive", Reading.TNM_N_POSITIVE), // mCODE TNMRegionalNodesCategory, clinical
            new ObservationRow(LOINC, "21900-6", "primary_node_positive", Reading.TNM_N_POSITIVE)  // ... pathological
            // Contract v2, once the ontology declares the field (see docs/fhir-mapping.md):
            // new ObservationRow(LOINC, "81695-9", "mmr_status", Reading.ANSWERS, Map.of("LA26203-2", "dmmr_msi_high")),
    );

    /**
     * Fields read from Observations coded in {@link #LOCAL} (code = field name), by the field's type:
     * valueBoolean, valueInteger, valueQuantity (unit below) or valueCodeableConcept / valueString (a word).
     * These are the fields with no standard home, and fields (like metastasis_timing) that a standard
     * resource only implies.
     */
    static final List<String> LOCAL_FIELDS = List.of(
            "fit_for_major_surgery", "expert_centre", "staging_complete",
            "primary_site", "primary_status", "primary_symptom", "primary_node_positive", "primary_t4", "tumour_grade",
            "rectal_needs_neoadjuvant_crt", "signet_ring_histology", "ras_status", "braf_v600e",
            "metastasis_timing", "disease_free_interval_months", "preop_chemo_weeks", "chemo_lines", "chemo_response", "on_bevacizumab",
            "liver_met_count", "liver_max_diameter_cm", "liver_bilobar", "liver_r0_feasible", "flr_percent", "liver_parenchyma",
            "hepatectomy_extent", "flr_side_clearable", "disappeared_liver_mets",
            "lung_met_count", "lung_max_diameter_cm", "lung_all_resectable", "pulmonary_reserve_adequate", "thoracic_nodes_positive",
            "peritoneal_mets", "pci", "cc0_1_achievable", "peritoneal_symptoms", "ovarian_mets", "paraaortic_node_count", "bone_mets",
            "brain_met_count",
            // contract v2 (docs/patient-record.md); mmr_status from the local code system until the LOINC answer
            // list of 81695-9 is confirmed for both values (a dMMR-only reading would refuse pMMR records)
            "mmr_status", "immunotherapy_received", "liver_lesions_up_to_3cm_count",
            "cea_decline_from_peak_percent", "months_since_primary_resection"
    );

    /** UCUM units of the local quantities; the value is taken as is in that unit. */
    static final Map<String, Set<String>> UNITS = Map.of(
            "flr_percent", Set.of("%"),
            "liver_max_diameter_cm", Set.of("cm"),
            "lung_max_diameter_cm", Set.of("cm"),
            "disease_free_interval_months", Set.of("mo"),
            "preop_chemo_weeks", Set.of("wk"),
            "cea_decline_from_peak_percent", Set.of("%"),
            "months_since_primary_resection", Set.of("mo"),
            "cea_ng_ml", Set.of("ng/mL", "ug/L"));

    /** Where a metastasis Condition is: the record field and whether that field is a count. */
    record Site(String field, boolean count) {}

    /** ICD-10(-CM) codes of secondary malignant neoplasms, by prefix (mCODE SecondaryCancerDisorderVS). */
    static final Map<String, Site> SECONDARY_ICD10 = Map.ofEntries(
            Map.entry("C78.7", new Site("liver_met_count", true)),       // liver and intrahepatic bile duct
            Map.entry("C78.0", new Site("lung_met_count", true)),        // lung (C78.00-C78.02)
            Map.entry("C78.6", new Site("peritoneal_mets", false)),      // retroperitoneum and peritoneum
            Map.entry("C79.6", new Site("ovarian_mets", false)),         // ovary (C79.60-C79.63)
            Map.entry("C79.51", new Site("bone_mets", false)),           // bone (not C79.52, bone marrow)
            Map.entry("C79.31", new Site("brain_met_count", true)));     // brain
    /** SNOMED CT 128462008 (secondary malignant neoplastic disease) with Condition.bodySite (mCODE's post-coordinated form). */
    static final String SNOMED_SECONDARY = "128462008";
    static final Map<String, Site> SECONDARY_BODY_SITE = Map.of(
            "10200004", new Site("liver_met_count", true),               // liver structure
            "39607008", new Site("lung_met_count", true),                // lung structure
            "15425007", new Site("peritoneal_mets", false),              // peritoneum
            "12738006", new Site("brain_met_count", true));              // brain structure

    /** Primary colorectal cancer (mCODE PrimaryCancerCondition): SNOMED CT codes, as Synthea's colorectal module writes them. */
    static final Set<String> PRIMARY_SNOMED = Set.of("363406005", "93761005", "109838007");
    /** ICD-10 C18.x subsites to primary_site; C18.8/C18.9, C19 (rectosigmoid) and C20 (rectum, height unknown) leave it missing. */
    static final Map<String, String> PRIMARY_SITE_ICD10 = Map.of(
            "C18.0", "right_colon", "C18.2", "right_colon", "C18.3", "right_colon", "C18.4", "right_colon",
            "C18.5", "left_colon", "C18.6", "left_colon", "C18.7", "left_colon");
    /** Resection of the primary (mCODE CancerRelatedSurgicalProcedure): SNOMED CT 43075005 partial resection of colon. */
    static final Set<String> PRIMARY_RESECTION_SNOMED = Set.of("43075005");
    /** Bevacizumab, RxNorm ingredient (mCODE CancerRelatedMedicationRequest/Administration). */
    static final String BEVACIZUMAB_RXNORM = "253337";
    /** ICD-O-3 morphology of signet-ring cell carcinoma, in mCODE's HistologyMorphologyBehavior extension. */
    static final String SIGNET_RING_ICDO3 = "8490/3";

    /** Genomics: mCODE GenomicVariant (LOINC 69548-6), gene studied (48018-6), amino acid change (48005-3). */
    static final String VARIANT = "69548-6", GENE_STUDIED = "48018-6", AMINO_ACID_CHANGE = "48005-3";
    static final String PRESENT = "LA9633-4", ABSENT = "LA9634-2";
    static final Map<String, String> GENES = Map.of("HGNC:6407", "KRAS", "HGNC:7989", "NRAS", "HGNC:1097", "BRAF");

    /** ECOG answers: LOINC LA codes and SNOMED CT grade codes to the grade. */
    static final Map<String, String> ECOG_CODES = Map.ofEntries(
            Map.entry("LA9622-7", "0"), Map.entry("LA9623-5", "1"), Map.entry("LA9624-3", "2"), Map.entry("LA9625-0", "3"),
            Map.entry("LA9626-8", "4"), Map.entry("LA9627-6", "5"),
            Map.entry("425389002", "0"), Map.entry("422512005", "1"), Map.entry("422894000", "2"), Map.entry("423053003", "3"),
            Map.entry("423237006", "4"), Map.entry("423409001", "5"));
    /** TNM categories in SNOMED CT (as Synthea writes them). */
    static final Map<String, String> TNM_SNOMED = Map.of(
            "58790005", "T0", "23351008", "T1", "67673008", "T2", "14410001", "T3", "65565005", "T4",
            "62455006", "N0", "53623008", "N1", "46059003", "N2", "5856006", "N3");
    private static final Pattern AJCC_CATEGORY = Pattern.compile("(?:y|r|a)?(?:c|p)?([TN])(is|X|\\d)[a-dA-D]?\\d?(?:\\(.*\\))?");

    private final Map<String, Field> fields;

    FhirMapping(Map<String, Field> fields) { this.fields = fields; }

    boolean knows(String field) { return fields.containsKey(field); }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Whether an Observation (as JSON) may give a field, by its code alone: most Observations of an
     * EHR (vital signs, laboratory panels) do not, and are then not parsed with HAPI at all. Reads
     * only up to the codings of {@code code}. Unparseable JSON answers true, so that HAPI reports it.
     */
    boolean mayRead(String observationJson) {
        try (JsonParser p = JSON.createParser(observationJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (!key.equals("code") || t != JsonToken.START_OBJECT) { p.skipChildren(); continue; }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    t = p.nextToken();
                    if (!k.equals("coding") || t != JsonToken.START_ARRAY) { p.skipChildren(); continue; }
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String system = null, code = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("system")) system = p.getValueAsString();
                            else if (f.equals("code")) code = p.getValueAsString();
                            else p.skipChildren();
                        }
                        if (system != null && code != null && readsCode(system, code)) return true;
                    }
                }
                return false;
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** {@link #mayRead(String)} for an Observation already read (by {@link FastResource}). */
    boolean mayRead(Observation o) {
        for (Coding c : o.getCode().getCoding()) {
            if (c.getSystem() != null && c.getCode() != null && readsCode(c.getSystem(), c.getCode())) return true;
        }
        return false;
    }

    private boolean readsCode(String system, String code) {
        if (LOCAL.equals(system) || (LOINC.equals(system) && VARIANT.equals(code))) return true;
        for (ObservationRow row : OBSERVATIONS) if (row.system().equals(system) && row.code().equals(code) && knows(row.field())) return true;
        return false;
    }

    /** Where facts and errors of one resource go. */
    interface Sink {
        void fact(String field, Candidate c);
        void error(DataError e);
    }

    // ---- Observation -------------------------------------------------------------------------

    private static final Set<String> USABLE_OBSERVATION = Set.of("final", "amended", "corrected", "preliminary");

    /**
     * The facts of one Observation. TNM facts are reported like any other; the reader decides
     * whether they describe the colorectal primary once it knows the patient's conditions.
     */
    void observation(Observation o, SourceLocation at, String label, Sink sink) {
        if (o.hasStatus() && !USABLE_OBSERVATION.contains(o.getStatus().toCode())) return;
        Instant when = observationTime(o);
        for (Coding c : o.getCode().getCoding()) {
            String system = c.getSystem(), code = c.getCode();
            if (system == null || code == null) continue;
            if (LOCAL.equals(system)) { local(o, code, when, at, label, sink); return; }
            if (LOINC.equals(system) && VARIANT.equals(code)) { variant(o, when, at, label, sink); return; }
            for (ObservationRow row : OBSERVATIONS) {
                if (row.system().equals(system) && row.code().equals(code) && knows(row.field())) {
                    read(o, row, when, at, label, sink);
                    return;
                }
            }
        }
    }

    private void local(Observation o, String code, Instant when, SourceLocation at, String label, Sink sink) {
        if (PANEL.equals(code)) {
            // a panel: each component is one local fact, at the Observation's time
            int i = 0;
            for (Observation.ObservationComponentComponent comp : o.getComponent()) {
                SourceLocation ci = at.withPath(at.path() + ".component[" + i++ + "]");
                String field = null;
                for (Coding c : comp.getCode().getCoding()) if (LOCAL.equals(c.getSystem())) field = c.getCode();
                if (field == null) continue;  // a component in another code system: not ours to read
                if (!localField(field, ci, label, sink)) continue;
                read(comp.getValue(), comp.hasDataAbsentReason(), new ObservationRow(LOCAL, field, field, Reading.BY_FIELD_TYPE), when, ci, label, sink);
            }
            return;
        }
        if (!localField(code, at, label, sink)) return;
        read(o.getValue(), o.hasDataAbsentReason(), new ObservationRow(LOCAL, code, code, Reading.BY_FIELD_TYPE), when, at, label, sink);
    }

    private boolean localField(String code, SourceLocation at, String label, Sink sink) {
        if (LOCAL_FIELDS.contains(code) && knows(code)) return true;
        String known = String.join(", ", LOCAL_FIELDS.stream().filter(this::knows).toList());
        sink.error(new DataError("data#unknown-field", at.withPath(at.path() + ".code"), code,
                label + ": '" + code + "' is not a code of " + LOCAL + "; its codes are " + PANEL + " and the record fields " + known));
        return false;
    }

    private void read(Observation o, ObservationRow row, Instant when, SourceLocation at, String label, Sink sink) {
        read(o.getValue(), o.hasDataAbsentReason(), row, when, at, label, sink);
    }

    private void read(Type v, boolean dataAbsent, ObservationRow row, Instant when, SourceLocation at, String label, Sink sink) {
        String field = row.field();
        String base = at.path();
        if (v == null) {
            if (dataAbsent) return;  // stated unknown: stays missing
            sink.error(new DataError("data#fhir-unmappable", at.withPath(base + ".value[x]"), field, label + ": no value and no dataAbsentReason"));
            return;
        }
        String path = base + ".value" + capitalised(v.fhirType());
        SourceLocation where = at.withPath(path);
        String value = switch (row.reading()) {
            case ANSWERS -> answer(v, row.answers());
            case ECOG -> ecog(v, where, field, label, sink);
            case QUANTITY_NG_ML -> quantity(v, field, where, label, sink);
            case TNM_T4 -> tnm(v, "T", where, field, label, sink);
            case TNM_N_POSITIVE -> tnm(v, "N", where, field, label, sink);
            case BY_FIELD_TYPE -> byType(v, fields.get(field), where, label, sink);
        };
        if (value != null) sink.fact(field, new Candidate(value, when, where, label));
    }

    private static String answer(Type v, Map<String, String> answers) {
        if (v instanceof CodeableConcept cc) for (Coding c : cc.getCoding()) if (c.getCode() != null && answers.containsKey(c.getCode())) return answers.get(c.getCode());
        return null;  // an answer the row does not map (MSI-L, indeterminate): unknown
    }

    private static String ecog(Type v, SourceLocation where, String field, String label, Sink sink) {
        if (v instanceof IntegerType i) return String.valueOf(i.getValue());
        if (v instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) if (c.getCode() != null && ECOG_CODES.containsKey(c.getCode())) return ECOG_CODES.get(c.getCode());
        }
        sink.error(new DataError("data#fhir-unmappable", where, field,
                label + ": ECOG is read from valueInteger, or a LOINC LA9622-7..LA9626-8 / SNOMED CT grade code"));
        return null;
    }

    private static String quantity(Type v, String field, SourceLocation where, String label, Sink sink) {
        if (!(v instanceof Quantity q) || !q.hasValue()) {
            sink.error(new DataError("data#fhir-unmappable", where, field, label + ": " + field + " is read from valueQuantity"));
            return null;
        }
        Set<String> units = UNITS.get(field);
        String unit = q.hasCode() ? q.getCode() : q.getUnit();
        if (units != null && (unit == null || !units.contains(unit))) {
            sink.error(new DataError("data#fhir-unmappable", where.withPath(where.path() + ".code"), field,
                    label + ": unit '" + unit + "' is not " + String.join(" or ", units.stream().sorted().toList()) + " (UCUM)"));
            return null;
        }
        if (q.hasComparator()) {
            sink.error(new DataError("data#fhir-unmappable", where.withPath(where.path() + ".comparator"), field,
                    label + ": a value with a comparator ('" + q.getComparator().toCode() + "') is not an exact value"));
            return null;
        }
        return q.getValue().toPlainString();
    }

    private static String tnm(Type v, String axis, SourceLocation where, String field, String label, Sink sink) {
        String category = null;
        if (v instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) {
                if (c.getCode() == null) continue;
                if (SNOMED.equals(c.getSystem()) && TNM_SNOMED.containsKey(c.getCode())) category = TNM_SNOMED.get(c.getCode());
                else if (AJCC.equals(c.getSystem())) {
                    Matcher m = AJCC_CATEGORY.matcher(c.getCode().strip());
                    if (m.matches() && m.group(1).equals(axis)) category = axis + m.group(2);
                }
                if (category != null) break;
            }
        }
        if (category == null || !category.startsWith(axis)) {
            sink.error(new DataError("data#fhir-unmappable", where, field,
                    label + ": the " + axis + " category is read from an AJCC code (" + AJCC + ", e.g. c" + axis + "1) or a SNOMED CT " + axis + " category code"));
            return null;
        }
        String grade = category.substring(1);
        if (grade.equals("X")) return null;  // cannot be assessed: unknown
        if (axis.equals("T")) return String.valueOf(grade.equals("4"));
        return String.valueOf(!grade.equals("0"));
    }

    /** A value by the field's declared type; the validator then checks range and words. */
    private static String byType(Type v, Field f, SourceLocation where, String label, Sink sink) {
        FieldType t = f.type();
        if (t == FieldType.BOOLEAN && v instanceof BooleanType b) return String.valueOf(b.booleanValue());
        if (t == FieldType.INTEGER && v instanceof IntegerType i) return String.valueOf(i.getValue());
        if ((t == FieldType.INTEGER || t == FieldType.DECIMAL) && v instanceof Quantity) {
            return quantity(v, f.name(), where, label, sink);
        }
        if (t == FieldType.WORD && v instanceof StringType s) return s.getValue();
        if (t == FieldType.WORD && v instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) if (LOCAL.equals(c.getSystem()) && c.getCode() != null) return c.getCode();
            sink.error(new DataError("data#fhir-unmappable", where, f.name(), label + ": " + f.name() + " is read from a coding in " + LOCAL + ": " + f.allowedValues()));
            return null;
        }
        String expected = switch (t) {
            case BOOLEAN -> "valueBoolean";
            case INTEGER -> "valueInteger (or valueQuantity)";
            case DECIMAL -> "valueQuantity";
            default -> "valueCodeableConcept (a coding in " + LOCAL + ") or valueString";
        };
        sink.error(new DataError("data#fhir-unmappable", where, f.name(), label + ": " + f.name() + " is read from " + expected + ", not value" + capitalised(v.fhirType())));
        return null;
    }

    /** A GenomicVariant: the gene and present/absent (and V600E for BRAF) become facts "gene:KRAS" etc., combined later. */
    private void variant(Observation o, Instant when, SourceLocation at, String label, Sink sink) {
        String gene = null, change = null;
        int i = 0;
        for (Observation.ObservationComponentComponent comp : o.getComponent()) {
            for (Coding c : comp.getCode().getCoding()) {
                if (!LOINC.equals(c.getSystem())) continue;
                if (GENE_STUDIED.equals(c.getCode()) && comp.getValue() instanceof CodeableConcept cc) {
                    for (Coding g : cc.getCoding()) if (g.getCode() != null && GENES.containsKey(g.getCode())) gene = GENES.get(g.getCode());
                }
                if (AMINO_ACID_CHANGE.equals(c.getCode()) && comp.getValue() != null) {
                    change = comp.getValue() instanceof CodeableConcept cc ? cc.getCodingFirstRep().getCode() : comp.getValue().primitiveValue();
                }
            }
            i++;
        }
        if (gene == null) return;  // another gene: not a field
        String presence = null;
        if (o.getValue() instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) {
                if (PRESENT.equals(c.getCode())) presence = "present";
                if (ABSENT.equals(c.getCode())) presence = "absent";
            }
        }
        String field = gene.equals("BRAF") ? "braf_v600e" : "ras_status";
        if (presence == null) {
            sink.error(new DataError("data#fhir-unmappable", at.withPath(at.path() + ".valueCodeableConcept"), field,
                    label + ": a " + gene + " variant is read from valueCodeableConcept " + PRESENT + " (present) or " + ABSENT + " (absent)"));
            return;
        }
        String value = presence;
        if (gene.equals("BRAF") && presence.equals("present")) {
            value = change != null && isV600E(change) ? "present:V600E" : "present:other";
        }
        sink.fact("gene:" + gene, new Candidate(value, when, at.withPath(at.path() + ".valueCodeableConcept"), label));
    }

    static boolean isV600E(String change) {
        String c = change.replace("p.", "").replace("(", "").replace(")", "").strip();
        return c.equalsIgnoreCase("V600E") || c.equalsIgnoreCase("Val600Glu");
    }

    static Instant observationTime(Observation o) {
        if (o.hasEffectiveDateTimeType()) return o.getEffectiveDateTimeType().getValue().toInstant();
        if (o.hasEffectiveInstantType()) return o.getEffectiveInstantType().getValue().toInstant();
        if (o.hasEffectivePeriod()) {
            var p = o.getEffectivePeriod();
            if (p.hasEnd()) return p.getEnd().toInstant();
            if (p.hasStart()) return p.getStart().toInstant();
        }
        return o.hasIssued() ? o.getIssued().toInstant() : null;
    }

    // ---- Condition ---------------------------------------------------------------------------

    /** What a Condition says: a colorectal primary (with its site), another cancer, or a metastasis site. */
    record ConditionFacts(boolean colorectalPrimary, boolean otherCancer, String primarySite, Boolean signetRing, Site site, boolean refuted) {}

    static ConditionFacts condition(Condition c) {
        if (c.hasVerificationStatus() && hasCode(c.getVerificationStatus(), "entered-in-error")) return null;
        // a suspected diagnosis is not a fact: only confirmed (or unqualified) and refuted ones are read
        if (c.hasVerificationStatus() && (hasCode(c.getVerificationStatus(), "unconfirmed") || hasCode(c.getVerificationStatus(), "provisional")
                || hasCode(c.getVerificationStatus(), "differential"))) return null;
        boolean refuted = c.hasVerificationStatus() && hasCode(c.getVerificationStatus(), "refuted");
        // a metastasis resolved or in remission says nothing about today's disease; the primary stays a fact
        boolean active = !c.hasClinicalStatus() || hasCode(c.getClinicalStatus(), "active") || hasCode(c.getClinicalStatus(), "recurrence")
                || hasCode(c.getClinicalStatus(), "relapse");
        boolean primary = false, other = false;
        String site = null;
        Site secondary = null;
        for (Coding k : c.getCode().getCoding()) {
            String code = k.getCode();
            if (code == null) continue;
            if (SNOMED.equals(k.getSystem())) {
                if (PRIMARY_SNOMED.contains(code)) primary = true;
                if (SNOMED_SECONDARY.equals(code)) {
                    for (CodeableConcept bs : c.getBodySite()) for (Coding b : bs.getCoding()) {
                        if (SNOMED.equals(b.getSystem()) && SECONDARY_BODY_SITE.containsKey(b.getCode())) secondary = SECONDARY_BODY_SITE.get(b.getCode());
                    }
                }
            } else if (ICD10CM.equals(k.getSystem()) || ICD10.equals(k.getSystem())) {
                String n = normaliseIcd(code);
                if (n.startsWith("C18") || n.startsWith("C19") || n.startsWith("C20")) {
                    if (!n.startsWith("C18.1")) primary = true;  // C18.1 is the appendix
                    String s = PRIMARY_SITE_ICD10.get(n.length() > 5 ? n.substring(0, 5) : n);
                    if (s != null) site = s;
                } else if (n.startsWith("C77") || n.startsWith("C78") || n.startsWith("C79")) {
                    for (Map.Entry<String, Site> e : SECONDARY_ICD10.entrySet()) if (n.startsWith(e.getKey())) secondary = e.getValue();
                } else if (n.matches("C[0-9].*|D0[0-9].*") ) {
                    other = true;
                }
            }
        }
        Boolean signet = null;
        if (primary) {
            for (Extension e : c.getExtensionsByUrl(HISTOLOGY_EXT)) {
                if (e.getValue() instanceof CodeableConcept cc) {
                    for (Coding k : cc.getCoding()) if (SIGNET_RING_ICDO3.equals(k.getCode()) && k.getSystem() != null && k.getSystem().toLowerCase(Locale.ROOT).contains("icd-o-3")) signet = true;
                }
            }
        }
        if (secondary != null && !active && !refuted) secondary = null;
        if (!primary && !other && secondary == null) return null;
        return new ConditionFacts(primary && !refuted, other && !refuted, refuted ? null : site, signet, secondary, refuted);
    }

    static Instant conditionTime(Condition c) {
        if (c.hasOnsetDateTimeType()) return c.getOnsetDateTimeType().getValue().toInstant();
        if (c.hasOnsetPeriod() && c.getOnsetPeriod().hasStart()) return c.getOnsetPeriod().getStart().toInstant();
        if (c.hasRecordedDate()) return c.getRecordedDate().toInstant();
        return null;
    }

    private static String normaliseIcd(String code) {
        String n = code.strip().toUpperCase(Locale.ROOT);
        if (n.length() > 3 && n.charAt(3) != '.') n = n.substring(0, 3) + "." + n.substring(3);
        return n;
    }

    private static boolean hasCode(CodeableConcept cc, String code) {
        for (Coding c : cc.getCoding()) if (code.equals(c.getCode())) return true;
        return false;
    }

    // ---- Procedure, medications --------------------------------------------------------------

    /** Whether the Procedure is a completed resection of a colorectal primary (by code). */
    static boolean primaryResection(Procedure p) {
        if (p.getStatus() != Procedure.ProcedureStatus.COMPLETED) return false;
        for (Coding c : p.getCode().getCoding()) if (SNOMED.equals(c.getSystem()) && PRIMARY_RESECTION_SNOMED.contains(c.getCode())) return true;
        return false;
    }

    static Instant procedureTime(Procedure p) {
        if (p.hasPerformedDateTimeType()) return p.getPerformedDateTimeType().getValue().toInstant();
        if (p.hasPerformedPeriod()) {
            var per = p.getPerformedPeriod();
            if (per.hasStart()) return per.getStart().toInstant();
            if (per.hasEnd()) return per.getEnd().toInstant();
        }
        return null;
    }

    /** Bevacizumab received now or planned: an active or draft request, an administration in progress, an active statement. */
    static boolean bevacizumab(Resource r) {
        CodeableConcept med = null;
        boolean current = false;
        if (r instanceof MedicationRequest m) {
            med = m.hasMedicationCodeableConcept() ? m.getMedicationCodeableConcept() : null;
            current = m.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE || m.getStatus() == MedicationRequest.MedicationRequestStatus.DRAFT;
        } else if (r instanceof MedicationAdministration m) {
            med = m.hasMedicationCodeableConcept() ? m.getMedicationCodeableConcept() : null;
            current = m.getStatus() == MedicationAdministration.MedicationAdministrationStatus.INPROGRESS;
        } else if (r instanceof MedicationStatement m) {
            med = m.hasMedicationCodeableConcept() ? m.getMedicationCodeableConcept() : null;
            current = m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE || m.getStatus() == MedicationStatement.MedicationStatementStatus.INTENDED;
        }
        if (med == null || !current) return false;
        for (Coding c : med.getCoding()) if (RXNORM.equals(c.getSystem()) && BEVACIZUMAB_RXNORM.equals(c.getCode())) return true;
        return false;
    }

    static Instant medicationTime(Resource r) {
        if (r instanceof MedicationRequest m && m.hasAuthoredOn()) return m.getAuthoredOn().toInstant();
        if (r instanceof MedicationAdministration m && m.hasEffectiveDateTimeType()) return m.getEffectiveDateTimeType().getValue().toInstant();
        if (r instanceof MedicationAdministration m && m.hasEffectivePeriod() && m.getEffectivePeriod().hasStart()) return m.getEffectivePeriod().getStart().toInstant();
        if (r instanceof MedicationStatement m && m.hasEffectiveDateTimeType()) return m.getEffectiveDateTimeType().getValue().toInstant();
        return null;
    }

    /** The patient a resource is about: its subject (or patient) reference. */
    static Reference subject(Resource r) {
        if (r instanceof Observation o) return o.getSubject();
        if (r instanceof Condition c) return c.getSubject();
        if (r instanceof Procedure p) return p.getSubject();
        if (r instanceof MedicationRequest m) return m.getSubject();
        if (r instanceof MedicationAdministration m) return m.getSubject();
        if (r instanceof MedicationStatement m) return m.getSubject();
        return null;
    }

    static String capitalised(String fhirType) {
        return fhirType.isEmpty() ? fhirType : Character.toUpperCase(fhirType.charAt(0)) + fhirType.substring(1);
    }
}
