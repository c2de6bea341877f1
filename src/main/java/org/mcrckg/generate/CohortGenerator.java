package org.mcrckg.generate;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A synthetic stage IV cohort in the contract's CSV format, deterministic per seed.
 *
 * <p>Site frequencies follow the brief (§a1: liver 70%, lung 24%, distant nodes 16%, peritoneum
 * 15% of patients at first metastatic diagnosis; bone, brain and ovary rare). Numeric values are
 * drawn so that they fall on and around the thresholds of the rules (FLR 20/30/40%, 12 weeks of
 * chemotherapy, 3 cm, PCI 16/20, Fong's 12 months, 200 ng/mL and 5 cm, age 65/70, ECOG 2/3; and those of the 2025
 * update: 10 and 5 lesions, CEA 80 and its 50% fall, the Oslo 5.5 cm and 24 months, 6 cm ...).
 * About 15% of values are missing (more for measurements such as FLR and PCI), and about 0.5% of
 * records contradict themselves (bilobar disease without liver metastases, and the like), as real
 * exports do. Not a model of any real population: a workload for the reasoner.
 */
public final class CohortGenerator {
    public static final List<String> COLUMNS = List.of("patient_id", "age", "sex", "ecog", "fit_for_major_surgery", "expert_centre",
            "staging_complete", "primary_site", "primary_status", "primary_symptom", "primary_node_positive", "primary_t4", "tumour_grade",
            "rectal_needs_neoadjuvant_crt", "signet_ring_histology", "ras_status", "braf_v600e", "cea_ng_ml", "metastasis_timing",
            "disease_free_interval_months", "preop_chemo_weeks", "chemo_lines", "chemo_response", "on_bevacizumab", "liver_met_count",
            "liver_max_diameter_cm", "liver_bilobar", "liver_r0_feasible", "flr_percent", "liver_parenchyma", "hepatectomy_extent",
            "flr_side_clearable", "disappeared_liver_mets", "lung_met_count", "lung_max_diameter_cm", "lung_all_resectable",
            "pulmonary_reserve_adequate", "thoracic_nodes_positive", "peritoneal_mets", "pci", "cc0_1_achievable", "peritoneal_symptoms",
            "ovarian_mets", "paraaortic_node_count", "bone_mets", "brain_met_count", "mmr_status", "immunotherapy_received",
            "liver_lesions_up_to_3cm_count", "cea_decline_from_peak_percent", "months_since_primary_resection");

    private final SplittableRandom rnd;

    public CohortGenerator(long seed) { this.rnd = new SplittableRandom(seed); }

    /** Writes {@code n} patients with ids {@code G000001}... */
    public void write(int n, Writer out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(new String[0])).setRecordSeparator('\n').get());
        for (int i = 1; i <= n; i++) {
            Map<String, String> r = next(String.format("G%06d", i));
            for (String c : COLUMNS) p.print(r.getOrDefault(c, ""));
            p.println();
        }
        p.flush();
    }

    /** One patient; fields left out are unknown. */
    public Map<String, String> next(String id) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("patient_id", id);
        boolean female = rnd.nextBoolean();
        put(r, "age", String.valueOf(clamp((int) Math.round(64 + 11 * rnd.nextGaussian()), 18, 95)), 0.05);
        put(r, "sex", female ? "female" : "male", 0.05);
        int ecog = pick(new int[] {0, 1, 2, 3, 4}, new double[] {0.40, 0.35, 0.15, 0.07, 0.03});
        put(r, "ecog", String.valueOf(ecog), 0.10);
        put(r, "fit_for_major_surgery", bool(ecog <= 1 ? 0.9 : ecog == 2 ? 0.6 : 0.1), 0.15);
        put(r, "expert_centre", bool(0.5), 0.20);
        boolean staged = rnd.nextDouble() < 0.8;
        put(r, "staging_complete", String.valueOf(staged), 0.05);
        String site = pick(new String[] {"right_colon", "left_colon", "upper_rectum", "mid_low_rectum"}, new double[] {0.30, 0.40, 0.10, 0.20});
        put(r, "primary_site", site, 0.05);
        boolean inSitu = rnd.nextDouble() < 0.45;
        put(r, "primary_status", inSitu ? "in_situ" : "resected", 0.05);
        put(r, "primary_symptom", inSitu ? pick(new String[] {"none", "minimal", "obstruction", "bleeding", "perforation"},
                new double[] {0.60, 0.20, 0.10, 0.07, 0.03}) : "none", 0.15);
        put(r, "primary_node_positive", bool(0.6), 0.15);
        put(r, "primary_t4", bool(0.15), 0.30);
        put(r, "tumour_grade", pick(new String[] {"well", "moderate", "poor"}, new double[] {0.15, 0.70, 0.15}), 0.30);
        if (site.endsWith("rectum")) put(r, "rectal_needs_neoadjuvant_crt", bool(inSitu ? 0.6 : 0.1), 0.2);
        else put(r, "rectal_needs_neoadjuvant_crt", "false", 0.5);
        put(r, "signet_ring_histology", bool(0.04), 0.2);
        put(r, "ras_status", rnd.nextBoolean() ? "mutant" : "wild_type", 0.15);
        put(r, "braf_v600e", rnd.nextDouble() < 0.1 ? "mutant" : "wild_type", 0.25);
        put(r, "cea_ng_ml", decimal(around(new double[] {2.5, 5, 12, 60, 80, 200, 450}, 0.3)), 0.15);
        boolean dmmr = rnd.nextDouble() < 0.05;
        put(r, "mmr_status", dmmr ? "dmmr_msi_high" : "pmmr_mss", 0.25);
        boolean sync = rnd.nextDouble() < 0.55;
        put(r, "metastasis_timing", sync ? "synchronous" : "metachronous", 0.05);
        put(r, "disease_free_interval_months", sync ? "0" : decimal(around(new double[] {6, 12, 12, 24, 36}, 0.25)), 0.10);
        int weeks = rnd.nextDouble() < 0.4 ? 0 : (int) Math.round(around(new double[] {6, 11, 12, 13, 24}, 0.1));
        put(r, "preop_chemo_weeks", String.valueOf(clamp(weeks, 0, 520)), 0.15);
        put(r, "chemo_lines", String.valueOf(weeks == 0 ? 0 : pick(new int[] {1, 2, 3, 4}, new double[] {0.5, 0.3, 0.15, 0.05})), 0.15);
        put(r, "chemo_response", weeks == 0 ? "not_treated" : pick(new String[] {"complete", "partial", "stable", "progression"},
                new double[] {0.05, 0.45, 0.35, 0.15}), 0.2);
        put(r, "on_bevacizumab", bool(0.4), 0.2);
        put(r, "immunotherapy_received", String.valueOf(dmmr && weeks > 0 && rnd.nextDouble() < 0.6), 0.3);
        if (weeks > 0) put(r, "cea_decline_from_peak_percent", decimal(Math.min(100, around(new double[] {10, 49.9, 50, 50.1, 80}, 0.1))), 0.4);
        if (!inSitu) put(r, "months_since_primary_resection", decimal(around(new double[] {6, 12, 23.9, 24, 24.1, 36}, 0.1)), 0.4);

        boolean liver = rnd.nextDouble() < 0.70, lung = rnd.nextDouble() < 0.24, peritoneum = rnd.nextDouble() < 0.15;
        boolean nodes = rnd.nextDouble() < 0.16, bone = rnd.nextDouble() < 0.05, brain = rnd.nextDouble() < 0.02;
        boolean ovary = female && rnd.nextDouble() < 0.034;
        int liverCount = pick(new int[] {1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 20}, new double[] {.24, .19, .14, .1, .08, .07, .05, .04, .03, .03, .03});
        site(r, staged, "liver_met_count", liver ? String.valueOf(liverCount) : "0");
        if (liver) {
            String max = decimal(Math.max(0.3, around(new double[] {1.5, 2.9, 3.0, 3.1, 4.5, 5.0, 5.1, 5.5, 5.6, 6.0, 6.1, 8}, 0.05)));
            put(r, "liver_max_diameter_cm", max, 0.15);
            // never above liver_met_count (a data error); at least 1 when the largest is 3 cm or less, none when a single lesion is larger
            boolean allSmall = new BigDecimal(max).compareTo(BigDecimal.valueOf(3)) <= 0;
            int small = allSmall ? 1 + rnd.nextInt(liverCount) : rnd.nextInt(liverCount);
            put(r, "liver_lesions_up_to_3cm_count", String.valueOf(small), 0.3);
            put(r, "liver_bilobar", bool(0.45), 0.15);
            put(r, "liver_r0_feasible", bool(0.7), 0.2);
            put(r, "flr_percent", decimal(Math.min(100, Math.max(5, around(new double[] {15, 19.9, 20, 25, 29.9, 30, 35, 39.9, 40, 55, 70}, 0.04)))), 0.3);
            put(r, "liver_parenchyma", pick(new String[] {"normal", "chemo_injured", "cirrhosis"}, new double[] {0.7, 0.2, 0.1}), 0.25);
            put(r, "hepatectomy_extent", rnd.nextBoolean() ? "minor" : "major", 0.25);
            put(r, "flr_side_clearable", bool(0.5), 0.4);
            put(r, "disappeared_liver_mets", String.valueOf(rnd.nextDouble() < 0.1 ? 1 + rnd.nextInt(3) : 0), 0.3);
        }
        site(r, staged, "lung_met_count", lung ? String.valueOf(pick(new int[] {1, 2, 3, 4, 5, 6, 8}, new double[] {.35, .2, .15, .1, .08, .07, .05})) : "0");
        if (lung) {
            put(r, "lung_max_diameter_cm", decimal(Math.max(0.3, around(new double[] {1, 2, 3.0, 3.1, 4}, 0.1))), 0.15);
            put(r, "lung_all_resectable", bool(0.6), 0.2);
            put(r, "pulmonary_reserve_adequate", bool(0.85), 0.25);
            put(r, "thoracic_nodes_positive", bool(0.15), 0.3);
        }
        site(r, staged, "peritoneal_mets", String.valueOf(peritoneum));
        if (peritoneum) {
            put(r, "pci", String.valueOf(clamp((int) Math.round(around(new double[] {3, 8, 15, 16, 20, 21, 28}, 0.05)), 0, 39)), 0.3);
            put(r, "cc0_1_achievable", bool(0.6), 0.3);
            put(r, "peritoneal_symptoms", pick(new String[] {"none", "mild", "severe"}, new double[] {0.5, 0.35, 0.15}), 0.3);
        }
        site(r, staged, "ovarian_mets", String.valueOf(ovary));
        site(r, staged, "paraaortic_node_count", nodes ? String.valueOf(pick(new int[] {1, 2, 3, 5}, new double[] {.4, .3, .2, .1})) : "0");
        site(r, staged, "bone_mets", String.valueOf(bone));
        site(r, staged, "brain_met_count", brain ? String.valueOf(1 + rnd.nextInt(5)) : "0");
        if (rnd.nextDouble() < 0.005) contradict(r);
        return r;
    }

    /** A site field: with complete staging an absent site is left empty (the closure reads it as none). */
    private void site(Map<String, String> r, boolean staged, String field, String value) {
        boolean none = value.equals("0") || value.equals("false");
        if (staged && none && rnd.nextDouble() < 0.7) return;
        put(r, field, value, staged ? 0.0 : 0.2);
    }

    private void contradict(Map<String, String> r) {
        switch (rnd.nextInt(3)) {
            case 0 -> { r.put("liver_met_count", "0"); r.put("liver_bilobar", "true"); r.remove("liver_lesions_up_to_3cm_count"); }
            case 1 -> { r.put("primary_status", "resected"); r.put("primary_symptom", "obstruction"); }
            default -> { r.put("sex", "male"); r.put("ovarian_mets", "true"); }
        }
    }

    private void put(Map<String, String> r, String f, String v, double missing) {
        if (rnd.nextDouble() >= missing) r.put(f, v);
    }

    private String bool(double p) { return String.valueOf(rnd.nextDouble() < p); }

    /** One of the anchor values, often exactly, otherwise nearby. */
    private double around(double[] anchors, double spread) {
        double a = anchors[rnd.nextInt(anchors.length)];
        return rnd.nextDouble() < 0.5 ? a : a * (1 + spread * rnd.nextGaussian());
    }

    private static String decimal(double v) {
        return BigDecimal.valueOf(Math.max(0, v)).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private int pick(int[] values, double[] weights) { return values[index(weights)]; }

    private String pick(String[] values, double[] weights) { return values[index(weights)]; }

    private int index(double[] weights) {
        double x = rnd.nextDouble(), acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (x < acc) return i;
        }
        return weights.length - 1;
    }

    private static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }
}
