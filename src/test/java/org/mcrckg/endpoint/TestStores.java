package org.mcrckg.endpoint;

import java.nio.file.Path;
import java.util.List;
import org.mcrckg.store.PatientStore;
import org.mcrckg.support.Cohort;
import org.mcrckg.support.TempDirs;

/** Stores for the endpoint tests. The example cohort is classified and loaded once per JVM (it takes a while). */
final class TestStores {
    private static PatientStore cohort;

    private TestStores() {}

    /** The example cohort (ontology/examples/cohort.csv) in a store that stays open for the whole JVM. */
    static synchronized PatientStore cohort() {
        if (cohort == null) {
            cohort = PatientStore.open(tempDir("mcrc-cohort-store"));
            cohort.load(Cohort.mcrc(), List.of(Cohort.COHORT), 2, PatientStore.Progress.NONE);
        }
        return cohort;
    }

    /** A new directory for a store, deleted when the JVM exits. */
    static Path tempDir(String prefix) { return TempDirs.create(prefix); }
}
