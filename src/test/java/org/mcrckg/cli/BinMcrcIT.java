package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.Mcrc;
import org.mcrckg.support.RandomRecords;
import org.mcrckg.support.TempDirs;

/** {@code bin/mcrc} as a process, checked against the contract (§2 JSON shape, §3 exit codes). */
class BinMcrcIT {
    /** The commands' output files: deleted when the JVM exits (they were left in the system's temporary directory). */
    private static final Path OUTPUTS = TempDirs.create("mcrc-outputs-");
    static final Set<String> STATUSES = Set.of("recommended", "consider", "not_recommended", "not_indicated", "not_applicable", "undetermined");
    static final List<String> KEYS = List.of("mdt_discussion", "hepatectomy", "portal_vein_embolization", "two_stage_hepatectomy", "alpps",
            "simultaneous_resection", "liver_first_resection", "liver_thermal_ablation", "liver_transplantation", "perioperative_chemotherapy",
            "conversion_chemotherapy", "palliative_systemic_therapy", "pulmonary_metastasectomy", "lung_sbrt", "lung_thermal_ablation",
            "cytoreductive_surgery", "oxaliplatin_hipec", "primary_tumour_resection", "colonic_stent", "oophorectomy", "paraaortic_lymphadenectomy",
            // contract version 2
            "immune_checkpoint_inhibitor", "liver_sbrt", "liver_radioembolisation", "hepatic_arterial_infusion", "mitomycin_hipec",
            "primary_radiotherapy", "best_supportive_care_alone");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/mcrc"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(OUTPUTS, "mcrc", ".out"), err = Files.createTempFile(OUTPUTS, "mcrc", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Mostly empty records, random values, a few contradictions: JSON must follow the contract for all. */
    @Test
    void jsonFollowsTheContractForAnyValidCsv() throws Exception {
        Mcrc m = Mcrc.load(Path.of("ontology/mcrc.owl"));
        List<Map<String, Object>> recs = RandomRecords.generate(m, 25, 7L, 0.25);
        List<String> cols = new ArrayList<>(m.fields().keySet());
        Path csv = dir.resolve("random.csv");
        try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(csv), CSVFormat.RFC4180.builder().setHeader(cols.toArray(new String[0])).get())) {
            for (Map<String, Object> r : recs) {
                List<Object> row = new ArrayList<>();
                for (String c : cols) row.add(r.getOrDefault(c, ""));
                p.printRecord(row);
            }
        }
        Run r = run("classify", "--format", "json", csv.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertFalse(root.path("ontology").path("iri").asText().isEmpty());
        assertFalse(root.path("ontology").path("version").asText().isEmpty());
        assertEquals(recs.size(), root.path("patients").size());
        for (JsonNode p : root.path("patients")) {
            assertTrue(p.path("id").isTextual());
            assertTrue(p.path("consistent").isBoolean());
            if (!p.path("consistent").asBoolean()) {
                assertTrue(p.path("explanation").isArray() && p.path("explanation").size() > 0);
                assertEquals(0, p.path("treatments").size());
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (JsonNode t : p.path("treatments")) {
                keys.add(t.path("procedure").asText());
                assertTrue(STATUSES.contains(t.path("status").asText()), t.toString());
                for (String list : List.of("rules", "evidence", "missing")) assertTrue(t.path(list).isArray(), t.toString());
            }
            assertEquals(KEYS, keys);
        }
    }

    @Test
    void classifyWritesAtomicallyAndRefusesBadFiles() throws Exception {
        Path out = dir.resolve("answers.csv");
        Run ok = run("classify", "src/test/resources/vignettes/V09.csv", "--format", "csv", "--out", out.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.readString(out).startsWith("patient_id,consistent,procedure,status"));
        String before = Files.readString(out);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "patient_id,ecog\nB1,7\n");
        Run fail = run("classify", "src/test/resources/vignettes/V09.csv", bad.toString(), "--out", out.toString());
        assertEquals(2, fail.exit());
        assertTrue(fail.err().contains("bad.csv:2: field ecog"), fail.err());
        assertEquals(before, Files.readString(out), "a failed run must leave --out as it was");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left behind");
        }
    }

    @Test
    void versionNamesToolOntologyAndReasoner() throws Exception {
        Run r = run("--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("mcrc-kg ") && r.out().contains("ontology https://w3id.org/mcrc-kg/mcrc.owl version ")
                && r.out().contains("HermiT 1.4.5.519"), r.out());
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        assertEquals(2, run("classify").exit());
        assertEquals(2, run("classify", "--format", "xml", "ontology/examples/cohort.csv").exit());
        assertEquals(2, run("no-such-command").exit());
        assertEquals(2, run().exit());
    }

    @Test
    void jarAloneWorksWithoutTheCheckout() throws IOException, InterruptedException {
        // the jar carries ontology/ and queries/: run it from an empty directory with no -D overrides
        Path jar = Path.of("target/mcrc.jar").toAbsolutePath();
        Path v = Path.of("src/test/resources/vignettes/V01.csv").toAbsolutePath();
        Process p = new ProcessBuilder("java", "-jar", jar.toString(), "classify", "--format", "csv", v.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("V01,true,hepatectomy,recommended"), out);
        Process q = new ProcessBuilder("java", "-jar", jar.toString(), "query", "cohort-summary", "--data", v.toString(), "--format", "csv")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String qout = new String(q.getInputStream().readAllBytes());
        assertTrue(q.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, q.exitValue(), qout);
        assertTrue(qout.startsWith("procedure,status,patients"), qout);
    }
}
