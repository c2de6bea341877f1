package org.mcrckg.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.RawRecord;
import org.mcrckg.support.Cohort;

/**
 * The fast reader ({@link FastResource}) against HAPI's parser: the same exports read both ways
 * must give the same raw records and the same data errors, in the same order, with the same ids,
 * locations and messages. The exports are McodeWriter's (one Observation per fact, and panels)
 * of the example cohort, the committed Synthea bundles, and broken copies of an export: bad JSON,
 * wrong JSON types, codes outside a value set, unknown local codes, a missing subject, repeated
 * and conflicting Observations, repeated keys, invalid dates, unknown elements.
 */
class FhirFastPathTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T00:00:00Z"), ZoneOffset.UTC);
    static final String LOCAL = FhirMapping.LOCAL;

    @TempDir
    Path tmp;

    /** What one reader makes of the files. */
    record Outcome(List<RawRecord> records, List<DataError> errors) {}

    static Outcome read(List<Path> files, boolean fast, int threads) {
        FhirReader reader = new FhirReader(new FhirMapping(Cohort.mcrc().fields()), CLOCK, threads, fast);
        List<RawRecord> records = new ArrayList<>();
        List<DataError> errors = List.of();
        try {
            reader.read(files, records::add);
        } catch (DataErrorException e) {
            errors = e.errors();
        }
        return new Outcome(records, errors);
    }

    /** Reads both ways (and the fast way on two threads) and requires the same outcome; returns it. */
    static Outcome same(List<Path> files) {
        Outcome hapi = read(files, false, 1), fast = read(files, true, 1), fast2 = read(files, true, 2);
        assertEquals(hapi.errors(), fast.errors(), "errors of " + files);
        assertEquals(hapi.records().size(), fast.records().size(), "records of " + files);
        for (int i = 0; i < hapi.records().size(); i++) assertEquals(hapi.records().get(i), fast.records().get(i), "record " + i + " of " + files);
        assertEquals(fast, fast2, "two threads");
        return fast;
    }

    static List<Map<String, String>> rows(int n) throws IOException {
        return new ArrayList<>(FhirTwinTest.csvRows().values()).subList(0, n);
    }

    List<Path> export(String dir, boolean panel, int patients) throws IOException {
        return new McodeWriter(Cohort.mcrc().fields(), panel).ndjson(rows(patients), tmp.resolve(dir));
    }

    @Test
    void theWholeExampleCohortAsBulkExportsReadsTheSameBothWays() throws IOException {
        int all = FhirTwinTest.csvRows().size();
        for (boolean panel : new boolean[] {false, true}) {
            List<Path> files = export(panel ? "panel" : "facts", panel, all);
            Outcome o = same(files);
            assertTrue(o.errors().isEmpty(), o.errors()::toString);
            assertEquals(all, o.records().size());
            // every line is one the fast reader vouches for: the comparison above is of the two readers
            FastResource fast = new FastResource();
            for (Path f : files) for (String line : Files.readAllLines(f)) assertNotNull(fast.read(line), "the fast reader reads " + line);
        }
    }

    @Test
    void manyPatientsWithConflictsReadTheSameOnOneThreadAndTwo() throws IOException {
        // enough patients that the records are made on the workers in slices, with errors in several slices
        List<Map<String, String>> rows = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            for (Map<String, String> r : FhirTwinTest.csvRows().values()) {
                Map<String, String> copy = new java.util.LinkedHashMap<>(r);
                copy.put("patient_id", r.get("patient_id") + "-" + k);
                rows.add(copy);
            }
        }
        List<Path> files = new McodeWriter(Cohort.mcrc().fields(), false).ndjson(rows, tmp.resolve("many"));
        Path obs = files.stream().filter(f -> f.getFileName().toString().equals("Observation.ndjson")).findFirst().orElseThrow();
        List<String> lines = new ArrayList<>(Files.readAllLines(obs, StandardCharsets.UTF_8));
        int conflicts = 0;
        for (int i = 0, n = lines.size(); i < n; i += 97) {
            String l = lines.get(i);
            if (!l.contains("\"valueInteger\":")) continue;
            lines.add(l.replaceFirst("\"valueInteger\":\\d+", "\"valueInteger\":99"));
            conflicts++;
        }
        Files.write(obs, lines, StandardCharsets.UTF_8);
        assertTrue(rows.size() > 2 * 256 && conflicts > 5, rows.size() + " patients, " + conflicts + " conflicts");
        Outcome o = same(files);
        assertEquals(conflicts, o.errors().stream().filter(e -> e.errorId().equals("data#fhir-conflict")).count(), o.errors()::toString);
        assertEquals(rows.size() - conflicts, o.records().size());
    }

    @Test
    void bundlesOfEachTypeReadTheSameBothWays() throws IOException {
        McodeWriter w = new McodeWriter(Cohort.mcrc().fields(), false);
        for (Bundle.BundleType type : List.of(Bundle.BundleType.COLLECTION, Bundle.BundleType.TRANSACTION, Bundle.BundleType.SEARCHSET)) {
            Path f = Files.writeString(tmp.resolve(type.toCode() + ".json"), w.bundle(rows(30), type));
            Outcome o = same(List.of(f));
            assertEquals(30, o.records().size());
        }
    }

    @Test
    void theSyntheaBundlesReadTheSameBothWays() throws IOException {
        List<Path> bundles = new ArrayList<>();
        try (Stream<Path> s = Files.list(SyntheaTest.DIR)) {
            for (Path gz : s.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList()) {
                Path f = tmp.resolve(gz.getFileName().toString().replace(".gz", ""));
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    Files.copy(in, f);
                }
                bundles.add(f);
            }
        }
        Outcome o = same(bundles);
        assertEquals(bundles.size(), o.records().size());
    }

    /** A broken copy of an export: the first line of {@code file} that contains {@code find} is changed by {@code change}. */
    record Breakage(String name, String file, String find, UnaryOperator<String> change, boolean plain) {
        @Override public String toString() { return name; }
    }

    static Breakage edit(String name, String file, String find, String from, String to, boolean plain) {
        return new Breakage(name, file, find, l -> {
            assertTrue(l.contains(from), name + ": " + l);
            return l.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
        }, plain);
    }

    /** Breakages that are still valid FHIR the reader reads without an error (values are the validator's to judge). */
    static final Set<String> ACCEPTED = java.util.Set.of("status not usable", "a word outside the field's words",
            "ECOG out of range, plain, with elements the mapping does not read", "the same Observation twice", "a key twice", "a date to the day",
            "an extension", "an id HAPI reads apart", "an id with an underscore", "a code that is an array", "an empty array",
            "a Procedure not completed", "a request on hold", "an id with a dot", "an empty coding", "an instant", "a birthDate to the year", "an instant without a time",
            "identifier, encounter and performer", "an identifier with a use", "a Condition's identifier and encounter",
            "a Procedure's identifier and encounter", "a request's requester");

    /** plain: whether the fast reader still reads the broken resource (its error then comes from the mapping). */
    static List<Breakage> breakages() {
        String ecog = "\"code\":\"89247-1\"", local = "\"system\":\"" + LOCAL + "\"";
        return List.of(
                new Breakage("truncated JSON", "Observation", ecog, l -> l.substring(0, l.length() / 2), false),
                edit("valueInteger as a string", "Observation", ecog, "\"valueInteger\":", "\"valueInteger\":\"1\",\"x\":", false),
                edit("valueInteger as a decimal", "Observation", "\"valueInteger\":", "\"valueInteger\":", "\"valueInteger\":1.5,\"id2\":", false),
                edit("status as a number", "Observation", ecog, "\"status\":\"final\"", "\"status\":7", false),
                edit("status outside its value set", "Observation", ecog, "\"status\":\"final\"", "\"status\":\"bogus\"", false),
                edit("status not usable", "Observation", ecog, "\"status\":\"final\"", "\"status\":\"cancelled\"", true),
                edit("status with outer spaces", "Observation", ecog, "\"status\":\"final\"", "\"status\":\" final\"", false),
                edit("an empty code", "Observation", local, "\"code\":\"", "\"code\":\"\",\"display\":\"", false),
                edit("an unknown local code", "Observation", "\"code\":\"flr_percent\"", "flr_percent", "flr_percnt", true),
                edit("a word outside the field's words", "Observation", "\"code\":\"liver_parenchyma\"", "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + LOCAL + "\",\"code\":\"",
                        "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + LOCAL + "\",\"code\":\"x", true),
                edit("a boolean field given an integer", "Observation", "\"valueBoolean\":", "\"valueBoolean\":true", "\"valueInteger\":1", true),
                edit("a unit that is not the field's", "Observation", "\"code\":\"ng/mL\"", "\"code\":\"ng/mL\"", "\"code\":\"mg/dL\"", true),
                edit("ECOG out of range", "Observation", ecog, "\"valueInteger\":", "\"valueInteger\":7,\"issued\":\"2025-06-01T00:00:00Z\",\"category\":[{\"text\":\"a\"}],\"focus\":[{\"reference\":\"x\"}],\"meta\":{\"profile\":[\"p\"]},\"note\":", false),
                new Breakage("ECOG out of range, plain, with elements the mapping does not read", "Observation", ecog, l -> l.replaceFirst("\"valueInteger\":\\d+", "\"valueInteger\":7")
                        .replace("\"status\":\"final\",", "\"status\":\"final\",\"issued\":\"2025-06-01T00:00:00Z\",\"category\":[{\"text\":\"a\"}],\"meta\":{\"profile\":[\"p\"]},"), true),
                edit("no subject", "Observation", ecog, "\"subject\":{\"reference\":\"Patient/", "\"subject\":{\"display\":\"Patient/", true),
                edit("a subject not in the input", "Observation", ecog, "\"reference\":\"Patient/", "\"reference\":\"Patient/nobody", true),
                new Breakage("the same Observation twice", "Observation", ecog, l -> l + "\n" + l, true),
                new Breakage("two ECOG values at one time", "Observation", ecog, l -> l + "\n" + l.replace("\"valueInteger\":", "\"valueInteger\":3,\"status\":"), false),
                new Breakage("two ECOG values at one time, plain", "Observation", ecog, l -> l + "\n" + l.replaceAll("\"valueInteger\":\\d", "\"valueInteger\":3"), true),
                edit("a key twice", "Observation", ecog, "\"status\":\"final\"", "\"status\":\"final\",\"status\":\"final\"", false),
                edit("an invalid date", "Observation", ecog, "\"effectiveDateTime\":\"2025-06-01", "\"effectiveDateTime\":\"2025-02-30", false),
                edit("a date without seconds", "Observation", ecog, "\"effectiveDateTime\":\"2025-06-01T00:00:00+00:00\"", "\"effectiveDateTime\":\"2025-06-01T00:00\"", false),
                edit("a date to the day", "Observation", ecog, "\"effectiveDateTime\":\"2025-06-01T00:00:00+00:00\"", "\"effectiveDateTime\":\"2024-06-01\"", true),
                edit("an unknown element", "Observation", ecog, "\"status\":", "\"foo\":1,\"status\":", false),
                edit("an extension", "Observation", ecog, "\"status\":", "\"extension\":[{\"url\":\"u\",\"valueString\":\"v\"}],\"status\":", false),
                edit("an id HAPI reads apart", "Observation", ecog, "\"id\":\"", "\"id\":\"a/b", false),
                edit("an id with an underscore", "Observation", ecog, "\"id\":\"", "\"id\":\"a_", false),
                edit("a decimal with an exponent", "Observation", "\"code\":\"ng/mL\"", "\"value\":", "\"value\":1.5e1,\"comparator\":", false),
                edit("a code that is an array", "Observation", ecog, "\"code\":{\"coding\":", "\"code\":[],\"x\":{\"coding\":", false),
                edit("resourceType not first", "Observation", ecog, "{\"resourceType\":\"Observation\",", "{\"status\":\"final\",\"resourceType\":\"Observation\",\"x\":1,", false),
                edit("an empty array", "Observation", ecog, "\"status\":", "\"category\":[],\"status\":", false),
                edit("an empty object", "Observation", "\"code\":\"ng/mL\"", "\"valueQuantity\":{", "\"valueQuantity\":{},\"x\":{", false),
                new Breakage("an empty quantity", "Observation", "\"code\":\"ng/mL\"", l -> l.replaceFirst("\"valueQuantity\":\\{[^}]*\\}", "\"valueQuantity\":{}"), false),
                new Breakage("an empty coding", "Observation", ecog, l -> l.replaceFirst("\\{\"system\":\"http://loinc.org\",\"code\":\"89247-1\"\\}", "{}"), false),
                edit("an instant without a time", "Observation", ecog, "\"status\":", "\"issued\":\"2025-06-01\",\"status\":", false),
                edit("an instant", "Observation", ecog, "\"status\":", "\"issued\":\"2025-06-01T10:00:00.123+02:00\",\"status\":", true),
                edit("a birthDate with a time", "Patient", "\"birthDate\"", "\"birthDate\":\"", "\"birthDate\":\"1960-05-01T00:00:00Z\",\"x\":\"", false),
                new Breakage("a birthDate to the year", "Patient", "\"birthDate\"", l -> l.replaceFirst("\"birthDate\":\"(\\d{4})-\\d\\d-\\d\\d\"", "\"birthDate\":\"$1\""), true),
                edit("identifier, encounter and performer", "Observation", ecog, "\"status\":", "\"identifier\":[{\"system\":\"urn:x\",\"value\":\"1\"}],\"encounter\":{\"reference\":\"Encounter/e\"},\"performer\":[{\"reference\":\"Practitioner/p\",\"display\":\"Dr P\"}],\"status\":", true),
                edit("an identifier with a use", "Observation", ecog, "\"status\":", "\"identifier\":[{\"use\":\"usual\",\"value\":\"1\"}],\"status\":", false),
                edit("a Condition's identifier and encounter", "Condition", "C78.7", "\"code\":{", "\"identifier\":[{\"value\":\"c\"}],\"encounter\":{\"reference\":\"Encounter/e\"},\"code\":{", true),
                edit("a Procedure's identifier and encounter", "Procedure", "43075005", "\"code\":{", "\"identifier\":[{\"value\":\"c\"}],\"encounter\":{\"reference\":\"Encounter/e\"},\"code\":{", true),
                edit("a request's requester", "MedicationRequest", "253337", "\"subject\":", "\"requester\":{\"reference\":\"Practitioner/p\"},\"encounter\":{\"reference\":\"Encounter/e\"},\"identifier\":[{\"value\":\"c\"}],\"subject\":", true),
                edit("an id with a dot", "Observation", ecog, "\"id\":\"", "\"id\":\"a.", true),
                edit("a value of another choice type", "Observation", ecog, "\"valueInteger\":", "\"valueRange\":{\"low\":{\"value\":1}},\"x\":", false),
                edit("a birthDate that is not a date", "Patient", "\"birthDate\"", "\"birthDate\":\"", "\"birthDate\":\"19", false),
                edit("a gender outside its value set", "Patient", "\"gender\"", "\"gender\":\"", "\"gender\":\"x", false),
                new Breakage("a Patient without an id", "Patient", "\"id\"", l -> l.replaceFirst("\"id\":\"[^\"]*\",", ""), true),
                edit("a Patient with an unknown element", "Patient", "\"id\"", "\"id\":", "\"idx\":", false),
                new Breakage("the same Patient twice", "Patient", "\"id\"", l -> l + "\n" + l, true),
                edit("a clinical status as a string", "Condition", "clinicalStatus", "\"clinicalStatus\":{", "\"clinicalStatus\":\"active\",\"y\":{", false),
                edit("a refuted metastasis", "Condition", "C78.7", "\"code\":\"confirmed\"", "\"code\":\"refuted\"", true),
                edit("a Procedure not completed", "Procedure", "43075005", "\"status\":\"completed\"", "\"status\":\"in-progress\"", true),
                edit("a Procedure status outside its value set", "Procedure", "43075005", "\"status\":\"completed\"", "\"status\":\"done\"", false),
                edit("a request status outside its value set", "MedicationRequest", "253337", "\"status\":\"active\"", "\"status\":\"on\"", false),
                edit("a request on hold", "MedicationRequest", "253337", "\"status\":\"active\"", "\"status\":\"on-hold\"", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void aBrokenExportGivesTheSameErrorsBothWays(Breakage b) throws IOException {
        List<Path> files = export("e", false, 40);
        Path f = files.stream().filter(p -> p.getFileName().toString().equals(b.file() + ".ndjson")).findFirst().orElseThrow();
        List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
        int i = 0;
        while (!lines.get(i).contains(b.find())) i++;
        String broken = b.change().apply(lines.get(i));
        lines.set(i, broken);
        Files.write(f, lines, StandardCharsets.UTF_8);
        Outcome o = same(files);
        // a comparison of two silences proves little: each broken copy gives errors, but for the
        // breakages that the reader rightly accepts (the validator judges values, not the reader)
        assertEquals(!ACCEPTED.contains(b.name()), !o.errors().isEmpty(), b.name() + ": " + o.errors());
        String last = broken.substring(broken.lastIndexOf('\n') + 1);
        if (b.plain()) assertNotNull(new FastResource().read(last), "the fast reader reads it: " + last);
        else assertNull(new FastResource().read(last), "HAPI reads it: " + last);
    }
}
