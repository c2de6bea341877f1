package org.mcrckg.patient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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

    /** At most this many data errors are listed; a broken export would otherwise print millions. */
    public static final int MAX_ERRORS = 1000;

    /**
     * The first pass of a large run: reads every file, validates every record and checks that no
     * patient_id repeats (across files too), keeping only the ids. Throws {@link DataErrorException}
     * listing the errors (at most {@link #MAX_ERRORS}); returns the number of patients.
     */
    public int validate(List<Path> files) { return validate(files, r -> {}); }

    /** As {@link #validate(List)}, handing each valid record to {@code valid} as it is read (to warm a cache, say). */
    public int validate(List<Path> files, Consumer<PatientRecord> valid) {
        List<DataError> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int[] count = {0};
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                errors.add(new DataError("data#unreadable", new SourceLocation(f.toString(), 0, null), null, "no such file"));
                continue;
            }
            try {
                readerFor(f).forEach(f, raw -> {
                    if (errors.size() >= MAX_ERRORS) return;
                    PatientRecord r = validator.validate(raw, errors);
                    if (r == null) return;
                    if (!ids.add(r.id())) {
                        errors.add(new DataError("data#duplicate-patient-id", raw.locationOf("patient_id"), "patient_id", "patient_id '" + r.id() + "' is used twice"));
                    }
                    count[0]++;
                    valid.accept(r);
                });
            } catch (DataErrorException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) throw new DataErrorException(errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors);
        return count[0];
    }

    /** The second pass: every record of the files, validated, to {@code sink} in file order. Call {@link #validate} first. */
    public void forEach(List<Path> files, Consumer<PatientRecord> sink) {
        for (Path f : files) {
            readerFor(f).forEach(f, raw -> {
                List<DataError> errors = new ArrayList<>();
                PatientRecord r = validator.validate(raw, errors);
                if (r == null) throw new DataErrorException(errors);  // the file changed since it was validated
                sink.accept(r);
            });
        }
    }

    public RecordValidator validator() { return validator; }
}
