package org.mcrckg.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.FieldType;

/**
 * Test and bench support: writes a contract record as mCODE resources, using the standard code
 * wherever the mapping has one (docs/fhir-mapping.md) and the local code system otherwise. It is
 * the mapping read backwards, so a record written and read again must classify the same.
 */
public final class McodeWriter {
    /** Every fact is effective on this day; birthDate is chosen so that the age at this day is the record's. */
    public static final LocalDate AS_OF = LocalDate.of(2025, 6, 1);
    private static final Date WHEN = Date.from(AS_OF.atStartOfDay(ZoneOffset.UTC).toInstant());

    private final Map<String, Field> fields;
    private final boolean panel;
    private final FhirContext ctx = FhirContext.forR4Cached();

    public McodeWriter(Map<String, Field> fields) { this(fields, false); }

    /** @param panel write the local-code-system facts as components of one panel Observation, not one Observation each */
    public McodeWriter(Map<String, Field> fields, boolean panel) {
        this.fields = fields;
        this.panel = panel;
    }

    /** The resources of one record (values as CSV cells; empty = unknown). */
    public List<Resource> resources(Map<String, String> record) {
        Map<String, String> v = new LinkedHashMap<>();
        record.forEach((k, x) -> { if (x != null && !x.isBlank()) v.put(k, x.strip()); });
        String id = v.remove("patient_id");
        List<Resource> out = new ArrayList<>();
        Reference subject = new Reference("Patient/" + id);
        Patient p = new Patient();
        p.setId(id);
        String age = v.remove("age");
        if (age != null) p.setBirthDateElement(new DateType(Date.from(AS_OF.minusYears(Integer.parseInt(age)).minusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
        String sex = v.remove("sex");
        if (sex != null) p.setGender(sex.equals("female") ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        out.add(p);
        int[] n = {0};
        java.util.function.Supplier<String> next = () -> id + "-" + (++n[0]);

        String ecog = v.remove("ecog");
        if (ecog != null) out.add(obs(next.get(), subject, FhirMapping.LOINC, "89247-1", new IntegerType(Integer.parseInt(ecog))));
        String cea = v.remove("cea_ng_ml");
        if (cea != null) out.add(obs(next.get(), subject, FhirMapping.LOINC, "2039-6", qty(cea, "ng/mL")));

        // the primary: a Condition (ICD-10-CM), with its site where ICD-10 has one
        String site = v.get("primary_site");
        boolean colon = "right_colon".equals(site) || "left_colon".equals(site);
        String status = v.remove("primary_status");
        Condition primary = new Condition();
        primary.setId(next.get());
        primary.setSubject(subject);
        primary.setOnset(new DateTimeType(Date.from(AS_OF.minusYears(2).atStartOfDay(ZoneOffset.UTC).toInstant())));
        String icd = site == null ? "C18.9" : switch (site) { case "right_colon" -> "C18.2"; case "left_colon" -> "C18.7"; default -> "C20"; };
        primary.setCode(cc(FhirMapping.ICD10CM, icd));
        out.add(primary);
        if (colon) v.remove("primary_site");
        if ("resected".equals(status)) {
            Procedure pr = new Procedure();
            pr.setId(next.get());
            pr.setStatus(Procedure.ProcedureStatus.COMPLETED);
            pr.setSubject(subject);
            pr.setCode(cc(FhirMapping.SNOMED, "43075005"));
            pr.setPerformed(new DateTimeType(Date.from(AS_OF.minusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
            out.add(pr);
        } else if (status != null) {
            out.add(local(next.get(), subject, "primary_status", status));
        }
        String n1 = v.remove("primary_node_positive");
        if (n1 != null) out.add(tnm(next.get(), subject, primary, "21906-3", n1.equals("true") ? "cN1" : "cN0"));
        String t4 = v.remove("primary_t4");
        if (t4 != null) out.add(tnm(next.get(), subject, primary, "21905-5", t4.equals("true") ? "cT4a" : "cT3"));

        String ras = v.remove("ras_status");
        if (ras != null) {
            out.add(variant(next.get(), subject, "HGNC:6407", ras.equals("mutant"), null));
            out.add(variant(next.get(), subject, "HGNC:7989", false, null));
        }
        String braf = v.remove("braf_v600e");
        if (braf != null) out.add(variant(next.get(), subject, "HGNC:1097", braf.equals("mutant"), braf.equals("mutant") ? "p.Val600Glu" : null));
        if ("true".equals(v.get("on_bevacizumab"))) {
            v.remove("on_bevacizumab");
            MedicationRequest m = new MedicationRequest();
            m.setId(next.get());
            m.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
            m.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
            m.setSubject(subject);
            m.setMedication(cc(FhirMapping.RXNORM, "253337"));
            m.setAuthoredOn(WHEN);
            out.add(m);
        }
        // metastasis sites: a SecondaryCancerCondition says where; counts stay local Observations
        secondary(v, "liver_met_count", "C78.7", out, subject, next);
        secondary(v, "lung_met_count", "C78.01", out, subject, next);
        secondary(v, "brain_met_count", "C79.31", out, subject, next);
        if ("true".equals(v.get("peritoneal_mets"))) { v.remove("peritoneal_mets"); out.add(condition(next.get(), subject, "C78.6")); }
        if ("true".equals(v.get("bone_mets"))) { v.remove("bone_mets"); out.add(condition(next.get(), subject, "C79.51")); }
        if ("true".equals(v.get("ovarian_mets"))) { v.remove("ovarian_mets"); out.add(condition(next.get(), subject, "C79.61")); }

        if (panel && !v.isEmpty()) {
            Observation o = obs(next.get(), subject, FhirMapping.LOCAL, FhirMapping.PANEL, null);
            for (Map.Entry<String, String> e : v.entrySet()) {
                Observation one = local("x", subject, e.getKey(), e.getValue());
                o.addComponent().setCode(one.getCode()).setValue(one.getValue());
            }
            out.add(o);
        } else {
            for (Map.Entry<String, String> e : v.entrySet()) out.add(local(next.get(), subject, e.getKey(), e.getValue()));
        }
        return out;
    }

    private void secondary(Map<String, String> v, String field, String icd, List<Resource> out, Reference subject, java.util.function.Supplier<String> next) {
        String count = v.get(field);
        if (count != null && !count.equals("0")) out.add(condition(next.get(), subject, icd));
    }

    private static Condition condition(String id, Reference subject, String icd) {
        Condition c = new Condition();
        c.setId(id);
        c.setSubject(subject);
        c.setCode(cc(FhirMapping.ICD10CM, icd));
        c.setClinicalStatus(cc("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
        c.setVerificationStatus(cc("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
        c.setOnset(new DateTimeType(WHEN));
        return c;
    }

    private Observation local(String id, Reference subject, String field, String value) {
        Field f = fields.get(field);
        org.hl7.fhir.r4.model.Type t = switch (f.type()) {
            case BOOLEAN -> new org.hl7.fhir.r4.model.BooleanType(value);
            case INTEGER -> field.equals("preop_chemo_weeks") ? qty(value, "wk") : new IntegerType(Integer.parseInt(value));
            case DECIMAL -> qty(value, FhirMapping.UNITS.getOrDefault(field, java.util.Set.of("1")).iterator().next());
            case WORD -> cc(FhirMapping.LOCAL, value);
            case TEXT -> new StringType(value);
        };
        return obs(id, subject, FhirMapping.LOCAL, field, t);
    }

    private static Observation obs(String id, Reference subject, String system, String code, org.hl7.fhir.r4.model.Type value) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(cc(system, code));
        o.setSubject(subject);
        o.setEffective(new DateTimeType(WHEN));
        if (value != null) o.setValue(value);
        return o;
    }

    private static Observation tnm(String id, Reference subject, Condition primary, String loinc, String ajcc) {
        Observation o = obs(id, subject, FhirMapping.LOINC, loinc, cc(FhirMapping.AJCC, ajcc));
        o.addFocus(new Reference("Condition/" + primary.getIdElement().getIdPart()));
        return o;
    }

    private static Observation variant(String id, Reference subject, String hgnc, boolean present, String aminoAcidChange) {
        Observation o = obs(id, subject, FhirMapping.LOINC, "69548-6", cc(FhirMapping.LOINC, present ? "LA9633-4" : "LA9634-2"));
        o.addComponent().setCode(cc(FhirMapping.LOINC, "48018-6")).setValue(cc(FhirMapping.HGNC, hgnc));
        if (aminoAcidChange != null) o.addComponent().setCode(cc(FhirMapping.LOINC, "48005-3")).setValue(cc("http://varnomen.hgvs.org", aminoAcidChange));
        return o;
    }

    private static Quantity qty(String value, String ucum) {
        return new Quantity().setValue(new BigDecimal(value)).setSystem(FhirMapping.UCUM).setCode(ucum).setUnit(ucum);
    }

    private static CodeableConcept cc(String system, String code) {
        return new CodeableConcept().addCoding(new Coding(system, code, null));
    }

    /** One Bundle of the given type holding every record's resources. */
    public String bundle(List<Map<String, String>> records, Bundle.BundleType type) {
        Bundle b = new Bundle();
        b.setType(type);
        for (Map<String, String> r : records) {
            for (Resource res : resources(r)) {
                Bundle.BundleEntryComponent e = b.addEntry().setResource(res).setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes((res.fhirType() + "/" + res.getIdElement().getIdPart()).getBytes(StandardCharsets.UTF_8)));
                if (type == Bundle.BundleType.TRANSACTION) e.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(res.fhirType() + "/" + res.getIdElement().getIdPart());
            }
        }
        return parser().setPrettyPrint(true).encodeResourceToString(b);
    }

    /** Bulk Data NDJSON: one file per resource type in {@code dir}; returns the files. */
    public List<Path> ndjson(Iterable<Map<String, String>> records, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Writer> writers = new LinkedHashMap<>();
        IParser parser = parser().setPrettyPrint(false);
        try {
            for (Map<String, String> r : records) {
                for (Resource res : resources(r)) {
                    Writer w = writers.get(res.fhirType());
                    if (w == null) {
                        w = Files.newBufferedWriter(dir.resolve(res.fhirType() + ".ndjson"), StandardCharsets.UTF_8);
                        writers.put(res.fhirType(), w);
                    }
                    w.write(parser.encodeResourceToString(res));
                    w.write('\n');
                }
            }
        } finally {
            for (Writer w : writers.values()) w.close();
        }
        List<Path> out = new ArrayList<>();
        for (String t : writers.keySet()) out.add(dir.resolve(t + ".ndjson"));
        return out;
    }

    private IParser parser() { return ctx.newJsonParser(); }

    /**
     * {@code McodeWriter COHORT.csv DIR [panel]}: writes the cohort as a Bulk Data export (one NDJSON
     * file per resource type) for the FHIR benchmark (bench/fhir.sh); with {@code panel}, the local
     * facts as one panel Observation per patient. Needs the test classes and the jar.
     */
    public static void main(String[] args) throws IOException {
        McodeWriter w = new McodeWriter(org.mcrckg.Mcrc.load().fields(), args.length > 2 && args[2].equals("panel"));
        try (java.io.Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8);
             org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            Iterable<Map<String, String>> rows = () -> p.stream().map(r -> (Map<String, String>) new LinkedHashMap<>(r.toMap())).iterator();
            for (Path f : w.ndjson(rows, Path.of(args[1]))) System.out.println(f);
        }
    }

}
