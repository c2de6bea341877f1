package org.mcrckg.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.mcrckg.error.TaskResults;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.RawRecord;
import org.mcrckg.patient.SourceLocation;

/**
 * Reads FHIR R4 JSON files (Bundles, single resources, Bulk Data NDJSON) into raw records, one per
 * Patient. Resources of a patient may be spread over files (Bulk Data writes one file per resource
 * type), so facts are gathered by subject reference and records are made once every file is read.
 * Only resource types the mapping reads are parsed; others are skipped unparsed. A resource in a
 * plain shape is read by {@link FastResource}, any other by HAPI's parser, which reports what is
 * invalid; both build HAPI's model, which {@link FhirMapping} reads.
 */
final class FhirReader {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    static final Set<String> READ_TYPES = Set.of("Patient", "Observation", "Condition", "Procedure",
            "MedicationRequest", "MedicationAdministration", "MedicationStatement");
    private static final Set<String> BUNDLE_TYPES = Set.of("collection", "searchset", "transaction", "batch", "document", "message");

    /** One context for the JVM (it is thread-safe); element definitions are scanned when first met, which starts faster. */
    private static final FhirContext CONTEXT = context();

    private static FhirContext context() {
        FhirContext c = FhirContext.forR4();
        c.setPerformanceOptions(ca.uhn.fhir.context.PerformanceOptionsEnum.DEFERRED_MODEL_SCANNING);
        return c;
    }

    private final FhirMapping mapping;
    private final Clock clock;
    /** One parser per worker: HAPI parsers are not thread-safe, its FhirContext is. */
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
    private final int threads;
    private final boolean fast;
    private ExecutorService pool;
    /** Batches of resources being parsed, applied in input order so that errors and "first" stay deterministic. */
    private final ArrayDeque<Future<List<Parsed>>> inFlight = new ArrayDeque<>();
    private List<Task> batch = new ArrayList<>();
    private static final int BATCH = 256;
    private final List<DataError> errors = new ArrayList<>();
    /** Patients in the order met, by their canonical key ("Patient/id"). */
    private final Map<String, PatientFacts> patients = new LinkedHashMap<>();
    /** Any form of reference (fullUrl, "Patient/id", absolute URL) to the canonical key. */
    private final Map<String, String> aliases = new HashMap<>();
    /** Facts by the subject reference as written, resolved once every file is read. */
    private final Map<String, PatientFacts> bySubject = new LinkedHashMap<>();

    FhirReader(FhirMapping mapping, Clock clock, int threads) { this(mapping, clock, threads, true); }

    /** @param fast read plain resources with {@link FastResource}; false: every resource with HAPI (tests compare the two) */
    FhirReader(FhirMapping mapping, Clock clock, int threads, boolean fast) {
        this.mapping = mapping;
        this.clock = clock;
        this.threads = Math.max(1, threads);
        this.fast = fast;
    }

    /** A parser with its error collector, for one thread. */
    private static final class Worker {
        final ParseErrors parseErrors = new ParseErrors();
        final IParser parser = CONTEXT.newJsonParser();
        final FastResource fast = new FastResource();

        Worker() {
            parser.setParserErrorHandler(parseErrors);
            parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
        }
    }

    /** A resource to parse: its JSON, type and location, and the entry's fullUrl in a Bundle. */
    private record Task(String json, String type, SourceLocation at, String fullUrl) {}

    /** What one resource says, computed on a worker and applied on the reading thread. */
    private record Parsed(List<DataError> errors, Patient patient, String id, String fullUrl, SourceLocation at, String label,
                          String subject, List<Consumer<PatientFacts>> work) {}

    /** Reads every file, then hands one raw record per Patient to the sink; throws all data errors at the end. */
    void read(List<Path> files, Consumer<RawRecord> sink) {
        pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mcrc-fhir");
            t.setDaemon(true);
            return t;
        }) : null;
        List<RawRecord> out;
        try {
            for (Path f : files) {
                readFile(f);
                flush(0);
            }
            out = finish();
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        for (RawRecord r : out) sink.accept(r);
        if (!errors.isEmpty()) throw new DataErrorException(errors);
    }

    // ---- files -------------------------------------------------------------------------------

    private void readFile(Path file) {
        String name = file.toString();
        try {
            if (isNdjson(file)) readNdjson(file, name);
            else readDocument(file, name);
        } catch (JsonProcessingException e) {
            var l = e.getLocation();
            errors.add(new DataError("data#malformed", new SourceLocation(name, l == null ? 0 : l.getLineNr(), null), null, "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            errors.add(new DataError("data#unreadable", new SourceLocation(name, 0, null), null, "cannot read the file: " + e.getMessage()));
        }
    }

    /** NDJSON when the first non-blank line is a whole JSON object and more follows, or the name says so. */
    static boolean isNdjson(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ndjson")) return true;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && line.isBlank()) { }
            if (line == null) return false;
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return false;
                p.skipChildren();
                if (p.nextToken() != null) return false;
            } catch (JsonProcessingException e) {
                return false;  // the object goes on over several lines: a document
            }
            while ((line = in.readLine()) != null) if (!line.isBlank()) return line.stripLeading().startsWith("{");
            return false;  // one object on one line: read as a document
        }
    }

    private void readNdjson(Path file, String name) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                SourceLocation at = new SourceLocation(name, n, null);
                String type = leadingType(line);
                if (type == null) {
                    try (JsonParser p = JSON.createParser(line)) {
                        type = resourceType(p);
                    } catch (JsonProcessingException e) {
                        errors.add(new DataError("data#malformed", at, null, "not valid JSON: " + e.getOriginalMessage()));
                        continue;
                    }
                }
                if (type == null) {
                    errors.add(new DataError("data#malformed", at, null, "a line of an NDJSON file must be a FHIR resource (an object with resourceType)"));
                    continue;
                }
                if (!READ_TYPES.contains(type)) continue;
                submit(new Task(line, type, at.withPath(type), null));
            }
        }
    }

    private static final String LEADING = "{\"resourceType\":\"";

    /**
     * The type of a line that starts {"resourceType":"Name" (as Bulk Data writers write every line),
     * one of the types read or skipped; null for any other start, which {@link #resourceType} reads.
     * It is what the JSON parser would say: the parser stops at the end of that string too.
     */
    private static String leadingType(String line) {
        if (!line.startsWith(LEADING)) return null;
        int end = line.indexOf('"', LEADING.length());
        if (end < 0) return null;
        for (int i = LEADING.length(); i < end; i++) {
            char c = line.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) return null;  // escapes and the like: the parser decides
        }
        return end == LEADING.length() ? null : line.substring(LEADING.length(), end);
    }

    /**
     * The resourceType of a top-level object; null when there is none. It stops there (writers put
     * it first): HAPI parses, and checks, the whole of every resource the mapping reads.
     */
    private static String resourceType(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if (key.equals("resourceType")) return t == JsonToken.VALUE_STRING ? p.getText() : null;
            p.skipChildren();
        }
        return null;
    }

    /** A Bundle (streamed entry by entry) or a single resource. */
    private void readDocument(Path file, String name) throws IOException {
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                errors.add(new DataError("data#malformed", new SourceLocation(name, 1, null), null, "expected a FHIR resource (a JSON object with resourceType)"));
                return;
            }
            String type = null, bundleType = null;
            long start = p.currentTokenLocation().getLineNr();
            Map<String, JsonNode> rest = new LinkedHashMap<>();
            List<EntryNode> entries = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (key.equals("entry") && t == JsonToken.START_ARRAY) {
                    int i = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        long line = p.currentTokenLocation().getLineNr();
                        JsonNode entry = MAPPER.readTree(p);
                        if (type != null && type.equals("Bundle")) entry(entry, i, new SourceLocation(name, line, null));
                        else entries.add(new EntryNode(entry, i, line));
                        i++;
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) {
                        errors.add(new DataError("data#malformed", new SourceLocation(name, p.currentTokenLocation().getLineNr(), "Bundle.entry"), null, "Bundle.entry must be an array of objects"));
                        return;
                    }
                } else {
                    JsonNode v = MAPPER.readTree(p);
                    if (key.equals("resourceType")) type = v.asText();
                    if (key.equals("type")) bundleType = v.asText();
                    rest.put(key, v);
                }
            }
            if (p.nextToken() != null) {
                errors.add(new DataError("data#malformed", new SourceLocation(name, p.currentTokenLocation().getLineNr(), null), null, "unexpected content after the resource"));
                return;
            }
            if (type == null) {
                errors.add(new DataError("data#malformed", new SourceLocation(name, start, null), null, "expected a FHIR resource: the object has no resourceType"));
                return;
            }
            if (type.equals("Bundle")) {
                if (bundleType != null && !BUNDLE_TYPES.contains(bundleType)) {
                    errors.add(new DataError("data#fhir-invalid", new SourceLocation(name, start, "Bundle.type"), null,
                            "a Bundle of type '" + bundleType + "' holds no patient data to read; expected collection, searchset, transaction or batch"));
                    return;
                }
                for (EntryNode e : entries) entry(e.node, e.index, new SourceLocation(name, e.line, null));
            } else if (READ_TYPES.contains(type)) {
                ObjectNode whole = MAPPER.createObjectNode();
                rest.forEach(whole::set);
                submit(new Task(whole.toString(), type, new SourceLocation(name, start, type), null));
            }
        }
    }

    private record EntryNode(JsonNode node, int index, long line) {}

    private void entry(JsonNode entry, int index, SourceLocation at) {
        String base = "Bundle.entry[" + index + "]";
        JsonNode search = entry.path("search").path("mode");
        if (search.isTextual() && search.asText().equals("outcome")) return;  // an OperationOutcome of the search
        JsonNode resource = entry.get("resource");
        if (resource == null) return;  // a DELETE of a transaction, or a bare reference
        if (!resource.isObject() || !resource.path("resourceType").isTextual()) {
            errors.add(new DataError("data#malformed", at.withPath(base + ".resource"), null, "an entry's resource must be an object with resourceType"));
            return;
        }
        String type = resource.get("resourceType").asText();
        if (!READ_TYPES.contains(type)) return;
        String fullUrl = entry.path("fullUrl").isTextual() ? entry.get("fullUrl").asText() : null;
        submit(new Task(resource.toString(), type, at.withPath(base + ".resource"), fullUrl));
    }

    // ---- resources ---------------------------------------------------------------------------

    private void submit(Task t) {
        batch.add(t);
        if (batch.size() >= BATCH) {
            List<Task> b = batch;
            batch = new ArrayList<>();
            if (pool == null) {
                apply(parseAll(b));
            } else {
                inFlight.add(pool.submit(() -> parseAll(b)));
                flush(2 * threads);
            }
        }
    }

    /** Applies finished batches, in order, until at most {@code keep} are in flight (0: all, and the open batch). */
    private void flush(int keep) {
        if (keep == 0 && !batch.isEmpty()) {
            List<Task> b = batch;
            batch = new ArrayList<>();
            if (pool == null) apply(parseAll(b));
            else inFlight.add(pool.submit(() -> parseAll(b)));
        }
        while (inFlight.size() > keep) apply(TaskResults.get(inFlight.poll()));
    }

    private List<Parsed> parseAll(List<Task> tasks) {
        Worker w = workers.get();
        List<Parsed> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            Parsed p = parse(w, t);
            if (p != null) out.add(p);
        }
        return out;
    }

    /** On a worker: parse (fast, else with HAPI) and map; touches no shared state. Null when the resource says nothing the mapping reads. */
    private Parsed parse(Worker w, Task t) {
        String type = t.type();
        SourceLocation at = t.at();
        Resource r = fast ? w.fast.read(t.json()) : null;
        if (r != null && !r.fhirType().equals(type)) r = null;
        if (r instanceof Observation o && !mapping.mayRead(o)) return null;  // vital signs, labs
        if (r == null) {
            // not a plain shape: HAPI reads it, and reports what is wrong with it
            if (type.equals("Observation") && !mapping.mayRead(t.json())) return null;  // vital signs, labs: not parsed at all
            w.parseErrors.start(at);
            try {
                r = (Resource) w.parser.parseResource(t.json());
            } catch (DataFormatException | ClassCastException e) {
                return new Parsed(List.of(new DataError("data#fhir-invalid", at, null, type + ": " + e.getMessage())), null, null, null, at, null, null, List.of());
            }
        }
        String id = r.getIdElement().getIdPart();
        String label = type + "/" + (id == null ? "(no id)" : id);
        if (!w.parseErrors.found.isEmpty()) {
            List<DataError> es = new ArrayList<>();
            for (DataError e : w.parseErrors.found) es.add(new DataError(e.errorId(), e.location(), e.field(), label + ": " + e.message()));
            w.parseErrors.found.clear();
            return new Parsed(es, null, null, null, at, label, null, List.of());  // an invalid resource gives no facts
        }
        if (r instanceof Patient p) return new Parsed(List.of(), p, id, t.fullUrl(), at, label, null, List.of());
        Reference subject = FhirMapping.subject(r);
        List<DataError> es = new ArrayList<>();
        List<Map.Entry<String, Candidate>> facts = new ArrayList<>();
        FhirMapping.Sink sink = new FhirMapping.Sink() {
            @Override public void fact(String field, Candidate c) { facts.add(Map.entry(field, c)); }
            @Override public void error(DataError e) { es.add(e); }
        };
        List<Consumer<PatientFacts>> work = new ArrayList<>();
        if (r instanceof Observation o) {
            mapping.observation(o, at, label, sink);
            if (!facts.isEmpty()) {
                if (isTnm(o)) {
                    // whether it describes the colorectal primary is decided when the patient is whole
                    String focus = o.hasFocus() ? o.getFocusFirstRep().getReference() : null;
                    work.add(pf -> pf.tnm.add(new PatientFacts.Tnm(focus, List.copyOf(facts))));
                } else {
                    work.add(pf -> facts.forEach(e -> pf.add(e.getKey(), e.getValue())));
                }
            }
        } else if (r instanceof Condition c) {
            FhirMapping.ConditionFacts cf = FhirMapping.condition(c);
            if (cf != null) {
                Instant when = FhirMapping.conditionTime(c);
                List<String> keys = new ArrayList<>();
                if (id != null) keys.add("Condition/" + id);
                if (t.fullUrl() != null) keys.add(t.fullUrl());
                work.add(pf -> pf.conditions.add(new PatientFacts.ConditionFound(cf, when, at.withPath(at.path() + ".code"), label, keys)));
            }
        } else if (r instanceof Procedure p) {
            if (FhirMapping.primaryResection(p)) {
                Candidate c = new Candidate("resected", FhirMapping.procedureTime(p), at.withPath(at.path() + ".code"), label);
                work.add(pf -> pf.resections.add(c));
            }
        } else if (FhirMapping.bevacizumab(r)) {
            Candidate c = new Candidate("true", FhirMapping.medicationTime(r), at.withPath(at.path() + ".medicationCodeableConcept"), label);
            work.add(pf -> pf.add("on_bevacizumab", c));
        }
        if (work.isEmpty() && es.isEmpty()) return null;  // nothing this resource says is a field
        String ref = subject == null ? null : subject.getReference();
        if (!work.isEmpty() && (ref == null || ref.isBlank())) {
            es.add(new DataError("data#fhir-reference", at.withPath(at.path() + ".subject"), null, label + ": no subject: the resource must refer to its Patient"));
            work = List.of();
        }
        return new Parsed(es, null, id, t.fullUrl(), at, label, ref, work);
    }

    /** On the reading thread, in input order. */
    private void apply(List<Parsed> parsed) {
        for (Parsed p : parsed) {
            errors.addAll(p.errors());
            if (p.patient() != null) {
                patient(p.patient(), p.id(), p.fullUrl(), p.at(), p.label());
            } else if (!p.work().isEmpty()) {
                PatientFacts target = bySubject.computeIfAbsent(p.subject(), k -> new PatientFacts(mapping));
                if (!target.subjectLocations.containsKey(p.subject())) target.subjectLocations.put(p.subject(), p.at().withPath(p.at().path() + ".subject"));
                for (Consumer<PatientFacts> w : p.work()) w.accept(target);
            }
        }
    }

    private static boolean isTnm(Observation o) {
        for (var c : o.getCode().getCoding()) {
            if (FhirMapping.LOINC.equals(c.getSystem()) && Set.of("21905-5", "21899-0", "21906-3", "21900-6").contains(c.getCode())) return true;
        }
        return false;
    }

    private void patient(Patient p, String id, String fullUrl, SourceLocation at, String label) {
        if (id == null || id.isBlank()) {
            errors.add(new DataError("data#missing-patient-id", at.withPath(at.path() + ".id"), "patient_id", label + ": a Patient needs an id (it becomes patient_id)"));
            return;
        }
        String key = "Patient/" + id;
        if (patients.containsKey(key)) {
            errors.add(new DataError("data#duplicate-patient-id", at.withPath(at.path() + ".id"), "patient_id",
                    label + ": Patient/" + id + " appears twice (first at " + patients.get(key).patientLocation + ")"));
            return;
        }
        PatientFacts f = new PatientFacts(mapping);
        f.id = id;
        f.patientLocation = at;
        if (p.hasBirthDate()) f.birthDate = p.getBirthDateElement().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        if (p.hasBirthDateElement() && p.getBirthDateElement().getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            f.birthDatePrecise = false;
        }
        if (p.hasDeceasedDateTimeType()) f.deceased = p.getDeceasedDateTimeType().getValue().toInstant();
        if (p.hasGender()) {
            switch (p.getGender()) {
                case FEMALE -> f.add("sex", new Candidate("female", null, at.withPath(at.path() + ".gender"), label));
                case MALE -> f.add("sex", new Candidate("male", null, at.withPath(at.path() + ".gender"), label));
                default -> { }  // other, unknown: the contract has no word for them, so unknown
            }
        }
        patients.put(key, f);
        aliases.put(key, key);
        if (fullUrl != null) aliases.put(fullUrl, key);
    }

    /** "Patient/x", "urn:uuid:…", "https://host/fhir/Patient/x/_history/2" to the canonical key. */
    private String resolve(String ref) {
        String k = aliases.get(ref);
        if (k != null) return k;
        int i = ref.lastIndexOf("Patient/");
        if (i >= 0) {
            String rest = ref.substring(i + "Patient/".length());
            int slash = rest.indexOf('/');
            String key = "Patient/" + (slash < 0 ? rest : rest.substring(0, slash));
            if (patients.containsKey(key)) return key;
        }
        return null;
    }

    // ---- records -----------------------------------------------------------------------------

    private List<RawRecord> finish() {
        for (Map.Entry<String, PatientFacts> e : bySubject.entrySet()) {
            String key = resolve(e.getKey());
            if (key == null) {
                SourceLocation where = e.getValue().subjectLocations.get(e.getKey());
                errors.add(new DataError("data#fhir-reference", where, null,
                        "the subject " + e.getKey() + " is not a Patient of the input"));
                continue;
            }
            patients.get(key).merge(e.getValue());
        }
        LocalDate today = LocalDate.now(clock);
        List<PatientFacts> all = new ArrayList<>(patients.values());
        List<RawRecord> out = new ArrayList<>(all.size());
        if (pool == null || all.size() < 2 * BATCH) {
            for (PatientFacts f : all) {
                RawRecord r = f.toRecord(today, errors);
                if (r != null) out.add(r);
            }
            return out;
        }
        // each patient's record is its own: made on the workers in slices, joined in input order
        record Slice(List<RawRecord> records, List<DataError> errors) {}
        List<Future<Slice>> slices = new ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<PatientFacts> part = all.subList(from, Math.min(all.size(), from + BATCH));
            slices.add(pool.submit(() -> {
                List<RawRecord> rs = new ArrayList<>(part.size());
                List<DataError> es = new ArrayList<>();
                for (PatientFacts f : part) {
                    RawRecord r = f.toRecord(today, es);
                    if (r != null) rs.add(r);
                }
                return new Slice(rs, es);
            }));
        }
        for (Future<Slice> f : slices) {
            Slice sl = TaskResults.get(f);
            out.addAll(sl.records());
            errors.addAll(sl.errors());
        }
        return out;
    }

    /** Collects HAPI's complaints about one resource as data errors at its location. */
    private static final class ParseErrors extends LenientErrorHandler {
        final List<DataError> found = new ArrayList<>();
        private SourceLocation at;

        ParseErrors() { super(false); }

        void start(SourceLocation a) { at = a; found.clear(); }

        private void add(IParseLocation l, String element, String message) {
            String parent = l == null ? null : l.getParentElementName();
            String path = at.path() + (parent == null || parent.isEmpty() || at.path().endsWith(parent) ? "" : "." + parent) + (element == null ? "" : "." + element);
            found.add(new DataError("data#fhir-invalid", at.withPath(path), null, message));
        }

        @Override public void invalidValue(IParseLocation l, String value, String error) {
            add(l, null, "invalid value '" + value + "': " + error);
        }

        @Override public void unknownElement(IParseLocation l, String element) {
            add(l, element, "'" + element + "' is not an element of FHIR R4 here");
        }

        @Override public void unknownAttribute(IParseLocation l, String attribute) {
            add(l, attribute, "'" + attribute + "' is not an attribute of FHIR R4 here");
        }

        @Override public void incorrectJsonType(IParseLocation l, String element, BaseJsonLikeValue.ValueType expected, BaseJsonLikeValue.ScalarType expectedScalar,
                                                BaseJsonLikeValue.ValueType found, BaseJsonLikeValue.ScalarType foundScalar) {
            add(l, element, "'" + element + "' must be a JSON " + (expectedScalar != null ? expectedScalar.name().toLowerCase(Locale.ROOT) : expected.name().toLowerCase(Locale.ROOT))
                    + ", not a " + (foundScalar != null ? foundScalar.name().toLowerCase(Locale.ROOT) : found.name().toLowerCase(Locale.ROOT)));
        }

        @Override public void unexpectedRepeatingElement(IParseLocation l, String element) {
            add(l, element, "'" + element + "' may appear only once");
        }
    }

    static int ageAt(LocalDate birth, LocalDate at) { return Period.between(birth, at).getYears(); }
}
