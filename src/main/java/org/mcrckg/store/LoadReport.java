package org.mcrckg.store;

import java.time.Duration;

/**
 * The outcome of {@link PatientStore#load}.
 *
 * @param patients      patients written (new or replaced)
 * @param replaced      of those, patients that were in the store before and were replaced whole
 * @param inconsistent  of those, patients whose records contradict the ontology (no answers)
 * @param elapsed       wall-clock time of the load, classification included
 * @param inStore       patients in the store after the load
 */
public record LoadReport(int patients, int replaced, int inconsistent, Duration elapsed, long inStore) {
    /** Patients written per second. */
    public double patientsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? patients : patients / s;
    }
}
