package org.mcrckg.patient;

import java.io.IOException;
import java.io.InputStream;
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

/**
 * Reads and validates patient files: first by content through the {@link PatientFormat}s given
 * (FHIR), then by extension: {@code .csv}, {@code .json}, {@code .ttl}.
 */
public final class PatientFiles {
    /** How much of a file a {@link PatientFormat} sees to recognise it. */
    public static final int HEAD_BYTES = 64 * 1024;

    private final KnowledgeBase kb;
    private final RecordValidator validator;
    private final List<PatientFormat> formats;

    public PatientFiles(KnowledgeBase kb) { this(kb, List.of()); }

    public PatientFiles(KnowledgeBase kb, List<PatientFormat> formats) {
        this.kb = kb;
        this.validator = new RecordValidator(kb);
        this.formats = List.copyOf(formats);
    }

    public PatientReader readerFor(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) return new CsvPatientReader(kb.fields().keySet());
        if (n.endsWith(".json")) return new JsonPatientReader();
        if (n.endsWith(".ttl")) return new TurtlePatientReader(kb);
        throw new DataErrorException(new DataError("data#unsupported-format", new SourceLocation(file.toString(), 0, null), null,
                "unsupported file type: patient files are .csv, .json or .ttl" + (formats.isEmpty() ? "" : ", or FHIR R4 JSON (a Bundle, or Bulk Data NDJSON)")));
    }

    /**
     * Files read together: one file of a built-in format, or every file of one {@link PatientFormat}
     * (at the place of its first file), so a Bulk Data export is one unit.
     */
    private record Unit(List<Path> files, PatientFormat format) {
        void forEach(PatientFiles pf, Consumer<RawRecord> sink) {
            if (format != null) format.forEach(files, sink);
            else pf.readerFor(files.get(0)).forEach(files.get(0), sink);
        }
    }

    /** Groups the files into units; a file that cannot be read is an error in {@code errors}, or thrown when that is null. */
    private List<Unit> units(List<Path> files, List<DataError> errors) {
        List<Unit> out = new ArrayList<>();
        Map<PatientFormat, List<Path>> byFormat = new HashMap<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                DataError e = new DataError("data#unreadable", new SourceLocation(f.toString(), 0, null), null, "no such file");
                if (errors == null) throw new DataErrorException(e);
                errors.add(e);
                continue;
            }
            PatientFormat format = formatOf(f);
            if (format == null) {
                out.add(new Unit(List.of(f), null));
            } else {
                List<Path> group = byFormat.get(format);
                if (group == null) {
                    group = new ArrayList<>();
                    byFormat.put(format, group);
                    out.add(new Unit(group, format));
                }
                group.add(f);
            }
        }
        return out;
    }

    private PatientFormat formatOf(Path f) {
        if (formats.isEmpty()) return null;
        byte[] head;
        try (InputStream in = Files.newInputStream(f)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            return null;  // the built-in reader reports it
        }
        for (PatientFormat format : formats) if (format.reads(f, head)) return format;
        return null;
    }

    /** Reads and validates one file; throws {@link DataErrorException} listing every error in it. */
    public List<PatientRecord> read(Path file) { return readAll(List.of(file)); }

    /**
     * Reads every file; errors from all files are collected and thrown together, so nothing is
     * classified while any input is broken. A patient_id used twice (in one file or two) is an
     * error too: it names one individual.
     */
    public List<PatientRecord> readAll(List<Path> files) {
        List<DataError> errors = new ArrayList<>();
        List<PatientRecord> out = new ArrayList<>();
        Ids ids = new Ids();
        for (Unit u : units(files, errors)) {
            ids.nextUnit();
            try {
                u.forEach(this, raw -> {
                    PatientRecord r = validator.validate(raw, errors);
                    if (r == null) return;
                    ids.check(raw, r, errors);
                    out.add(r);
                });
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
        Ids ids = new Ids();
        int[] count = {0};
        for (Unit u : units(files, errors)) {
            ids.nextUnit();
            try {
                u.forEach(this, raw -> {
                    if (errors.size() >= MAX_ERRORS) return;
                    PatientRecord r = validator.validate(raw, errors);
                    if (r == null) return;
                    ids.check(raw, r, errors);
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
        for (Unit u : units(files, null)) {
            u.forEach(this, raw -> {
                List<DataError> errors = new ArrayList<>();
                PatientRecord r = validator.validate(raw, errors);
                if (r == null) throw new DataErrorException(errors);  // the file changed since it was validated
                sink.accept(r);
            });
        }
    }

    /**
     * A patient_id used twice (in one file or two) is an error: it names one individual. Both
     * passes over the files ({@link #readAll}, {@link #validate}) report it alike, with where the
     * id was first seen.
     */
    private static final class Ids {
        private final Map<String, SourceLocation> seen = new HashMap<>();
        private Map<String, SourceLocation> seenHere = new HashMap<>();

        /** A new file (or FHIR unit) begins. */
        void nextUnit() { seenHere = new HashMap<>(); }

        void check(RawRecord raw, PatientRecord r, List<DataError> errors) {
            SourceLocation here = seenHere.putIfAbsent(r.id(), r.location());
            SourceLocation prev = here == null ? seen.putIfAbsent(r.id(), r.location()) : null;
            if (here != null) {
                errors.add(new DataError("data#duplicate-patient-id", raw.locationOf("patient_id"), "patient_id",
                        "patient_id '" + InputLimits.shown(r.id()) + "' is used twice (first at " + here + ")"));
            } else if (prev != null) {
                errors.add(new DataError("data#duplicate-patient-id", r.location(), "patient_id", "patient_id '" + InputLimits.shown(r.id()) + "' is also at " + prev));
            }
        }
    }

    /** The formats a patient stream (not a file) may have. */
    public enum StreamFormat { CSV, JSON }

    /**
     * Reads and validates the records of a stream, such as an HTTP request body; {@code name}
     * stands for the file in errors ({@code request.csv:3}). Throws {@link DataErrorException}
     * listing every error (at most {@link #MAX_ERRORS}), duplicate patient ids included.
     */
    public List<PatientRecord> read(String name, StreamFormat format, InputStream in) {
        List<DataError> errors = new ArrayList<>();
        List<PatientRecord> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Consumer<RawRecord> sink = raw -> {
            if (errors.size() >= MAX_ERRORS) return;
            PatientRecord r = validator.validate(raw, errors);
            if (r == null) return;
            if (!ids.add(r.id())) {
                errors.add(new DataError("data#duplicate-patient-id", raw.locationOf("patient_id"), "patient_id", "patient_id '" + r.id() + "' is used twice"));
            }
            out.add(r);
        };
        try {
            switch (format) {
                case CSV -> new CsvPatientReader(kb.fields().keySet()).forEach(name, in, sink);
                case JSON -> new JsonPatientReader().forEach(name, in, sink);
            }
        } catch (DataErrorException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) throw new DataErrorException(errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors);
        return out;
    }

    public RecordValidator validator() { return validator; }
}
