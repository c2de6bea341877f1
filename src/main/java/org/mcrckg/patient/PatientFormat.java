package org.mcrckg.patient;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A patient file format read by an adapter outside this package (FHIR, in {@code org.mcrckg.fhir}),
 * so that the core never sees the adapter's third-party types. {@link PatientFiles} asks each
 * format first, by content, and falls back to the built-in readers by extension.
 *
 * <p>A format reads all of its files together: a FHIR Bulk Data export spreads one patient over
 * one file per resource type.
 */
public interface PatientFormat {
    /**
     * Whether this format reads the file, judged by its content.
     *
     * @param head the first bytes of the file (up to {@link PatientFiles#HEAD_BYTES})
     */
    boolean reads(Path file, byte[] head);

    /**
     * Reads the files (all of this format, in the order given), each record to {@code sink}.
     * Every data error is collected and thrown together at the end as a {@link DataErrorException}.
     */
    void forEach(List<Path> files, Consumer<RawRecord> sink);
}
