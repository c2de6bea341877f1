package org.mcrckg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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
        return CohortRun.ofRecords(reasoner, records).threads(threads).explain(options).toList().stream().map(ClassifiedPatient::explanation).toList();
    }

    /** Reads and validates files (all of them, before anything is classified). */
    public List<PatientRecord> read(List<Path> patientFiles) { return files.readAll(patientFiles); }

    /** Classifies records on {@code threads} threads; answers come back in the records' order. */
    public List<PatientAnswer> classifyAll(List<PatientRecord> records, int threads) {
        return classifyAll(records, threads, Materialisation.ANSWER_CLASSES);
    }

    /** As {@link #classifyAll(List, int)}, reporting the class memberships {@code materialisation} asks for. */
    public List<PatientAnswer> classifyAll(List<PatientRecord> records, int threads, Materialisation materialisation) {
        return CohortRun.ofRecords(reasoner, records).threads(threads).materialisation(materialisation).answers();
    }

    /**
     * A run over patient files of any size, in bounded memory: it validates everything first, then
     * classifies on worker threads and hands on each patient with its answer (and explanation, when
     * asked) in input order. See {@link CohortRun}.
     */
    public CohortRun cohort(List<Path> patientFiles) { return CohortRun.ofFiles(reasoner, patientFiles); }

    /**
     * Validates every record of the files; throws {@link DataErrorException} listing the errors,
     * else returns the number of patients. (A {@link CohortRun} does this with a warm-up beside it.)
     */
    public long validate(List<Path> patientFiles) { return files.validate(patientFiles); }

    /** This instance as its cohort runs use it. */
    private final CohortReasoner reasoner = new CohortReasoner() {
        @Override
        public KnowledgeBase knowledgeBase() { return kb; }

        @Override
        public Engine engine() { return engine; }

        @Override
        public PatientFiles files() { return files; }

        @Override
        public boolean startCache() { return cache() != null; }

        @Override
        public void saveCache() { Mcrc.this.saveCache(); }

        @Override
        public PatientAnswer classify(PatientRecord record, Materialisation materialisation) { return Mcrc.this.classify(record, materialisation); }

        @Override
        public List<PatientAnswer> classifyTogether(List<PatientRecord> records, Materialisation materialisation) {
            return classifiers.get().classifyAll(records, materialisation);
        }

        @Override
        public PatientExplanation explain(PatientRecord record, String procedureKey, ExplainOptions options) {
            return Mcrc.this.explain(record, procedureKey, options);
        }
    };

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
