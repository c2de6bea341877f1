package org.mcrckg.patient;

import java.nio.file.Path;
import java.util.List;

/** Reads the raw records of one file; structural problems (bad CSV, bad JSON) are data errors. */
public interface PatientReader {
    List<RawRecord> read(Path file);
}
