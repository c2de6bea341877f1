package org.mcrckg.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/**
 * mCODE twins of example-cohort patients: {@code fhir/vignettes/X.json} is a FHIR Bundle written
 * from row X of {@code ontology/examples/cohort.csv} with the standard codes of
 * docs/fhir-mapping.md (and the local code system where there is none). Read through the Java API,
 * each must give the same record and the same answer as its CSV twin. {@code fhir/ndjson/} is a
 * Bulk Data export of some of them. Regenerate the fixtures with
 * {@code mvn -Dtest=FhirTwinTest -Dmcrc.regenerate=true test}, then review the diff.
 */
class FhirTwinTest {
    static final Path DIR = Path.of("src/test/resources/fhir");
    static final List<String> TWINS = List.of("V01", "V02", "V05", "V06", "V10", "V12", "V15", "V21", "V24", "X-PERF",
            "V03", "V04", "V07", "V08", "V09", "V11", "V13", "V14", "V16", "V17");
    static final List<String> NDJSON_TWINS = List.of("V05", "V12", "V15", "V21", "X-PERF");

    static Map<String, Map<String, String>> csvRows() throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(Cohort.COHORT, StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                out.put(r.get("patient_id"), new LinkedHashMap<>(r.toMap()));
            }
        }
        return out;
    }

    static void regenerateIfAsked() throws IOException {
        if (!Boolean.getBoolean("mcrc.regenerate")) return;
        McodeWriter w = new McodeWriter(Cohort.mcrc().fields());
        Map<String, Map<String, String>> rows = csvRows();
        Files.createDirectories(DIR.resolve("vignettes"));
        for (String id : TWINS) {
            Files.writeString(DIR.resolve("vignettes/" + id + ".json"), w.bundle(List.of(rows.get(id)), Bundle.BundleType.COLLECTION) + "\n");
        }
        List<Map<String, String>> nd = new ArrayList<>();
        for (String id : NDJSON_TWINS) nd.add(rows.get(id));
        w.ndjson(nd, DIR.resolve("ndjson"));
    }

    static Map<String, PatientRecord> csvTwins() {
        return Cohort.records().stream().collect(Collectors.toMap(PatientRecord::id, Function.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"V01", "V02", "V05", "V06", "V10", "V12", "V15", "V21", "V24", "X-PERF",
            "V03", "V04", "V07", "V08", "V09", "V11", "V13", "V14", "V16", "V17"})
    void bundleTwinAnswersAsTheCsvRow(String id) throws IOException {
        regenerateIfAsked();
        List<PatientRecord> read = Cohort.mcrc().read(List.of(DIR.resolve("vignettes/" + id + ".json")));
        assertEquals(1, read.size());
        PatientRecord fhir = read.get(0), csv = csvTwins().get(id);
        assertEquals(csv.values(), fhir.values(), "record of " + id);
        assertEquals(csv.closedFields(), fhir.closedFields(), "closed fields of " + id);
        PatientAnswer a = Cohort.mcrc().classify(fhir), b = Cohort.answers().get(id);
        assertEquals(b, a, "answer of " + id);
    }

    @Test
    void bulkDataExportTwinsAnswerAsTheCsvRows() throws IOException {
        List<Path> files;
        try (var s = Files.list(DIR.resolve("ndjson"))) { files = s.sorted().toList(); }
        assertTrue(files.size() >= 4, "one file per resource type: " + files);
        Map<String, PatientRecord> read = Cohort.mcrc().read(files).stream().collect(Collectors.toMap(PatientRecord::id, Function.identity()));
        assertEquals(new java.util.TreeSet<>(NDJSON_TWINS), new java.util.TreeSet<>(read.keySet()));
        for (String id : NDJSON_TWINS) {
            assertEquals(csvTwins().get(id).values(), read.get(id).values(), "record of " + id);
            assertEquals(Cohort.answers().get(id), Cohort.mcrc().classify(read.get(id)), "answer of " + id);
        }
    }

    @Test
    void thePanelFormOfTheLocalFactsReadsAsTheRows() throws IOException {
        McodeWriter w = new McodeWriter(Cohort.mcrc().fields(), true);
        Map<String, Map<String, String>> rows = csvRows();
        List<Map<String, String>> some = new ArrayList<>();
        for (String id : TWINS) some.add(rows.get(id));
        Path f = Files.createTempFile("panel", ".json");
        try {
            String json = w.bundle(some, Bundle.BundleType.COLLECTION);
            assertTrue(json.contains("\"mdt-assessment\"") && json.contains("\"component\""));
            Map<String, PatientRecord> read = Cohort.mcrc().read(List.of(write(f, json))).stream()
                    .collect(Collectors.toMap(PatientRecord::id, Function.identity()));
            for (String id : TWINS) {
                assertEquals(csvTwins().get(id).values(), read.get(id).values(), "record of " + id);
                assertEquals(Cohort.answers().get(id), Cohort.mcrc().classify(read.get(id)), "answer of " + id);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    static Path write(Path f, String s) throws IOException { return Files.writeString(f, s); }

    @Test
    void oneBundleOfManyPatientsOfEachTypeReadsAsTheirRows() throws IOException {
        McodeWriter w = new McodeWriter(Cohort.mcrc().fields());
        Map<String, Map<String, String>> rows = csvRows();
        List<Map<String, String>> some = List.of(rows.get("V01"), rows.get("V10"), rows.get("V24"));
        for (Bundle.BundleType type : List.of(Bundle.BundleType.COLLECTION, Bundle.BundleType.SEARCHSET, Bundle.BundleType.TRANSACTION)) {
            // a name that says nothing: FHIR is recognised by content
            Path f = Files.createTempFile("cohort", ".txt");
            try {
                Files.writeString(f, w.bundle(some, type));
                Map<String, PatientRecord> read = Cohort.mcrc().read(List.of(f)).stream().collect(Collectors.toMap(PatientRecord::id, Function.identity()));
                assertEquals(3, read.size(), type.toCode());
                for (String id : List.of("V01", "V10", "V24")) assertEquals(csvTwins().get(id).values(), read.get(id).values(), type.toCode() + " " + id);
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }
}
