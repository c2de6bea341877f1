package org.mcrckg.patient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mcrckg.ontology.KnowledgeBase;

/** Reads and validates patient files by extension: {@code .csv}, {@code .json}, {@code .ttl}. */
public final class PatientFiles {
    private final KnowledgeBase kb;
    private final RecordValidator validator;

    public PatientFiles(KnowledgeBase kb) {
        this.kb = kb;
        this.validator = new RecordValidator(kb);
    }

    public PatientReader readerFor(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) return new CsvPatientReader(kb.fields().keySet());
        if (n.endsWith(".json")) return new JsonPatientReader();
        if (n.endsWith(".ttl")) return new TurtlePatientReader(kb);
        throw new DataErrorException(new DataError("data#unsupported-format", new SourceLocation(file.toString(), 0, null), null,
                "unsupported file type: patient files are .csv, .json or .ttl"));
    }

    /** Reads and validates one file; throws {@link DataErrorException} listing every error in it. */
    public List<PatientRecord> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataErrorException(new DataError("data#unreadable", new SourceLocation(file.toString(), 0, null), null, "no such file"));
        }
        return validator.validateAll(readerFor(file).read(file));
    }

    /**
     * Reads every file; errors from all files are collected and thrown together, so nothing is
     * classified while any input is broken. A patient_id used in two files is an error too: it
     * names one individual.
     */
    public List<PatientRecord> readAll(List<Path> files) {
        List<DataError> errors = new ArrayList<>();
        List<PatientRecord> out = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (Path f : files) {
            try {
                for (PatientRecord r : read(f)) {
                    SourceLocation prev = seen.putIfAbsent(r.id(), r.location());
                    if (prev != null) {
                        errors.add(new DataError("data#duplicate-patient-id", r.location(), "patient_id",
                                "patient_id '" + r.id() + "' is also at " + prev));
                    }
                    out.add(r);
                }
            } catch (DataErrorException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) throw new DataErrorException(errors);
        return out;
    }

    public RecordValidator validator() { return validator; }
}
