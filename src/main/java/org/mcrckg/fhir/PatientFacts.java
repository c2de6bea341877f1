package org.mcrckg.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.RawRecord;
import org.mcrckg.patient.SourceLocation;

/**
 * Everything the input says about one patient, gathered over resources and files, and turned
 * into one raw record when every file is read. Repeats and conflicts are settled here, the same
 * way for every field: the value with the latest effective time wins; two different values at
 * that same latest time (or both without a time) are a conflict, reported as a data error.
 */
final class PatientFacts {
    private final FhirMapping mapping;
    String id;
    SourceLocation patientLocation;
    LocalDate birthDate;
    boolean birthDatePrecise = true;
    Instant deceased;
    final Map<String, SourceLocation> subjectLocations = new HashMap<>();
    private final Map<String, List<Candidate>> byField = new TreeMap<>();
    final List<Tnm> tnm = new ArrayList<>();
    final List<ConditionFound> conditions = new ArrayList<>();
    final List<Candidate> resections = new ArrayList<>();

    /** A TNM category observation, held until the patient's primary is known. */
    record Tnm(String focus, List<Map.Entry<String, Candidate>> facts) {}

    /** A Condition the mapping recognised, with the references that name it (for Observation.focus). */
    record ConditionFound(FhirMapping.ConditionFacts facts, Instant when, SourceLocation where, String label, List<String> keys) {}

    PatientFacts(FhirMapping mapping) { this.mapping = mapping; }

    void add(String field, Candidate c) { byField.computeIfAbsent(field, k -> new ArrayList<>()).add(c); }

    void merge(PatientFacts other) {
        other.byField.forEach((f, cs) -> byField.computeIfAbsent(f, k -> new ArrayList<>()).addAll(cs));
        tnm.addAll(other.tnm);
        conditions.addAll(other.conditions);
        resections.addAll(other.resections);
    }

    RawRecord toRecord(LocalDate today, List<DataError> errors) {
        int before = errors.size();
        Set<String> notClosed = new HashSet<>();
        Map<String, List<Candidate>> activeSites = new HashMap<>();
        Instant crcOnset = null;
        boolean crc = false, otherCancer = false;
        Set<String> crcKeys = new HashSet<>();
        for (ConditionFound c : conditions) {
            FhirMapping.ConditionFacts f = c.facts();
            if (f.colorectalPrimary()) {
                crc = true;
                crcKeys.addAll(c.keys());
                if (c.when() != null && (crcOnset == null || c.when().isBefore(crcOnset))) crcOnset = c.when();
                if (f.primarySite() != null) add("primary_site", new Candidate(f.primarySite(), c.when(), c.where(), c.label()));
                if (Boolean.TRUE.equals(f.signetRing())) add("signet_ring_histology", new Candidate("true", c.when(), c.where(), c.label()));
            }
            if (f.otherCancer()) otherCancer = true;
            FhirMapping.Site site = f.site();
            if (site != null) {
                if (f.refuted()) {
                    add(site.field(), new Candidate(site.count() ? "0" : "false", c.when(), c.where(), c.label()));
                } else if (site.count()) {
                    // a metastasis Condition is not a lesion count: the count stays unknown, and "none" must not be closed in
                    notClosed.add(site.field());
                    activeSites.computeIfAbsent(site.field(), k -> new ArrayList<>()).add(new Candidate("present", c.when(), c.where(), c.label()));
                } else {
                    add(site.field(), new Candidate("true", c.when(), c.where(), c.label()));
                }
            }
        }
        // TNM categories describe a tumour: take them as the colorectal primary's only when they say so
        // (focus), or when the colorectal cancer is the patient's only known cancer
        for (Tnm t : tnm) {
            boolean ours = t.focus() != null ? crcKeys.contains(t.focus()) : crc && !otherCancer;
            if (ours) for (Map.Entry<String, Candidate> e : t.facts()) add(e.getKey(), e.getValue());
        }
        if (crc) {
            for (Candidate r : resections) {
                if (r.when() == null || crcOnset == null || !r.when().isBefore(crcOnset)) add("primary_status", r);
            }
        }
        genes();

        Map<String, String> values = new LinkedHashMap<>();
        Map<String, SourceLocation> locations = new HashMap<>();
        values.put("patient_id", id);
        locations.put("patient_id", patientLocation.withPath(patientLocation.path() + ".id"));
        Instant asOf = null;
        for (Map.Entry<String, List<Candidate>> e : byField.entrySet()) {
            String field = e.getKey();
            if (field.startsWith("gene:") || !mapping.knows(field)) continue;
            List<Candidate> cs = e.getValue();
            if (cs.size() > 1) {
                cs = new ArrayList<>(cs);
                cs.sort(Candidate::newestFirst);
            }
            Candidate top = cs.get(0);
            for (int i = 1; i < cs.size(); i++) {
                Candidate other = cs.get(i);
                if (Candidate.newestFirst(top, other) != 0) break;
                if (!other.value().equals(top.value())) {
                    errors.add(new DataError("data#fhir-conflict", other.where(), field,
                            other.resource() + " says " + other.value() + ", " + top.resource() + " at " + top.where() + " says " + top.value()
                                    + (top.when() == null ? ", neither with an effective time" : ", both effective " + top.when())));
                    break;
                }
            }
            values.put(field, top.value());
            locations.put(field, top.where());
            if (top.when() != null && (asOf == null || top.when().isAfter(asOf))) asOf = top.when();
        }
        for (Map.Entry<String, List<Candidate>> e : activeSites.entrySet()) {
            if ("0".equals(values.get(e.getKey()))) {
                Candidate c = e.getValue().get(0);
                errors.add(new DataError("data#fhir-conflict", locations.get(e.getKey()), e.getKey(),
                        e.getKey() + " is 0, but " + c.resource() + " at " + c.where() + " records an active metastasis there"));
            }
        }
        if (birthDate != null && mapping.knows("age")) {
            // age at the latest fact used (the record's "as of" date), else at death, else today
            LocalDate at = asOf != null ? asOf.atZone(ZoneOffset.UTC).toLocalDate()
                    : deceased != null ? deceased.atZone(ZoneOffset.UTC).toLocalDate() : today;
            if (birthDatePrecise || at.getYear() - birthDate.getYear() > 1) {
                int age = Period.between(birthDate, at).getYears();
                if (!birthDatePrecise) age = at.getYear() - birthDate.getYear() - 1;  // year or month only: the lower bound
                values.put("age", String.valueOf(age));
                locations.put("age", patientLocation.withPath(patientLocation.path() + ".birthDate"));
            }
        }
        if (errors.size() > before) return null;
        notClosed.removeAll(values.keySet());
        return new RawRecord(patientLocation, values, locations, notClosed);
    }

    /** KRAS/NRAS/BRAF variant findings to ras_status and braf_v600e (latest finding per gene). */
    private void genes() {
        Candidate kras = latest("gene:KRAS"), nras = latest("gene:NRAS"), braf = latest("gene:BRAF");
        if (mapping.knows("ras_status")) {
            Candidate mutant = null;
            for (Candidate c : new Candidate[] {kras, nras}) if (c != null && c.value().equals("present")) mutant = c;
            if (mutant != null) {
                add("ras_status", new Candidate("mutant", mutant.when(), mutant.where(), mutant.resource()));
            } else if (kras != null && nras != null) {
                // wild type means both genes tested without a variant; one gene alone says nothing about RAS
                Candidate later = Candidate.newestFirst(kras, nras) <= 0 ? kras : nras;
                add("ras_status", new Candidate("wild_type", later.when(), later.where(), later.resource()));
            }
        }
        if (braf != null && mapping.knows("braf_v600e")) {
            if (braf.value().equals("present:V600E")) add("braf_v600e", new Candidate("mutant", braf.when(), braf.where(), braf.resource()));
            else if (braf.value().equals("absent")) add("braf_v600e", new Candidate("wild_type", braf.when(), braf.where(), braf.resource()));
        }
    }

    private Candidate latest(String key) {
        List<Candidate> cs = byField.get(key);
        if (cs == null) return null;
        List<Candidate> sorted = new ArrayList<>(cs);
        sorted.sort(Candidate::newestFirst);
        return sorted.get(0);
    }
}
