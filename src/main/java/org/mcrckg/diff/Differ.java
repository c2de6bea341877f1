package org.mcrckg.diff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.error.TaskResults;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.patient.CsvPatientReader;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.PatientFiles;
import org.mcrckg.patient.PatientReader;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.patient.RawRecord;
import org.mcrckg.patient.SourceLocation;
import org.mcrckg.reasoning.WarmUp;

/**
 * Classifies patients with two ontologies and reports the answers that differ, each with the changed
 * terms it depends on ({@link KnowledgeDelta}).
 *
 * <p>Each patient is read once and classified by both sides in the same task, so a cohort streams
 * through in one pass with bounded memory: only the rows of changed answers leave a worker. The two
 * sides are independent knowledge bases, each with its own reasoners and cache.
 *
 * <p>A record field known to only one side (a field the newer knowledge adds, say) is accepted: the
 * side that does not know it reads the record without it, which is what that knowledge can know
 * about the patient. Every other data error is reported as {@code classify} reports it.
 */
public final class Differ {
    /** The status word of a patient whose record contradicts one side's ontology. */
    public static final String INCONSISTENT = "inconsistent";
    /** The status word of a procedure key that one side does not have. */
    public static final String ABSENT = "absent";

    private final KnowledgeBase before;
    private final KnowledgeBase after;
    private final Function<PatientRecord, PatientAnswer> classifyBefore;
    private final Function<PatientRecord, PatientAnswer> classifyAfter;
    private final KnowledgeDelta delta;
    private final OntologyInfo beforeInfo;
    private final OntologyInfo afterInfo;
    private final List<String> procedureKeys;
    private final PatientFiles beforeFiles;
    private final PatientFiles afterFiles;
    private final Set<String> beforeFields;
    private final Set<String> afterFields;

    public Differ(KnowledgeBase before, KnowledgeBase after, Function<PatientRecord, PatientAnswer> classifyBefore,
                  Function<PatientRecord, PatientAnswer> classifyAfter) {
        this(before, after, classifyBefore, classifyAfter, new KnowledgeDelta(before, after), before.versionIri(), after.versionIri());
    }

    private Differ(KnowledgeBase before, KnowledgeBase after, Function<PatientRecord, PatientAnswer> classifyBefore,
                   Function<PatientRecord, PatientAnswer> classifyAfter, KnowledgeDelta delta, String beforeSource, String afterSource) {
        this.before = before;
        this.after = after;
        this.classifyBefore = classifyBefore;
        this.classifyAfter = classifyAfter;
        this.delta = delta;
        this.beforeInfo = new OntologyInfo(beforeSource, before.ontologyIri(), before.versionIri(), before.version());
        this.afterInfo = new OntologyInfo(afterSource, after.ontologyIri(), after.versionIri(), after.version());
        Set<String> keys = new LinkedHashSet<>();
        after.procedures().forEach(p -> keys.add(p.key()));
        before.procedures().forEach(p -> keys.add(p.key()));
        this.procedureKeys = List.copyOf(keys);
        this.beforeFiles = new PatientFiles(before);
        this.afterFiles = new PatientFiles(after);
        this.beforeFields = before.fields().keySet();
        this.afterFields = after.fields().keySet();
    }

    /** The same differ with the names the user gave the two sides (a file, a git revision). */
    public Differ withSources(String beforeSource, String afterSource) {
        return new Differ(before, after, classifyBefore, classifyAfter, delta, beforeSource, afterSource);
    }

    public OntologyInfo before() { return beforeInfo; }

    public OntologyInfo after() { return afterInfo; }

    /** The terms whose axioms differ. */
    public List<TermChange> changedTerms() { return delta.terms(); }

    /** Procedure keys compared: the second ontology's, in its order, then any only the first has. */
    public List<String> procedureKeys() { return procedureKeys; }

    // ---- one patient ----

    /** What comparing one patient gave: its changed rows and, per procedure key, its status on each side. */
    record Outcome(List<AnswerChange> changes, List<String[]> transitions) {}

    /** Compares one validated record (fields one side does not know are left out for that side). */
    public List<AnswerChange> compare(PatientRecord record) {
        return outcome(project(record, beforeFields), project(record, afterFields)).changes();
    }

    private Outcome outcome(PatientRecord forBefore, PatientRecord forAfter) {
        PatientAnswer a = classifyBefore.apply(forBefore);
        PatientAnswer b = classifyAfter.apply(forAfter);
        List<AnswerChange> changes = new ArrayList<>(0);
        List<String[]> transitions = new ArrayList<>(procedureKeys.size());
        for (int i = 0; i < procedureKeys.size(); i++) {
            String key = procedureKeys.get(i);
            Optional<TreatmentAnswer> ta = treatment(a, i, key);
            Optional<TreatmentAnswer> tb = treatment(b, i, key);
            if (ta.isPresent() && tb.isPresent() && same(ta.get(), tb.get())) {
                // the common case, without building the states
                String w = ta.get().status().word();
                transitions.add(new String[] {key, w, w});
                continue;
            }
            AnswerState sa = state(a, key);
            AnswerState sb = state(b, key);
            transitions.add(new String[] {key, sa.status(), sb.status()});
            if (!sa.equals(sb)) changes.add(new AnswerChange(a.id(), key, sa, sb, because(a, b, delta.because(key)), attribution(a, b, delta.because(key))));
        }
        if (a.consistent() && b.consistent() && !a.tags().equals(b.tags())) {
            AnswerState ta = new AnswerState("", Optional.empty(), List.of(), List.of(), a.tags());
            AnswerState tb = new AnswerState("", Optional.empty(), List.of(), List.of(), b.tags());
            changes.add(new AnswerChange(a.id(), AnswerChange.TAGS, ta, tb, because(a, b, delta.becauseTags()), attribution(a, b, delta.becauseTags())));
        }
        return new Outcome(changes, transitions);
    }

    private List<String> because(PatientAnswer a, PatientAnswer b, List<String> traced) {
        return attribution(a, b, traced) == Attribution.DEFINITIONS ? traced : delta.logicalTerms();
    }

    private static Attribution attribution(PatientAnswer a, PatientAnswer b, List<String> traced) {
        // a record that becomes contradictory (or stops being so) can be moved by any axiom about its fields
        return traced.isEmpty() || a.consistent() != b.consistent() ? Attribution.WHOLE_ONTOLOGY : Attribution.DEFINITIONS;
    }

    /** The parts of an answer the diff compares (status, provisional status, rules, missing fields), as {@link AnswerState} does. */
    private static boolean same(TreatmentAnswer x, TreatmentAnswer y) {
        return x.status().word().equals(y.status().word()) && x.provisional().map(s -> s.word()).equals(y.provisional().map(s -> s.word()))
                && x.rules().equals(y.rules()) && x.missing().equals(y.missing());
    }

    /** The answer for a key, found at its usual position first (both sides usually list the same keys in the same order). */
    private static Optional<TreatmentAnswer> treatment(PatientAnswer a, int position, String key) {
        if (!a.consistent()) return Optional.empty();
        List<TreatmentAnswer> ts = a.treatments();
        if (position < ts.size() && ts.get(position).procedure().equals(key)) return Optional.of(ts.get(position));
        return a.treatment(key);
    }

    private static AnswerState state(PatientAnswer a, String key) {
        if (!a.consistent()) return new AnswerState(INCONSISTENT, Optional.empty(), List.of(), List.of(), List.of());
        Optional<TreatmentAnswer> t = a.treatment(key);
        if (t.isEmpty()) return new AnswerState(ABSENT, Optional.empty(), List.of(), List.of(), List.of());
        TreatmentAnswer x = t.get();
        return new AnswerState(x.status().word(), x.provisional().map(s -> s.word()), x.rules(), x.missing(), List.of());
    }

    private static PatientRecord project(PatientRecord r, Set<String> fields) {
        if (fields.containsAll(r.values().keySet())) return r;
        Map<String, String> values = new HashMap<>(r.values());
        values.keySet().retainAll(fields);
        Set<String> closed = new HashSet<>(r.closedFields());
        closed.retainAll(fields);
        return new PatientRecord(r.id(), values, closed, r.location());
    }

    // ---- a cohort in memory ----

    /** Compares every record (on the calling thread) and returns the whole report. */
    public DiffReport diff(List<PatientRecord> records) {
        Tally tally = new Tally(procedureKeys);
        List<AnswerChange> rows = new ArrayList<>();
        for (PatientRecord r : records) {
            Outcome o = outcome(project(r, beforeFields), project(r, afterFields));
            tally.add(o);
            rows.addAll(o.changes());
        }
        return new DiffReport(beforeInfo, afterInfo, delta.terms(), rows, tally.summary());
    }

    // ---- files of any size ----

    /**
     * The first pass: reads every file and validates every record for both sides (a field known to
     * one side only is not an error), checking that no patient_id repeats. Throws
     * {@link DataErrorException} listing the errors (at most {@link PatientFiles#MAX_ERRORS});
     * returns the number of patients.
     */
    public long validate(List<Path> files) { return validate(files, 1); }

    /** Records of a file before the warm-up starts: a small run gains nothing from it. */

    /**
     * {@link #validate(List)}, and meanwhile, on {@code threads - 1} other threads, both sides'
     * caches are filled by classifying valid records as they are read (answers are dropped: nothing
     * is written before every file is valid), as {@code classify} does. The validation pass is
     * single-threaded and meets most new cells, so this moves reasoning onto cores that would idle.
     * It never waits: a record is skipped when the workers are behind.
     */
    public long validate(List<Path> files, int threads) {
        if (threads < 2) return validate(files, r -> {});
        try (WarmUp warm = new WarmUp(threads, "mcrc-diff-warm")) {
            return validate(files, p -> warm.offer(() -> {
                classifyBefore.apply(p.forBefore());
                classifyAfter.apply(p.forAfter());
            }));
        }
    }

    private long validate(List<Path> files, Consumer<Pair> valid) {
        Set<DataError> errors = new LinkedHashSet<>();
        Set<String> ids = new HashSet<>();
        long[] count = {0};
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                errors.add(new DataError("data#unreadable", new SourceLocation(f.toString(), 0, null), null, "no such file"));
                continue;
            }
            try {
                readerFor(f).forEach(f, raw -> {
                    if (errors.size() >= PatientFiles.MAX_ERRORS) return;
                    Pair p = validate(raw, errors);
                    if (p == null) return;
                    if (!ids.add(p.forAfter().id())) {
                        errors.add(new DataError("data#duplicate-patient-id", raw.locationOf("patient_id"), "patient_id",
                                "patient_id '" + p.forAfter().id() + "' is used twice"));
                    }
                    count[0]++;
                    valid.accept(p);
                });
            } catch (DataErrorException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            List<DataError> all = new ArrayList<>(errors);
            throw new DataErrorException(all.size() > PatientFiles.MAX_ERRORS ? all.subList(0, PatientFiles.MAX_ERRORS) : all);
        }
        return count[0];
    }

    /**
     * The second pass, after {@link #validate}: every patient classified by both sides on
     * {@code threads} workers; the changed answers reach {@code sink} in input order as they come.
     * Memory stays bounded whatever the cohort size.
     */
    public DiffSummary compareFiles(List<Path> files, int threads, Consumer<AnswerChange> sink) {
        int n = Math.max(1, threads);
        Tally tally = new Tally(procedureKeys);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "mcrc-diff");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Outcome>> window = new ArrayDeque<>();
        int limit = n * 64;  // patients in flight: bounds memory whatever the file size
        try {
            for (Path f : files) {
                readerFor(f).forEach(f, raw -> {
                    Set<DataError> errors = new LinkedHashSet<>();
                    Pair p = validate(raw, errors);
                    if (p == null) throw new DataErrorException(new ArrayList<>(errors));  // the file changed since it was validated
                    window.add(pool.submit(() -> outcome(p.forBefore(), p.forAfter())));
                    if (window.size() >= limit) drain(window, 1, tally, sink);
                });
            }
            drain(window, window.size(), tally, sink);
        } finally {
            pool.shutdownNow();
        }
        return tally.summary();
    }

    private static void drain(ArrayDeque<Future<Outcome>> window, int count, Tally tally, Consumer<AnswerChange> sink) {
        for (int i = 0; i < count; i++) {
            Outcome o = TaskResults.get(window.poll());
            tally.add(o);
            o.changes().forEach(sink);
        }
    }

    private record Pair(PatientRecord forBefore, PatientRecord forAfter) {}

    /**
     * One raw record validated for each side, each without the fields only the other side knows. A
     * value that one side accepts and the other rejects (a word a newer enumeration adds, a widened
     * range) is left out for the side that rejects it: that knowledge cannot express it, so for it
     * the value is unknown. A value both sides reject is a data error, reported once.
     */
    private Pair validate(RawRecord raw, Set<DataError> errors) {
        RawRecord ra = without(raw, beforeFields, afterFields);
        RawRecord rb = without(raw, afterFields, beforeFields);
        List<DataError> ea = new ArrayList<>();
        List<DataError> eb = new ArrayList<>();
        PatientRecord a = beforeFiles.validator().validate(ra, ea);
        PatientRecord b = afterFiles.validator().validate(rb, eb);
        if (a == null || b == null) {
            Set<String> onlyA = rejectedOnlyHere(ea, eb, rb);
            Set<String> onlyB = rejectedOnlyHere(eb, ea, ra);
            if (!onlyA.isEmpty()) {
                ea.clear();
                a = beforeFiles.validator().validate(dropping(ra, onlyA), ea);
            }
            if (!onlyB.isEmpty()) {
                eb.clear();
                b = afterFiles.validator().validate(dropping(rb, onlyB), eb);
            }
        }
        // the newer knowledge's wording first; the same error (id, place, field) from both sides is listed once
        Set<String> seen = new HashSet<>();
        for (DataError e : errors) seen.add(e.errorId() + " " + e.location() + " " + e.field());
        for (DataError e : eb) if (seen.add(e.errorId() + " " + e.location() + " " + e.field())) errors.add(e);
        for (DataError e : ea) if (seen.add(e.errorId() + " " + e.location() + " " + e.field())) errors.add(e);
        return a == null || b == null ? null : new Pair(a, b);
    }

    /** Fields this side rejects that the other side read without an error. */
    private static Set<String> rejectedOnlyHere(List<DataError> here, List<DataError> there, RawRecord otherRaw) {
        Set<String> rejectedThere = new HashSet<>();
        for (DataError e : there) rejectedThere.add(e.field());
        Set<String> out = new HashSet<>();
        for (DataError e : here) {
            String f = e.field();
            if (f == null || f.equals("patient_id") || rejectedThere.contains(f)) continue;
            if (otherRaw.values().containsKey(f) && !e.errorId().equals("data#unknown-field")) out.add(f);
        }
        return out;
    }

    private static RawRecord dropping(RawRecord raw, Set<String> fields) {
        Map<String, String> values = new LinkedHashMap<>(raw.values());
        values.keySet().removeAll(fields);
        return new RawRecord(raw.location(), values, raw.valueLocations());
    }

    private static RawRecord without(RawRecord raw, Set<String> own, Set<String> other) {
        boolean drop = false;
        for (String k : raw.values().keySet()) if (!own.contains(k) && other.contains(k)) { drop = true; break; }
        if (!drop) return raw;
        Map<String, String> values = new LinkedHashMap<>();
        raw.values().forEach((k, v) -> { if (own.contains(k) || !other.contains(k)) values.put(k, v); });
        return new RawRecord(raw.location(), values, raw.valueLocations());
    }

    private PatientReader readerFor(Path f) {
        if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            Set<String> union = new HashSet<>(beforeFields);
            union.addAll(afterFields);
            return new CsvPatientReader(union);
        }
        return afterFiles.readerFor(f);
    }

    // ---- counting ----

    private static final class Tally {
        private final Map<String, Map<String, Map<String, Long>>> matrix = new LinkedHashMap<>();
        private long patients;
        private long patientsUnchanged;
        private long answers;
        private long answersUnchanged;

        Tally(List<String> keys) { keys.forEach(k -> matrix.put(k, new TreeMap<>())); }

        void add(Outcome o) {
            patients++;
            if (o.changes().isEmpty()) patientsUnchanged++;
            answers += o.transitions().size();
            long changedAnswers = o.changes().stream().filter(c -> !c.procedure().equals(AnswerChange.TAGS)).count();
            answersUnchanged += o.transitions().size() - changedAnswers;
            for (String[] t : o.transitions()) {
                matrix.get(t[0]).computeIfAbsent(t[1], k -> new TreeMap<>()).merge(t[2], 1L, Long::sum);
            }
        }

        DiffSummary summary() {
            Map<String, Map<String, Map<String, Long>>> copy = new LinkedHashMap<>();
            matrix.forEach((k, m) -> {
                Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
                m.forEach((from, tos) -> rows.put(from, Collections.unmodifiableMap(new LinkedHashMap<>(tos))));
                copy.put(k, Collections.unmodifiableMap(rows));
            });
            return new DiffSummary(patients, patientsUnchanged, answers, answersUnchanged, copy);
        }
    }

    /** For the writers: the procedure keys in report order, with labels where the ontology has them. */
    public Map<String, String> procedureLabels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : procedureKeys) {
            out.put(k, after.procedure(k).or(() -> before.procedure(k)).map(Procedure::label).orElse(k));
        }
        return out;
    }
}
