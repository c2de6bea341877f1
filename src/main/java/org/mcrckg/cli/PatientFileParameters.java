package org.mcrckg.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The patient files of classify, explain and load: one description of what they may be. */
final class PatientFileParameters {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Patient files: .csv, .json or .ttl (docs/patient-record.md §1).")
    List<Path> files;
}
