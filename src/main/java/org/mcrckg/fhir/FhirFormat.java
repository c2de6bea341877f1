package org.mcrckg.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.mcrckg.ontology.Field;
import org.mcrckg.patient.PatientFormat;
import org.mcrckg.patient.RawRecord;

/**
 * FHIR R4 JSON as a patient file format: a Bundle ({@code collection}, {@code searchset},
 * {@code transaction}, {@code batch}; one or many patients), a single resource, or FHIR Bulk Data
 * NDJSON (one resource per line, one resource type per file, patients spread over the files).
 * A file is FHIR when its first JSON object has a {@code resourceType}, whatever its name, or when
 * its name ends in {@code .ndjson}. All FHIR files of one run are read together, so a Bulk Data
 * export is given as its files: {@code Patient.ndjson Observation.ndjson Condition.ndjson …}.
 *
 * <pre>{@code
 * PatientFiles files = new PatientFiles(kb, List.of(new FhirFormat(kb.fields())));
 * List<PatientRecord> records = files.readAll(List.of(Path.of("bundle.json")));
 * }</pre>
 *
 * <p>Each Patient becomes one record (patient_id = Patient.id). The mapping is in
 * {@code docs/fhir-mapping.md}. Age is computed from birthDate at the latest effective time of
 * the facts used, else at deceasedDateTime, else today by {@code clock}.
 */
public final class FhirFormat implements PatientFormat {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final FhirMapping mapping;
    private final Clock clock;
    /**
     * The records of the last files read, while the files are unchanged: classify reads its files
     * twice (validate, then classify) and load three times; FHIR records cannot stream anyway.
     */
    private volatile Cached cached;

    private record Cached(List<Path> files, List<Long> stamps, List<RawRecord> records) {}

    public FhirFormat(Map<String, Field> fields) { this(fields, Clock.systemUTC()); }

    /** @param clock gives "today" for the age of a patient whose record has no dated fact */
    public FhirFormat(Map<String, Field> fields, Clock clock) {
        this.mapping = new FhirMapping(fields);
        this.clock = clock;
    }

    @Override
    public boolean reads(Path file, byte[] head) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ndjson")) return true;
        try (JsonParser p = JSON.createParser(head)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                t = p.nextToken();
                if (key.equals("resourceType")) return t == JsonToken.VALUE_STRING;
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;  // not JSON, or resourceType beyond the head
        }
    }

    @Override
    public void forEach(List<Path> files, Consumer<RawRecord> sink) {
        List<Long> stamps = stamps(files);
        Cached c = cached;
        if (c != null && c.files().equals(files) && c.stamps().equals(stamps)) {
            c.records().forEach(sink);  // a later pass of the same run (classify, load's record follower)
            return;
        }
        List<RawRecord> records = new ArrayList<>();
        new FhirReader(mapping, clock, Runtime.getRuntime().availableProcessors()).read(files, r -> { records.add(r); sink.accept(r); });
        cached = stamps.contains(-1L) ? null : new Cached(List.copyOf(files), stamps, records);
    }

    private static List<Long> stamps(List<Path> files) {
        List<Long> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(Files.getLastModifiedTime(f).toMillis() ^ (Files.size(f) << 20));
            } catch (IOException e) {
                out.add(-1L);
            }
        }
        return out;
    }
}
