package org.mcrckg.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.PatientFiles;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/** Broken and awkward FHIR input: every error names file, resource, FHIRPath-like location and field; repeats and conflicts. */
class FhirBadInputTest {
    @TempDir
    Path tmp;

    static final String PATIENT = "{\"resourceType\":\"Patient\",\"id\":\"P1\",\"birthDate\":\"1960-03-15\",\"gender\":\"female\"}";

    static String obs(String id, String system, String code, String value, String date) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"" + system
                + "\",\"code\":\"" + code + "\"}]},\"subject\":{\"reference\":\"Patient/P1\"}" + (date == null ? "" : ",\"effectiveDateTime\":\"" + date + "\"")
                + "," + value + "}";
    }

    static String local(String id, String code, String value) { return obs(id, FhirMapping.LOCAL, code, value, "2025-06-01"); }

    Path bundle(String name, String... resources) throws IOException {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n");
        for (int i = 0; i < resources.length; i++) b.append(i == 0 ? "" : ",\n").append("{\"resource\":").append(resources[i]).append('}');
        Path f = tmp.resolve(name);
        Files.writeString(f, b.append("\n]}\n").toString());
        return f;
    }

    PatientFiles files() { return files(Clock.systemUTC()); }

    PatientFiles files(Clock clock) {
        var kb = Cohort.mcrc().knowledgeBase();
        return new PatientFiles(kb, List.of(new FhirFormat(kb.fields(), clock)));
    }

    List<DataError> errors(Path... f) {
        return assertThrows(DataErrorException.class, () -> files().readAll(List.of(f))).errors();
    }

    PatientRecord one(Path f) {
        List<PatientRecord> rs = files().readAll(List.of(f));
        assertEquals(1, rs.size());
        return rs.get(0);
    }

    @Test
    void everyErrorOfAFileAtOnceWithFileResourceLocationAndField() throws IOException {
        Path f = bundle("bad.json", PATIENT,
                obs("ecog-1", FhirMapping.LOINC, "89247-1", "\"valueInteger\":7", "2025-06-01"),
                obs("cea-1", FhirMapping.LOINC, "2039-6", "\"valueQuantity\":{\"value\":4,\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg/dL\"}", "2025-06-01"),
                local("x-1", "flr_percnt", "\"valueQuantity\":{\"value\":40,\"code\":\"%\"}"),
                local("x-2", "liver_bilobar", "\"valueString\":\"maybe\""));
        List<DataError> es = errors(f);
        assertEquals(4, es.size(), es::toString);
        DataError ecog = es.stream().filter(e -> "ecog".equals(e.field())).findFirst().orElseThrow();
        assertEquals("data#out-of-range", ecog.errorId());
        assertEquals(f.toString(), ecog.location().file());
        assertEquals("Bundle.entry[1].resource.valueInteger", ecog.location().path());
        assertEquals(3, ecog.location().line());
        DataError cea = es.stream().filter(e -> "cea_ng_ml".equals(e.field())).findFirst().orElseThrow();
        assertEquals("data#fhir-unmappable", cea.errorId());
        assertEquals("Bundle.entry[2].resource.valueQuantity.code", cea.location().path());
        assertTrue(cea.message().contains("Observation/cea-1") && cea.message().contains("mg/dL"), cea.message());
        DataError code = es.stream().filter(e -> "flr_percnt".equals(e.field())).findFirst().orElseThrow();
        assertEquals("data#unknown-field", code.errorId());
        assertEquals("Bundle.entry[3].resource.code", code.location().path());
        DataError type = es.stream().filter(e -> "liver_bilobar".equals(e.field())).findFirst().orElseThrow();
        assertEquals("data#fhir-unmappable", type.errorId());
        assertEquals("Bundle.entry[4].resource.valueString", type.location().path());
        assertTrue(ecog.toString().startsWith(f + ":3 Bundle.entry[1].resource.valueInteger: field ecog: "), ecog.toString());
    }

    @Test
    void aPanelComponentIsLocatedByItsIndex() throws IOException {
        String panel = obs("p", FhirMapping.LOCAL, FhirMapping.PANEL, "\"component\":["
                + "{\"code\":{\"coding\":[{\"system\":\"" + FhirMapping.LOCAL + "\",\"code\":\"pci\"}]},\"valueInteger\":12},"
                + "{\"code\":{\"coding\":[{\"system\":\"" + FhirMapping.LOCAL + "\",\"code\":\"flr\"}]},\"valueInteger\":40},"
                + "{\"code\":{\"coding\":[{\"system\":\"" + FhirMapping.LOCAL + "\",\"code\":\"chemo_lines\"}]},\"valueInteger\":11}]", "2025-06-01");
        List<DataError> es = errors(bundle("panel.json", PATIENT, panel));
        assertEquals(2, es.size(), es::toString);
        DataError code = es.stream().filter(e -> "flr".equals(e.field())).findFirst().orElseThrow();
        assertEquals("Bundle.entry[1].resource.component[1].code", code.location().path());
        assertEquals("data#unknown-field", code.errorId());
        DataError range = es.stream().filter(e -> "chemo_lines".equals(e.field())).findFirst().orElseThrow();
        assertEquals("Bundle.entry[1].resource.component[2].valueInteger", range.location().path());
        assertEquals("data#out-of-range", range.errorId());
        assertEquals("12", one(bundle("panel-ok.json", PATIENT, panel.replace(",{\"code\":{\"coding\":[{\"system\":\"" + FhirMapping.LOCAL + "\",\"code\":\"flr\"}]},\"valueInteger\":40}", "")
                .replace("\"valueInteger\":11", "\"valueInteger\":1"))).values().get("pci"));
    }

    @Test
    void invalidFhirIsAnErrorNamingTheResource() throws IOException {
        Path f = bundle("invalid.json", PATIENT,
                obs("ecog-1", FhirMapping.LOINC, "89247-1", "\"valueInteger\":\"zero\"", "2025-06-01"),
                obs("ecog-2", FhirMapping.LOINC, "89247-1", "\"valueIntegr\":1", "2025-06-01"));
        List<DataError> es = errors(f);
        assertTrue(es.size() >= 2, es::toString);
        assertTrue(es.stream().allMatch(e -> e.errorId().equals("data#fhir-invalid")), es::toString);
        assertTrue(es.stream().anyMatch(e -> e.message().contains("Observation/ecog-1") && e.location().path().startsWith("Bundle.entry[1].resource")), es::toString);
        assertTrue(es.stream().anyMatch(e -> e.message().contains("Observation/ecog-2") && e.location().path().contains("valueIntegr")), es::toString);
    }

    @Test
    void aSubjectThatIsNoPatientOfTheInputIsAnError() throws IOException {
        Path f = bundle("orphan.json", PATIENT, obs("ecog-1", FhirMapping.LOINC, "89247-1", "\"valueInteger\":1", "2025-06-01").replace("Patient/P1", "Patient/P2"));
        List<DataError> es = errors(f);
        assertEquals(1, es.size(), es::toString);
        assertEquals("data#fhir-reference", es.get(0).errorId());
        assertEquals("Bundle.entry[1].resource.subject", es.get(0).location().path());
    }

    @Test
    void theLatestEffectiveObservationWinsAndASameDayDisagreementIsAConflict() throws IOException {
        PatientRecord r = one(bundle("repeat.json", PATIENT,
                obs("e1", FhirMapping.LOINC, "89247-1", "\"valueInteger\":3", "2025-01-01"),
                obs("e2", FhirMapping.LOINC, "89247-1", "\"valueInteger\":1", "2025-05-01"),
                obs("e3", FhirMapping.LOINC, "89247-1", "\"valueInteger\":2", "2024-12-01")));
        assertEquals("1", r.values().get("ecog"));
        List<DataError> es = errors(bundle("conflict.json", PATIENT,
                obs("e1", FhirMapping.LOINC, "89247-1", "\"valueInteger\":0", "2025-05-01"),
                obs("e2", FhirMapping.LOINC, "89247-1", "\"valueInteger\":1", "2025-05-01")));
        assertEquals("data#fhir-conflict", es.get(0).errorId());
        assertEquals("ecog", es.get(0).field());
    }

    @Test
    void aMetastasisConditionIsNotALesionCountAndIsNotClosedToNone() throws IOException {
        String liver = "{\"resourceType\":\"Condition\",\"id\":\"m1\",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"C78.7\"}]},\"subject\":{\"reference\":\"Patient/P1\"}}";
        String peritoneum = liver.replace("\"m1\"", "\"m2\"").replace("C78.7", "C78.6");
        PatientRecord r = one(bundle("sites.json", PATIENT, liver, peritoneum, local("s", "staging_complete", "\"valueBoolean\":true")));
        assertFalse(r.isKnown("liver_met_count"), "a liver metastasis Condition says nothing about how many: " + r.values());
        assertEquals("true", r.values().get("peritoneal_mets"));
        assertEquals("0", r.values().get("lung_met_count"), "other sites are closed by complete staging");
        PatientAnswer a = Cohort.mcrc().classify(r);
        assertEquals(Status.UNDETERMINED, a.treatment("hepatectomy").orElseThrow().status());
        // a count of 0 next to an active liver metastasis is a contradiction in the source
        List<DataError> es = errors(bundle("zero.json", PATIENT, liver, local("c", "liver_met_count", "\"valueInteger\":0")));
        assertEquals("data#fhir-conflict", es.get(0).errorId());
        assertEquals("liver_met_count", es.get(0).field());
    }

    @Test
    void aSuspectedOrRefutedMetastasisIsNoFactOrANegativeOne() throws IOException {
        String base = "{\"resourceType\":\"Condition\",\"id\":\"m\",\"verificationStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"STATUS\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"C78.6\"}]},\"subject\":{\"reference\":\"Patient/P1\"}}";
        assertEquals("true", one(bundle("confirmed.json", PATIENT, base.replace("STATUS", "confirmed"))).values().get("peritoneal_mets"));
        assertFalse(one(bundle("provisional.json", PATIENT, base.replace("STATUS", "provisional"))).isKnown("peritoneal_mets"));
        assertEquals("false", one(bundle("refuted.json", PATIENT, base.replace("STATUS", "refuted"))).values().get("peritoneal_mets"));
    }

    @Test
    void tnmOfAnotherCancerIsNotTheColorectalPrimarys() throws IOException {
        String crc = "{\"resourceType\":\"Condition\",\"id\":\"crc\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"363406005\"}]},\"subject\":{\"reference\":\"Patient/P1\"}}";
        String breast = "{\"resourceType\":\"Condition\",\"id\":\"br\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"C50.911\"}]},\"subject\":{\"reference\":\"Patient/P1\"}}";
        String n1 = obs("n", FhirMapping.LOINC, "21906-3", "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"53623008\"}]}", "2025-06-01");
        assertEquals("true", one(bundle("crc-only.json", PATIENT, crc, n1)).values().get("primary_node_positive"));
        assertFalse(one(bundle("two-cancers.json", PATIENT, crc, breast, n1)).isKnown("primary_node_positive"));
        String focused = n1.replace("\"subject\"", "\"focus\":[{\"reference\":\"Condition/crc\"}],\"subject\"");
        assertEquals("true", one(bundle("focused.json", PATIENT, crc, breast, focused)).values().get("primary_node_positive"));
    }

    @Test
    void rasIsWildTypeOnlyWhenBothKrasAndNrasAreTested() throws IOException {
        String kras = obs("k", FhirMapping.LOINC, "69548-6", "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"LA9634-2\"}]},"
                + "\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"48018-6\"}]},\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://www.genenames.org/geneId\",\"code\":\"HGNC:6407\"}]}}]", "2025-06-01");
        assertFalse(one(bundle("kras.json", PATIENT, kras)).isKnown("ras_status"));
        String nras = kras.replace("\"k\"", "\"n\"").replace("HGNC:6407", "HGNC:7989");
        assertEquals("wild_type", one(bundle("ras.json", PATIENT, kras, nras)).values().get("ras_status"));
        String nrasMutant = nras.replace("LA9634-2", "LA9633-4");
        assertEquals("mutant", one(bundle("nras.json", PATIENT, kras, nrasMutant)).values().get("ras_status"));
    }

    @Test
    void ageIsAtTheLatestFactElseTodayByTheClock() throws IOException {
        assertEquals("65", one(bundle("age.json", PATIENT, obs("e", FhirMapping.LOINC, "89247-1", "\"valueInteger\":1", "2025-06-01"))).values().get("age"));
        Clock clock = Clock.fixed(Instant.parse("2030-03-14T12:00:00Z"), ZoneOffset.UTC);
        List<PatientRecord> rs = files(clock).readAll(List.of(bundle("today.json", PATIENT)));
        assertEquals("69", rs.get(0).values().get("age"), "the day before the 70th birthday");
        assertEquals("female", rs.get(0).values().get("sex"));
    }

    @Test
    void classifyExitsTwoAndWritesNothing() throws IOException {
        Path f = bundle("bad.json", PATIENT, obs("ecog-1", FhirMapping.LOINC, "89247-1", "\"valueInteger\":7", "2025-06-01"));
        Path out = tmp.resolve("answers.json");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = org.mcrckg.cli.Main.execute(new String[] {"classify", "--ontology", "ontology/mcrc.owl", f.toString(), "--format", "json", "--out", out.toString()},
                new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(2, code, e.toString());
        assertFalse(Files.exists(out));
        assertTrue(e.toString().contains("Bundle.entry[1].resource.valueInteger: field ecog") && e.toString().contains("[data#out-of-range]"), e.toString());
    }
}
