package org.mcrckg.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/**
 * Data nobody here wrote: synthetic patients with colorectal cancer from Synthea (see
 * {@code fhir/synthea/README.md} for how they were made). Every transaction Bundle must read
 * without a data error and classify; most fields are missing, and the answers must say so
 * (undetermined with missing fields, never a status without a rule).
 */
class SyntheaTest {
    static final Path DIR = Path.of("src/test/resources/fhir/synthea");

    @TempDir
    Path tmp;

    @Test
    void everySyntheaBundleReadsAndClassifies() throws IOException {
        List<Path> bundles = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            for (Path gz : s.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList()) {
                Path f = tmp.resolve(gz.getFileName().toString().replace(".gz", ""));
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    Files.copy(in, f);
                }
                bundles.add(f);
            }
        }
        assertTrue(bundles.size() >= 20, "the Synthea set: " + bundles.size());
        List<PatientRecord> records = Cohort.mcrc().read(bundles);
        assertEquals(bundles.size(), records.size(), "one patient per Synthea bundle");
        int resected = 0;
        for (PatientRecord r : records) {
            assertTrue(r.isKnown("age") && r.isKnown("sex"), "Patient.birthDate and gender are read: " + r.values());
            if ("resected".equals(r.values().get("primary_status"))) resected++;
            PatientAnswer a = Cohort.mcrc().classify(r);
            assertTrue(a.consistent(), r.id() + ": " + a.explanation());
            assertEquals(Cohort.mcrc().procedures().size(), a.treatments().size());
            for (TreatmentAnswer t : a.treatments()) {
                if (t.status() == Status.UNDETERMINED) assertTrue(!t.missing().isEmpty(), r.id() + " " + t.procedure() + " is undetermined without naming a field");
                if (t.status() == Status.RECOMMENDED || t.status() == Status.CONSIDER || t.status() == Status.NOT_RECOMMENDED) {
                    assertTrue(!t.rules().isEmpty(), r.id() + " " + t.procedure() + " has a status without a rule");
                }
            }
        }
        assertTrue(resected > 0, "Synthea's partial colectomy (SNOMED CT 43075005) is read as a resected primary");
    }
}
