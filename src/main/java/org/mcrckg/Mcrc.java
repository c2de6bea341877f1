package org.mcrckg;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.Explainer;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.ontology.BuildInfo;
import org.mcrckg.diff.DiffReport;
import org.mcrckg.diff.Differ;
import org.mcrckg.fhir.FhirFormat;
import org.mcrckg.ontology.Evidence;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologySource;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.ontology.Rule;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.PatientFiles;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.patient.RawRecord;
import org.mcrckg.patient.SourceLocation;
import org.mcrckg.reasoning.CachedOracle;
import org.mcrckg.reasoning.Classifier;
import org.mcrckg.reasoning.Engine;
import org.mcrckg.reasoning.ExactCache;
import org.mcrckg.reasoning.Materialisation;
import org.mcrckg.reasoning.NaiveClassifier;
import org.mcrckg.reasoning.Truth;
import org.semanticweb.owlapi.apibinding.OWLManager;

/**
 * The Java API: load the ontology once, classify records or files, read typed answers.
 *
 * <pre>{@code
 * Mcrc mcrc = Mcrc.load();                                   // the bundled ontology
 * PatientAnswer a = mcrc.classify(Map.of(
 *         "patient_id", "P1", "ecog", 0, "fit_for_major_surgery", true,
 *         "staging_complete", true, "primary_status", "resected",
 *         "liver_met_count", 2, "liver_r0_feasible", true, "flr_percent", 45, "chemo_lines", 0));
 * Status s = a.treatment("hepatectomy").orElseThrow().status();         // RECOMMENDED
 * List<String> why = a.treatment("hepatectomy").orElseThrow().rules();  // [L1, L2]
 * }</pre>
 *
 * <p>Values are given as they would be written in a CSV cell (numbers, booleans or words);
 * {@code null} or an absent key means unknown. Invalid values throw {@link DataErrorException},
 * whose errors name the field. Instances are safe to share between threads: each thread gets its
 * own reasoner.
 */
public final class Mcrc {
    private final KnowledgeBase kb;
    private final PatientFiles files;
    private final Engine engine;
    /** Made on first use: the instances that withEngine and withCache replace never start one (nor its background check). */
    private volatile CachedOracle cache;
    private final ThreadLocal<Classifier> classifiers;
    private final Path cacheDirectory;
    private final Consumer<String> cacheWarnings;

    private Mcrc(KnowledgeBase kb, Engine engine, Path cacheDirectory, Consumer<String> cacheWarnings) {
        this.kb = kb;
        this.engine = engine;
        this.files = new PatientFiles(kb, List.of(new FhirFormat(kb.fields())));
        this.cacheDirectory = cacheDirectory;
        this.cacheWarnings = cacheWarnings;
        this.classifiers = ThreadLocal.withInitial(() -> engine.create(kb, cache()));
    }

    /** The fast engine's shared cache (null for the other engines), made on first use. */
    private CachedOracle cache() {
        if (engine != Engine.FAST) return null;
        CachedOracle c = cache;
        if (c == null) {
            synchronized (this) {
                if (cache == null) cache = ExactCache.open(kb, OWLManager.getOWLDataFactory(), cacheDirectory, cacheWarnings);
                c = cache;
            }
        }
        return c;
    }

    private Mcrc(KnowledgeBase kb) { this(kb, Engine.FAST, null, m -> { }); }

    /** The same ontology with another engine (for verification and benchmarks). */
    public Mcrc withEngine(Engine other) { return other == engine ? this : new Mcrc(kb, other, cacheDirectory, cacheWarnings); }

    /**
     * The same ontology and engine with the default engine's exact cache kept on disk in
     * {@code directory} (created when missing), shared by every process that uses it: a run starts
     * with every answer earlier runs over the same ontology file, imports, reasoner configuration
     * and engine version learned, and {@link #saveCache()} adds its own. A damaged or foreign file
     * is ignored and reported to {@code warnings} (a sentence naming the file); it never stops
     * classification. {@code null} keeps the cache in memory only (the default).
     *
     * <pre>{@code
     * List<String> warnings = new ArrayList<>();
     * Mcrc mcrc = Mcrc.load().withCache(Path.of(System.getProperty("user.home"), ".cache/mcrc-kg"), warnings::add);
     * mcrc.classifyAll(records, 2);
     * mcrc.saveCache();
     * }</pre>
     */
    public Mcrc withCache(Path directory, Consumer<String> warnings) {
        return new Mcrc(kb, engine, directory, Objects.requireNonNull(warnings));
    }

    /**
     * Writes what this instance's cache learned since the last save into the cache directory of
     * {@link #withCache}, merged with what other processes wrote meanwhile (atomically: a temporary
     * file renamed into place, under a lock). Without a cache directory, or with an engine other
     * than the default, it does nothing. True when the file was written.
     */
    public boolean saveCache() {
        CachedOracle c = cache;
        return c != null && c.save();
    }

    /** The file of the persistent cache this ontology and configuration use, if there is one. */
    public Optional<Path> cacheFile() { return engine != Engine.FAST ? Optional.empty() : cache().cacheFile(); }

    /** For reports: entries read from the persistent cache at start (known once the first patient is classified). */
    public long cacheEntriesRead() {
        CachedOracle c = cache;
        return c == null ? 0 : c.entriesRead();
    }

    public Engine engine() { return engine; }

    /** For diagnosis, with {@code -Dmcrc.oracle.stats=true}: the fast engine's HermiT tests in this process so far, per kind. */
    public static Optional<String> hermitTestCounts() { return CachedOracle.testCounts(); }

    /** For reports: HermiT questions answered from the shared cache, and asked (0 when the engine has no cache). */
    public long[] cacheCounts() {
        CachedOracle c = cache;
        return c == null ? new long[] {0, 0} : new long[] {c.hits(), c.misses()};
    }

    /** Loads the default ontology: the file named by {@code -Dmcrc.ontology}, else the bundled one. */
    public static Mcrc load() { return new Mcrc(KnowledgeBase.load(OntologySource.defaultSource())); }

    /** Loads an ontology file, for example an edited copy of {@code ontology/mcrc.owl}. */
    public static Mcrc load(Path ontologyFile) { return new Mcrc(KnowledgeBase.load(OntologySource.file(ontologyFile))); }

    public static Mcrc load(OntologySource source) { return new Mcrc(KnowledgeBase.load(source)); }

    /** Classifies one record given as field name to value. */
    public PatientAnswer classify(Map<String, ?> fields) {
        Map<String, String> raw = new LinkedHashMap<>();
        fields.forEach((k, v) -> raw.put(k, v == null ? null : v.toString()));
        List<DataError> errors = new ArrayList<>();
        PatientRecord r = files.validator().validate(new RawRecord(SourceLocation.api(), raw, Map.of()), errors);
        if (!errors.isEmpty()) throw new DataErrorException(errors);
        return classify(r);
    }

    /** Classifies one validated record. */
    public PatientAnswer classify(PatientRecord record) { return classify(record, Materialisation.ANSWER_CLASSES); }

    /** Classifies one validated record, reporting the class memberships {@code materialisation} asks for. */
    public PatientAnswer classify(PatientRecord record, Materialisation materialisation) {
        return classifiers.get().classify(record, materialisation);
    }

    /**
     * HermiT's three-valued answer for one named class of the ontology (a rule, tag or score) and a
     * consistent record; explanations ask it about the record with facts removed.
     *
     * @throws IllegalArgumentException if the record contradicts the ontology
     */
    public Truth truth(PatientRecord record, String classIri) {
        return classifiers.get().truth(record, classIri);
    }

    private volatile Explainer explainer;

    private Explainer explainer() {
        Explainer e = explainer;
        if (e == null) {
            synchronized (this) {
                if (explainer == null) explainer = new Explainer(kb, this::classify, this::truth);
                e = explainer;
            }
        }
        return e;
    }

    /**
     * Explains every answer of a record with the default options (the first justification, 30 s
     * per answer): the facts, rules, thresholds and evidence behind each status, and for
     * undetermined answers the missing fields that would settle them.
     *
     * <pre>{@code
     * PatientExplanation e = mcrc.explain(record);
     * e.treatment("hepatectomy").orElseThrow().reasons().get(0).justifications().get(0).facts();
     * }</pre>
     */
    public PatientExplanation explain(PatientRecord record) {
        return explain(record, null, ExplainOptions.defaults());
    }

    /**
     * Explains one answer of a record ({@code procedureKey}), or all when it is null.
     *
     * @throws org.mcrckg.explain.ExplainException {@code explain#unknown-procedure} for a key the ontology lacks
     */
    public PatientExplanation explain(PatientRecord record, String procedureKey, ExplainOptions options) {
        return explainer().explain(record, Optional.ofNullable(procedureKey), options);
    }

    /** Explains every answer of each record on {@code threads} threads; explanations come back in the records' order. */
    public List<PatientExplanation> explainAll(List<PatientRecord> records, int threads, ExplainOptions options) {
        return inParallel(records, Math.max(1, threads), r -> explain(r, null, options));
    }

    /** Reads and validates files (all of them, before anything is classified). */
    public List<PatientRecord> read(List<Path> patientFiles) { return files.readAll(patientFiles); }

    /** Classifies records on {@code threads} threads; answers come back in the records' order. */
    public List<PatientAnswer> classifyAll(List<PatientRecord> records, int threads) {
        return classifyAll(records, threads, Materialisation.ANSWER_CLASSES);
    }

    /** As {@link #classifyAll(List, int)}, reporting the class memberships {@code materialisation} asks for. */
    public List<PatientAnswer> classifyAll(List<PatientRecord> records, int threads, Materialisation materialisation) {
        if (engine == Engine.NAIVE) return ((NaiveClassifier) classifiers.get()).classifyAll(records, materialisation);
        if (threads <= 1 || records.size() < 2) return records.stream().map(r -> classify(r, materialisation)).toList();
        return inParallel(records, threads, r -> classify(r, materialisation));
    }

    /** {@code work} for every record on {@code threads} threads; results in the records' order, the first failure rethrown. */
    private <T> List<T> inParallel(List<PatientRecord> records, int threads, Function<PatientRecord, T> work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (PatientRecord r : records) fs.add(pool.submit(() -> work.apply(r)));
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Classifies files of any size in bounded memory: a first pass validates everything (a data
     * error classifies nothing), a second reads lazily; records are classified on {@code threads}
     * workers and the answers reach the sink in input order as they come. {@code start} is called
     * with the number of patients once every file is valid, and returns the sink. {@code progress}
     * hears (done, total) now and then.
     */
    public void classifyStream(List<Path> patientFiles, int threads, Materialisation materialisation,
                               LongFunction<Consumer<PatientAnswer>> start,
                               BiConsumer<Long, Long> progress) {
        classifyValidated(patientFiles, validate(patientFiles), threads, materialisation, start, progress);
    }

    /**
     * Validates every record of the files (the first pass of {@link #classifyStream}); throws
     * {@link DataErrorException} listing the errors, else returns the number of patients.
     */
    public long validate(List<Path> patientFiles) { return files.validate(patientFiles); }

    /** Records of a file before the warm-up starts: a small run gains nothing from it. */
    private static final int WARM_AFTER = 64;

    /**
     * {@link #validate(List)}, and meanwhile, on {@code threads - 1} other threads, the default
     * engine's exact cache is filled by classifying valid records as they are read (answers are
     * dropped: nothing is written before every file is valid). The validation pass is otherwise
     * single-threaded, and it is when most new cells are met, so this moves HermiT's work onto cores
     * that would idle. The warm-up never waits: a record is skipped when the workers are behind.
     * (Stopping it once records stop asking HermiT anything new, as with a warm persistent cache,
     * saved no measurable CPU and cost some in runs with an empty cache.)
     */
    public long validate(List<Path> patientFiles, int threads) {
        CachedOracle c = cache();  // made now: the ontology check (or the read of the persistent cache) starts beside validation
        if (c == null || threads < 2) return validate(patientFiles);
        ExecutorService warm = Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "mcrc-warm");
            t.setDaemon(true);
            return t;
        });
        Semaphore room = new Semaphore(4 * threads);
        long[] seen = {0};
        try {
            return files.validate(patientFiles, r -> {
                if (++seen[0] <= WARM_AFTER || !room.tryAcquire()) return;
                warm.execute(() -> {
                    try {
                        classify(r);
                    } catch (RuntimeException e) {
                        // the real pass meets the same record and reports what is wrong
                    } finally {
                        room.release();
                    }
                });
            });
        } finally {
            warm.shutdown();  // the few records in flight finish; the second pass need not wait for them
        }
    }

    /** How often a long streaming run merges what it learned into the persistent cache (see {@link #withCache}). */
    private static final long SAVE_EVERY_NANOS = 60_000_000_000L;

    /** {@link #classifyStream} for files that {@link #validate} has passed, with its count. */
    public void classifyValidated(List<Path> patientFiles, long total, int threads, Materialisation materialisation,
                                  LongFunction<Consumer<PatientAnswer>> start,
                                  BiConsumer<Long, Long> progress) {
        Consumer<PatientAnswer> sink = start.apply(total);  // only once everything is valid
        if (engine == Engine.NAIVE) {
            // the baseline reasons over the whole cohort at once: there is nothing to stream
            List<PatientRecord> all = new ArrayList<>();
            files.forEach(patientFiles, all::add);
            long done = 0;
            for (PatientAnswer a : classifyAll(all, 1, materialisation)) {
                sink.accept(a);
                if (++done % 256 == 0 || done == total) progress.accept(done, total);
            }
            return;
        }
        int n = Math.max(1, threads);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "mcrc-worker");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<PatientAnswer>> window = new ArrayDeque<>();
        int limit = n * 64;  // answers in flight: bounds memory whatever the file size
        long[] done = {0};
        long[] saved = {System.nanoTime()};
        try {
            files.forEach(patientFiles, r -> {
                window.add(pool.submit(() -> classify(r, materialisation)));
                if (window.size() >= limit) drain(window, 1, sink, done, total, progress);
                if (System.nanoTime() - saved[0] > SAVE_EVERY_NANOS) {
                    // a long run keeps what it learned even if it is stopped before the end
                    saveCache();
                    saved[0] = System.nanoTime();
                }
            });
            drain(window, window.size(), sink, done, total, progress);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void drain(ArrayDeque<Future<PatientAnswer>> window, int count, Consumer<PatientAnswer> sink,
                              long[] done, long total, BiConsumer<Long, Long> progress) {
        try {
            for (int i = 0; i < count; i++) {
                sink.accept(window.poll().get());
                if (++done[0] % 256 == 0 || done[0] == total) progress.accept(done[0], total);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * What changing the knowledge does to these patients: each record is classified with both
     * ontologies, and every answer that differs (status, provisional status, rules, missing fields,
     * or the patient's tags) is reported with the changed terms it depends on.
     *
     * <pre>{@code
     * Mcrc before = Mcrc.load(Path.of("releases/0.1.0/mcrc.ofn"));
     * Mcrc after = Mcrc.load(Path.of("ontology/mcrc.owl"));
     * DiffReport d = Mcrc.diff(before, after, after.read(List.of(Path.of("cohort.csv"))));
     * AnswerChange c = d.changes().get(0);   // patient, procedure, before, after, because (changed terms)
     * }</pre>
     *
     * A field that only one side knows is left out of the record for the other side. For cohorts
     * that do not fit in memory, use {@link #differ} and {@link Differ#compareFiles}.
     */
    public static DiffReport diff(Mcrc before, Mcrc after, List<PatientRecord> records) {
        return differ(before, after).diff(records);
    }

    /**
     * A {@link Differ} over two loaded ontologies, each classifying with its own engine and cache;
     * it streams files of any size ({@link Differ#validate}, then {@link Differ#compareFiles}).
     */
    public static Differ differ(Mcrc before, Mcrc after) {
        return new Differ(before.kb, after.kb, before::classify, after::classify);
    }

    /**
     * Every validated record of the files, in input order, to {@code sink}, read as {@link #read}
     * reads them (FHIR included); for files that {@link #validate} has passed.
     */
    public void forEachRecord(List<Path> patientFiles, Consumer<PatientRecord> sink) { files.forEach(patientFiles, sink); }

    /** Reads, validates and classifies files on all cores. */
    public List<PatientAnswer> classifyFiles(List<Path> patientFiles) {
        return classifyAll(read(patientFiles), Runtime.getRuntime().availableProcessors());
    }

    public String ontologyIri() { return kb.ontologyIri(); }

    public String ontologyVersion() { return kb.version(); }

    public List<Procedure> procedures() { return kb.procedures(); }

    public List<Rule> rules() { return kb.rules(); }

    public Map<String, Evidence> evidence() { return kb.evidence(); }

    public Map<String, Field> fields() { return kb.fields(); }

    /** The ontology as the toolkit reads it: fields, procedures, rules, evidence, labels (its OWL API objects are behind {@code owl()}, internal). */
    public KnowledgeBase knowledgeBase() { return kb; }

    /** The toolkit's version (from the build). */
    public static String toolVersion() { return buildProperty("version"); }

    /** A version recorded at build time: {@code version}, {@code hermit}, {@code owlapi} or {@code jena}. */
    public static String buildProperty(String key) { return BuildInfo.property(key); }
}
