package org.mcrckg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.support.Cohort;

/** load reads FHIR like classify: a Bundle and a Bulk Data export, together, into one store. */
class FhirLoadTest {
    @TempDir
    Path tmp;

    @Test
    void loadsABundleAndABulkDataExport() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("src/test/resources/fhir/vignettes/V01.json")));
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/fhir/ndjson"))) { files.addAll(s.sorted().toList()); }
        try (PatientStore store = PatientStore.open(tmp.resolve("store"))) {
            LoadReport r = store.load(Cohort.mcrc(), files, 2, PatientStore.Progress.NONE);
            assertEquals(6, r.patients(), r.toString());
            assertEquals(6, store.patientCount());
        }
    }
}
