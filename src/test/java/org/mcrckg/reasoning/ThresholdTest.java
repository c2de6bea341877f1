package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.support.Cohort;

/**
 * Every numeric threshold of the rules, at the edge, just above and just below. Each case is a
 * base patient, the value that moves, and the answer (a procedure's status, or a tag) expected.
 */
class ThresholdTest {
    /** Resectable liver-only disease with every other fact settled. */
    static Map<String, Object> liver() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("age", 60); m.put("ecog", 0); m.put("fit_for_major_surgery", true); m.put("expert_centre", true);
        m.put("staging_complete", true); m.put("primary_site", "left_colon"); m.put("primary_status", "resected");
        m.put("primary_symptom", "none"); m.put("primary_node_positive", true); m.put("metastasis_timing", "metachronous");
        m.put("disease_free_interval_months", 24); m.put("cea_ng_ml", 10); m.put("liver_met_count", 2);
        m.put("liver_max_diameter_cm", 4.0); m.put("liver_bilobar", false); m.put("liver_r0_feasible", true);
        m.put("flr_percent", 50); m.put("liver_parenchyma", "normal"); m.put("preop_chemo_weeks", 0);
        return m;
    }

    static Map<String, Object> peritoneum() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("age", 55); m.put("ecog", 0); m.put("fit_for_major_surgery", true); m.put("expert_centre", true);
        m.put("staging_complete", true); m.put("primary_status", "resected"); m.put("primary_symptom", "none");
        m.put("peritoneal_mets", true); m.put("pci", 10); m.put("cc0_1_achievable", true);
        return m;
    }

    static Map<String, Object> synchronous() {
        Map<String, Object> m = liver();
        m.put("metastasis_timing", "synchronous"); m.put("disease_free_interval_months", 0); m.put("primary_status", "in_situ");
        m.put("hepatectomy_extent", "major"); m.put("rectal_needs_neoadjuvant_crt", false);
        return m;
    }

    static Map<String, Object> transplant() {
        Map<String, Object> m = liver();
        m.put("liver_r0_feasible", false); m.put("liver_met_count", 20); m.put("braf_v600e", "wild_type"); m.put("chemo_lines", 2);
        m.put("chemo_response", "stable"); m.put("preop_chemo_weeks", 30); m.put("age", 50);
        return m;
    }

    static Map<String, Object> lung() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("age", 60); m.put("ecog", 0); m.put("fit_for_major_surgery", true); m.put("staging_complete", true);
        m.put("primary_status", "resected"); m.put("primary_symptom", "none"); m.put("lung_met_count", 2);
        m.put("lung_max_diameter_cm", 2.0); m.put("lung_all_resectable", true); m.put("pulmonary_reserve_adequate", true);
        m.put("thoracic_nodes_positive", false);
        return m;
    }

    /** Unresectable liver-only disease in a transplantation candidate who meets every criterion but the one that moves. */
    static Map<String, Object> transMet() {
        Map<String, Object> m = transplant();
        m.put("ecog", 0); m.put("cea_ng_ml", 95); m.put("cea_decline_from_peak_percent", 60); m.put("months_since_primary_resection", 30);
        m.put("liver_max_diameter_cm", 4.0);
        return m;
    }

    /** Unresectable liver disease with bone metastases (no conversion, no curative plan): the systemic keys by performance status. */
    static Map<String, Object> palliative() {
        Map<String, Object> m = liver();
        m.put("liver_r0_feasible", false); m.put("liver_met_count", 20); m.put("bone_mets", true); m.put("fit_for_major_surgery", false);
        m.put("mmr_status", "dmmr_msi_high");
        return m;
    }

    /** A perforated primary in place with unresectable liver metastases, judged fit. */
    static Map<String, Object> perforation() {
        Map<String, Object> m = liver();
        m.put("primary_status", "in_situ"); m.put("primary_symptom", "perforation"); m.put("metastasis_timing", "synchronous");
        m.put("disease_free_interval_months", 0); m.put("liver_r0_feasible", false); m.put("liver_met_count", 9);
        return m;
    }

    static Arguments c(String name, Map<String, Object> base, String field, Object value, String what, String expected) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(field, value);
        return Arguments.of(name + ": " + field + " = " + value, m, what, expected);
    }

    static Arguments c(String name, Map<String, Object> base, Map<String, Object> also, String field, Object value, String what, String expected) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.putAll(also);
        return c(name, m, field, value, what, expected);
    }

    static Stream<Arguments> cases() {
        Map<String, Object> chemo12 = Map.of("preop_chemo_weeks", 12, "chemo_response", "partial");
        Map<String, Object> cirrhosis = Map.of("liver_parenchyma", "cirrhosis");
        Map<String, Object> injured = Map.of("liver_parenchyma", "chemo_injured");
        return Stream.of(
            // FLR thresholds (brief §a7.2): 20 normal, 30 after >= 12 weeks or chemotherapy injury, 40 cirrhosis; inclusive
            c("FLR normal liver", liver(), "flr_percent", 19.9, "hepatectomy", "not_indicated"),
            c("FLR normal liver", liver(), "flr_percent", 19.9, "portal_vein_embolization", "recommended"),
            c("FLR normal liver", liver(), "flr_percent", 20.0, "hepatectomy", "recommended"),
            c("FLR normal liver", liver(), "flr_percent", 20.0, "portal_vein_embolization", "not_indicated"),
            c("FLR normal liver", liver(), "flr_percent", 20.1, "hepatectomy", "recommended"),
            c("FLR after chemotherapy", liver(), chemo12, "flr_percent", 29.9, "portal_vein_embolization", "recommended"),
            c("FLR after chemotherapy", liver(), chemo12, "flr_percent", 30.0, "hepatectomy", "recommended"),
            c("FLR after chemotherapy", liver(), chemo12, "flr_percent", 30.1, "hepatectomy", "recommended"),
            c("FLR chemotherapy injury", liver(), injured, "flr_percent", 29.9, "hepatectomy", "not_indicated"),
            c("FLR chemotherapy injury", liver(), injured, "flr_percent", 30.0, "hepatectomy", "recommended"),
            c("FLR cirrhosis", liver(), cirrhosis, "flr_percent", 39.9, "hepatectomy", "not_indicated"),
            c("FLR cirrhosis", liver(), cirrhosis, "flr_percent", 40.0, "hepatectomy", "recommended"),
            c("FLR cirrhosis", liver(), cirrhosis, "flr_percent", 40.1, "hepatectomy", "recommended"),
            // extensive chemotherapy: 12 weeks or more ([M], inclusive); FLR 25 passes 20 but fails 30
            c("chemotherapy weeks", liver(), Map.of("flr_percent", 25, "chemo_response", "partial"), "preop_chemo_weeks", 11, "hepatectomy", "recommended"),
            c("chemotherapy weeks", liver(), Map.of("flr_percent", 25, "chemo_response", "partial"), "preop_chemo_weeks", 12, "hepatectomy", "not_indicated"),
            c("chemotherapy weeks", liver(), Map.of("flr_percent", 25, "chemo_response", "partial"), "preop_chemo_weeks", 13, "portal_vein_embolization", "recommended"),
            // ablation size limit 3.0 cm, inclusive (L10)
            c("ablation size", liver(), "liver_max_diameter_cm", 2.9, "liver_thermal_ablation", "consider"),
            c("ablation size", liver(), "liver_max_diameter_cm", 3.0, "liver_thermal_ablation", "consider"),
            c("ablation size", liver(), Map.of("liver_lesions_up_to_3cm_count", 0), "liver_max_diameter_cm", 3.1, "liver_thermal_ablation", "not_recommended"),
            // fitness gate G2: ECOG 3 or worse
            c("ECOG gate", liver(), "ecog", 2, "hepatectomy", "recommended"),
            c("ECOG gate", liver(), "ecog", 3, "hepatectomy", "not_recommended"),
            c("ECOG gate", liver(), "ecog", 4, "hepatectomy", "not_recommended"),
            // Fong score (strict): node+ and 2 tumours give 2 points; the moving criterion gives the third
            c("Fong CEA", liver(), "cea_ng_ml", 199.9, "tag", "low_recurrence_risk"),
            c("Fong CEA", liver(), "cea_ng_ml", 200, "tag", "low_recurrence_risk"),
            c("Fong CEA", liver(), "cea_ng_ml", 200.1, "tag", "high_recurrence_risk"),
            c("Fong disease-free interval", liver(), "disease_free_interval_months", 11.9, "tag", "high_recurrence_risk"),
            c("Fong disease-free interval", liver(), "disease_free_interval_months", 12.0, "tag", "low_recurrence_risk"),
            c("Fong disease-free interval", liver(), "disease_free_interval_months", 12.1, "tag", "low_recurrence_risk"),
            c("Fong size", liver(), "liver_max_diameter_cm", 4.9, "tag", "low_recurrence_risk"),
            c("Fong size", liver(), "liver_max_diameter_cm", 5.0, "tag", "low_recurrence_risk"),
            c("Fong size", liver(), "liver_max_diameter_cm", 5.1, "tag", "high_recurrence_risk"),
            c("Fong count", liver(), Map.of("disease_free_interval_months", 6), "liver_met_count", 1, "tag", "low_recurrence_risk"),
            c("Fong count", liver(), Map.of("disease_free_interval_months", 6), "liver_met_count", 2, "tag", "high_recurrence_risk"),
            // PCI limit 20, inclusive (PM1 / PM2); unfavourable band from 16
            c("PCI limit", peritoneum(), "pci", 19, "cytoreductive_surgery", "consider"),
            c("PCI limit", peritoneum(), "pci", 20, "cytoreductive_surgery", "consider"),
            c("PCI limit", peritoneum(), "pci", 21, "cytoreductive_surgery", "not_recommended"),
            c("PCI band", peritoneum(), "pci", 15, "!tag", "unfavourable_pci"),
            c("PCI band", peritoneum(), "pci", 16, "tag", "unfavourable_pci"),
            c("PCI band", peritoneum(), "pci", 20, "tag", "unfavourable_pci"),
            c("CRS performance status", peritoneum(), "ecog", 1, "cytoreductive_surgery", "consider"),
            c("CRS performance status", peritoneum(), "ecog", 2, "cytoreductive_surgery", "not_indicated"),
            // simultaneous major resection: age 70 or more (L9b); under 70 at an expert centre (L9b')
            c("age and simultaneous resection", synchronous(), "age", 69, "simultaneous_resection", "consider"),
            c("age and simultaneous resection", synchronous(), "age", 70, "simultaneous_resection", "not_recommended"),
            c("age and simultaneous resection", synchronous(), "age", 71, "simultaneous_resection", "not_recommended"),
            // liver-first for an extensive burden: 5 or more lesions ([M])
            c("liver burden", synchronous(), "liver_met_count", 4, "liver_first_resection", "not_indicated"),
            c("liver burden", synchronous(), "liver_met_count", 5, "liver_first_resection", "consider"),
            // transplantation (L11): age 65 or less, 3 lines or fewer, 3 months (12 weeks) or more
            c("transplant age", transplant(), "age", 65, "liver_transplantation", "consider"),
            c("transplant age", transplant(), "age", 66, "liver_transplantation", "not_indicated"),
            c("transplant lines", transplant(), "chemo_lines", 3, "liver_transplantation", "consider"),
            c("transplant lines", transplant(), "chemo_lines", 4, "liver_transplantation", "not_indicated"),
            c("transplant duration", transplant(), "preop_chemo_weeks", 11, "liver_transplantation", "not_indicated"),
            c("transplant duration", transplant(), "preop_chemo_weeks", 12, "liver_transplantation", "consider"),
            c("transplant ECOG", transplant(), "ecog", 1, "liver_transplantation", "consider"),
            c("transplant ECOG", transplant(), "ecog", 2, "liver_transplantation", "not_indicated"),
            // lung: SBRT for 5 lesions or fewer; ablation 3 cm or less
            c("lung count", lung(), "lung_met_count", 5, "lung_sbrt", "consider"),
            c("lung count", lung(), "lung_met_count", 6, "lung_sbrt", "not_indicated"),
            c("lung ablation size", lung(), "lung_max_diameter_cm", 3.0, "lung_thermal_ablation", "consider"),
            c("lung ablation size", lung(), "lung_max_diameter_cm", 3.1, "lung_thermal_ablation", "not_indicated"),
            // para-aortic nodes: fewer than 3
            c("para-aortic nodes", liver(), Map.of("liver_met_count", 1), "paraaortic_node_count", 2, "paraaortic_lymphadenectomy", "consider"),
            c("para-aortic nodes", liver(), Map.of("liver_met_count", 1), "paraaortic_node_count", 3, "tag", "paraaortic_poor_prognosis"),
            // oligometastatic (G4): liver + lung lesions 5 or fewer
            c("oligometastatic lesions", lung(), Map.of("liver_met_count", 2, "liver_r0_feasible", true), "lung_met_count", 3, "tag", "oligometastatic"),
            c("oligometastatic lesions", lung(), Map.of("liver_met_count", 2, "liver_r0_feasible", true), "lung_met_count", 4, "!tag", "oligometastatic"),
            // knowledge update 2025
            // ablation lesion ceiling 10 (L10a, inclusive); more is outside the trials (L10-n)
            c("ablation lesion ceiling", liver(), Map.of("liver_max_diameter_cm", 2.0), "liver_met_count", 9, "liver_thermal_ablation", "consider"),
            c("ablation lesion ceiling", liver(), Map.of("liver_max_diameter_cm", 2.0), "liver_met_count", 10, "liver_thermal_ablation", "consider"),
            c("ablation lesion ceiling", liver(), Map.of("liver_max_diameter_cm", 2.0), "liver_met_count", 11, "liver_thermal_ablation", "not_indicated"),
            // 3 cm with a small lesion beside the large one: sole ablation (L10a) at 3.0, combined plan (L10c) above
            c("combined ablation", liver(), Map.of("liver_lesions_up_to_3cm_count", 1), "liver_max_diameter_cm", 2.9, "liver_thermal_ablation", "consider"),
            c("combined ablation", liver(), Map.of("liver_lesions_up_to_3cm_count", 1), "liver_max_diameter_cm", 3.1, "liver_thermal_ablation", "consider"),
            c("combined ablation", liver(), Map.of("liver_lesions_up_to_3cm_count", 0), "liver_max_diameter_cm", 3.1, "liver_thermal_ablation", "not_recommended"),
            // liver SBRT: at most 5 lesions and 6 cm (LS1), unfit at ECOG 2
            c("liver SBRT lesions", liver(), Map.of("fit_for_major_surgery", false, "ecog", 2), "liver_met_count", 4, "liver_sbrt", "consider"),
            c("liver SBRT lesions", liver(), Map.of("fit_for_major_surgery", false, "ecog", 2), "liver_met_count", 5, "liver_sbrt", "consider"),
            c("liver SBRT lesions", liver(), Map.of("fit_for_major_surgery", false, "ecog", 2), "liver_met_count", 6, "liver_sbrt", "not_indicated"),
            c("liver SBRT size", liver(), Map.of("fit_for_major_surgery", false, "ecog", 2), "liver_max_diameter_cm", 5.9, "liver_sbrt", "consider"),
            c("liver SBRT size", liver(), Map.of("fit_for_major_surgery", false, "ecog", 2), "liver_max_diameter_cm", 6.0, "liver_sbrt", "consider"),
            c("liver SBRT size", liver(), Map.of("fit_for_major_surgery", false, "ecog", 2), "liver_max_diameter_cm", 6.1, "liver_sbrt", "not_indicated"),
            c("liver SBRT performance status", liver(), Map.of("fit_for_major_surgery", false), "ecog", 3, "liver_sbrt", "not_indicated"),
            // TransMet CEA criterion: CEA < 80 or a fall of 50% or more (a fall of 10% leaves CEA alone deciding)
            c("TransMet CEA", transMet(), Map.of("cea_decline_from_peak_percent", 10), "cea_ng_ml", 79.9, "liver_transplantation", "consider"),
            c("TransMet CEA", transMet(), Map.of("cea_decline_from_peak_percent", 10), "cea_ng_ml", 80, "liver_transplantation", "not_recommended"),
            c("TransMet CEA", transMet(), Map.of("cea_decline_from_peak_percent", 10), "cea_ng_ml", 80.1, "liver_transplantation", "not_recommended"),
            c("TransMet CEA fall", transMet(), Map.of("cea_ng_ml", 140), "cea_decline_from_peak_percent", 49.9, "liver_transplantation", "not_recommended"),
            c("TransMet CEA fall", transMet(), Map.of("cea_ng_ml", 140), "cea_decline_from_peak_percent", 50, "liver_transplantation", "consider"),
            c("TransMet CEA fall", transMet(), Map.of("cea_ng_ml", 140), "cea_decline_from_peak_percent", 50.1, "liver_transplantation", "consider"),
            // Oslo score <= 2 (strict points): CEA 95 and 12 months since primary resection give 2 points; the size gives the third
            c("Oslo size", transMet(), Map.of("months_since_primary_resection", 12), "liver_max_diameter_cm", 5.4, "liver_transplantation", "consider"),
            c("Oslo size", transMet(), Map.of("months_since_primary_resection", 12), "liver_max_diameter_cm", 5.5, "liver_transplantation", "consider"),
            c("Oslo size", transMet(), Map.of("months_since_primary_resection", 12), "liver_max_diameter_cm", 5.6, "liver_transplantation", "not_recommended"),
            c("Oslo interval", transMet(), Map.of("liver_max_diameter_cm", 6.0), "months_since_primary_resection", 23.9, "liver_transplantation", "not_recommended"),
            c("Oslo interval", transMet(), Map.of("liver_max_diameter_cm", 6.0), "months_since_primary_resection", 24, "liver_transplantation", "consider"),
            c("Oslo interval", transMet(), Map.of("liver_max_diameter_cm", 6.0), "months_since_primary_resection", 24.1, "liver_transplantation", "consider"),
            c("Oslo CEA point", transMet(), Map.of("liver_max_diameter_cm", 6.0, "months_since_primary_resection", 12, "cea_decline_from_peak_percent", 60), "cea_ng_ml", 80, "liver_transplantation", "consider"),
            c("Oslo CEA point", transMet(), Map.of("liver_max_diameter_cm", 6.0, "months_since_primary_resection", 12, "cea_decline_from_peak_percent", 60), "cea_ng_ml", 80.1, "liver_transplantation", "not_recommended"),
            // performance status: ST1-a/c/d, best supportive care, checkpoint inhibitor (dMMR)
            c("ECOG systemic", palliative(), "ecog", 1, "palliative_systemic_therapy", "recommended"),
            c("ECOG systemic", palliative(), "ecog", 2, "palliative_systemic_therapy", "recommended"),
            c("ECOG systemic", palliative(), "ecog", 3, "palliative_systemic_therapy", "consider"),
            c("ECOG systemic", palliative(), "ecog", 4, "palliative_systemic_therapy", "not_recommended"),
            c("ECOG supportive care", palliative(), "ecog", 2, "best_supportive_care_alone", "not_indicated"),
            c("ECOG supportive care", palliative(), "ecog", 3, "best_supportive_care_alone", "consider"),
            c("ECOG supportive care", palliative(), "ecog", 4, "best_supportive_care_alone", "recommended"),
            c("ECOG checkpoint inhibitor", palliative(), "ecog", 1, "immune_checkpoint_inhibitor", "recommended"),
            c("ECOG checkpoint inhibitor", palliative(), "ecog", 2, "immune_checkpoint_inhibitor", "consider"),
            c("ECOG checkpoint inhibitor", palliative(), "ecog", 3, "immune_checkpoint_inhibitor", "consider"),
            c("ECOG checkpoint inhibitor", palliative(), "ecog", 4, "immune_checkpoint_inhibitor", "not_recommended"),
            c("MMR status", palliative(), "mmr_status", "pmmr_mss", "immune_checkpoint_inhibitor", "not_indicated"),
            // perforation: fit at ECOG 2 (PT1a-prime), unfit at ECOG 3 (PT1a-U)
            c("ECOG perforation", perforation(), "ecog", 2, "primary_tumour_resection", "recommended"),
            c("ECOG perforation", perforation(), "ecog", 3, "primary_tumour_resection", "consider"),
            c("ECOG perforation", perforation(), "ecog", 3, "tag", "goals_of_care_discussion"),
            // radioembolisation after progression: ECOG 0-1 (SR2)
            c("ECOG radioembolisation", liver(), Map.of("liver_r0_feasible", false, "chemo_lines", 1, "chemo_response", "progression", "preop_chemo_weeks", 16), "ecog", 1, "liver_radioembolisation", "consider"),
            c("ECOG radioembolisation", liver(), Map.of("liver_r0_feasible", false, "chemo_lines", 1, "chemo_response", "progression", "preop_chemo_weeks", 16), "ecog", 2, "liver_radioembolisation", "not_indicated"),
            // lung ceiling 5 (P1-prime); more gives P1-n
            c("lung metastasectomy ceiling", lung(), "lung_met_count", 5, "pulmonary_metastasectomy", "consider"),
            c("lung metastasectomy ceiling", lung(), "lung_met_count", 6, "pulmonary_metastasectomy", "not_indicated"));
    }

    @ParameterizedTest(name = "{0} -> {2} {3}")
    @MethodSource("cases")
    void edge(String name, Map<String, Object> record, String what, String expected) {
        Map<String, Object> r = new LinkedHashMap<>(record);
        r.put("patient_id", "T");
        PatientAnswer a = Cohort.mcrc().classify(r);
        assertTrue(a.consistent(), a.explanation().toString());
        switch (what) {
            case "tag" -> assertTrue(a.tags().contains(expected), "tags " + a.tags());
            case "!tag" -> assertTrue(!a.tags().contains(expected), "tags " + a.tags());
            default -> {
                var t = a.treatment(what).orElseThrow();
                assertEquals(expected, t.status().word(), what + " rules " + t.rules() + " basis " + t.basis() + " missing " + t.missing());
            }
        }
    }
}
