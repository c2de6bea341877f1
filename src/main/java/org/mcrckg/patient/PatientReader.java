package org.mcrckg.patient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the raw records of one file, lazily: each record goes to the sink as it is read, so a
 * file of any size streams. Structural problems (bad CSV, bad JSON) are data errors, thrown at
 * the end of the file (all of them) or at once when the file cannot be read further.
 */
public interface PatientReader {
    void forEach(Path file, Consumer<RawRecord> sink);

    /** Every record of the file, in a list (for small files and tests). */
    default List<RawRecord> read(Path file) {
        List<RawRecord> out = new ArrayList<>();
        forEach(file, out::add);
        return out;
    }
}
