package org.mcrckg;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.jena.query.Dataset;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.error.TaskResults;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.rdf.CohortDataset;
import org.mcrckg.rdf.CohortDataset.Explanations;
import org.mcrckg.reasoning.Engine;
import org.mcrckg.reasoning.Materialisation;
import org.mcrckg.reasoning.WarmUp;

/**
 * One pass of a cohort through the reasoner, the single pipeline behind {@code classify},
 * {@code load}, {@code query} and {@code explain}: it validates every record first (a data error
 * classifies nothing), then reads the files again lazily and classifies on {@link #threads}
 * workers in a bounded window, handing each patient on with its record, its answer and, when
 * asked, its explanation, in input order. Memory stays bounded whatever the size of the files.
 *
 * <pre>{@code
 * Map<String, Status> statuses = new TreeMap<>();
 * CohortRun run = mcrc.cohort(List.of(Path.of("cohort.csv"))).threads(4);
 * long patients = run.validate();            // throws DataErrorException listing every error
 * run.forEach(p -> statuses.put(p.id(), p.answer().treatment("hepatectomy").orElseThrow().status()));
 * }</pre>
 *
 * <p>A run is used once, by one thread: configure it, optionally {@link #validate} it (for
 * example to check the input before opening an output), then consume it with {@link #forEach},
 * {@link #toList} or {@link #toDataset}.
 */
public final class CohortRun {
    /** Answers in flight per worker: the window that bounds memory whatever the file size. */
    public static final int WINDOW_PER_THREAD = 64;
    /** Records of a file before the warm-up starts: a small run gains nothing from it. */
    /** How often a long run merges what it learned into the persistent cache (see {@link Mcrc#withCache}). */
    private static final long SAVE_EVERY_NANOS = 60_000_000_000L;

    /** Hears how far the run is, now and then: patients handed on, and patients in all. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);

        Progress NONE = (done, total) -> {};
    }

    /** Takes the patients of a run in input order; it may throw what its caller handles (an I/O error of the output, say). */
    @FunctionalInterface
    public interface Sink<E extends Exception> {
        void accept(ClassifiedPatient patient) throws E;
    }

    private final CohortReasoner mcrc;
    private final List<Path> files;          // the patients come from files, read twice ...
    private final List<PatientRecord> records;  // ... or from records already validated in memory
    private int threads = Runtime.getRuntime().availableProcessors();
    private Materialisation materialisation = Materialisation.ANSWER_CLASSES;
    private ExplainOptions explain;
    private String procedure;
    private Predicate<PatientRecord> selection;
    private Progress progress = Progress.NONE;
    private long validated = -1;
    private boolean used;

    private CohortRun(CohortReasoner mcrc, List<Path> files, List<PatientRecord> records) {
        this.mcrc = mcrc;
        this.files = files;
        this.records = records;
    }

    static CohortRun ofFiles(CohortReasoner mcrc, List<Path> files) { return new CohortRun(mcrc, List.copyOf(files), null); }

    static CohortRun ofRecords(CohortReasoner mcrc, List<PatientRecord> records) { return new CohortRun(mcrc, null, List.copyOf(records)); }

    /** Worker threads (default: the number of cores); at least one. */
    public CohortRun threads(int n) {
        this.threads = Math.max(1, n);
        return this;
    }

    /** The class memberships each answer reports (default {@link Materialisation#ANSWER_CLASSES}). */
    public CohortRun materialisation(Materialisation m) {
        this.materialisation = Objects.requireNonNull(m);
        return this;
    }

    /** Also explain every answer of each patient with these options ({@code null}: no explanations, the default). */
    public CohortRun explain(ExplainOptions options) { return explain(options, null); }

    /** Also explain each patient's answer about {@code procedureKey} (every procedure when null) with these options. */
    public CohortRun explain(ExplainOptions options, String procedureKey) {
        this.explain = options;
        this.procedure = procedureKey;
        return this;
    }

    /**
     * Classifies only the records {@code which} accepts (the others are validated and skipped);
     * with a selection there is no warm-up, which would classify the others.
     */
    public CohortRun select(Predicate<PatientRecord> which) {
        this.selection = which;
        return this;
    }

    public CohortRun progress(Progress listener) {
        this.progress = Objects.requireNonNull(listener);
        return this;
    }

    /** The ontology the run classifies with. */
    public KnowledgeBase knowledgeBase() { return mcrc.knowledgeBase(); }

    /** Whether the run explains its patients' answers. */
    public boolean explains() { return explain != null; }

    /**
     * The first pass: reads every file and validates every record (done once; later calls return
     * the same count). Meanwhile, on {@code threads - 1} other threads, the default engine's exact
     * cache is filled by classifying valid records as they are read (answers are dropped: nothing
     * is handed on before every file is valid). The validation pass is otherwise single-threaded,
     * and it is when most new cells are met, so this moves HermiT's work onto cores that would
     * idle. The warm-up never waits: a record is skipped when the workers are behind. (Stopping it
     * once records stop asking HermiT anything new, as with a warm persistent cache, saved no
     * measurable CPU and cost some in runs with an empty cache.)
     *
     * @return the number of patients
     * @throws DataErrorException listing the errors of every file
     */
    public long validate() {
        if (validated >= 0) return validated;
        if (records != null) return validated = records.size();
        // made now: the ontology check (or the read of the persistent cache) starts beside validation
        boolean cached = mcrc.startCache();
        if (!cached || threads < 2 || selection != null) return validated = mcrc.files().validate(files);
        try (WarmUp warm = new WarmUp(threads, "mcrc-warm")) {
            return validated = mcrc.files().validate(files, r -> warm.offer(() -> mcrc.classify(r, Materialisation.ANSWER_CLASSES)));
        }
    }

    /**
     * Validates (when {@link #validate} was not called), then classifies and hands every patient
     * to {@code sink} in input order, as the answers come. A failure of the sink stops the run and
     * is rethrown as it is.
     */
    public <E extends Exception> void forEach(Sink<E> sink) throws E {
        if (used) throw new IllegalStateException("a CohortRun is used once");
        used = true;
        long total = validate();
        try {
            if (mcrc.engine() == Engine.NAIVE) together(total, sink);
            else if (records != null && (threads <= 1 || records.size() < 2)) inline(total, sink);
            else windowed(total, sink);
        } catch (SinkFailure f) {
            @SuppressWarnings("unchecked")
            E e = (E) f.getCause();
            throw e;
        }
    }

    /** Every patient, in input order (in memory: for cohorts that fit). */
    public List<ClassifiedPatient> toList() {
        List<ClassifiedPatient> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    /** The answers alone, in input order. */
    public List<PatientAnswer> answers() {
        List<PatientAnswer> out = new ArrayList<>();
        forEach(p -> out.add(p.answer()));
        return out;
    }

    /**
     * The cohort as an in-memory RDF dataset ({@link CohortDataset}): every defined class is
     * materialised, and with {@link #explain} the explanations graph is added.
     */
    public Dataset toDataset() {
        materialisation(Materialisation.ALL_DEFINED_CLASSES);
        CohortDataset cohort = CohortDataset.create(mcrc.knowledgeBase(), explain == null ? Explanations.NONE : Explanations.INCLUDED);
        forEach(p -> cohort.add(p.record(), p.answer(), p.explanation()));
        return cohort.dataset();
    }

    /** The records of the second pass, to {@code each} in input order, the selection applied. */
    private void records(Consumer<PatientRecord> each) {
        Consumer<PatientRecord> selected = selection == null ? each : r -> {
            if (selection.test(r)) each.accept(r);
        };
        if (records != null) records.forEach(selected);
        else mcrc.files().forEach(files, selected);
    }

    /** One patient's work, on a worker thread; {@code answer} is given when it was classified already. */
    private ClassifiedPatient classify(PatientRecord r, PatientAnswer answer) {
        if (explain == null) return new ClassifiedPatient(r, answer != null ? answer : mcrc.classify(r, materialisation), null);
        PatientExplanation e = mcrc.explain(r, procedure, explain);
        // the explanation holds the answer with the answer classes; another materialisation classifies again
        PatientAnswer a = answer != null ? answer : materialisation == Materialisation.ANSWER_CLASSES ? e.answer() : mcrc.classify(r, materialisation);
        return new ClassifiedPatient(r, a, e);
    }

    /** Records given in memory, one thread: the caller's, whose reasoner is made once. */
    private <E extends Exception> void inline(long total, Sink<E> sink) {
        long[] done = {0};
        records(r -> hand(classify(r, null), sink, done, total));
    }

    /** The baseline engine reasons over the whole cohort at once: there is nothing to stream. */
    private <E extends Exception> void together(long total, Sink<E> sink) {
        List<PatientRecord> all = new ArrayList<>();
        records(all::add);
        Iterator<PatientAnswer> answers = mcrc.classifyTogether(all, materialisation).iterator();
        long[] done = {0};
        if (explain == null) {
            for (PatientRecord r : all) hand(new ClassifiedPatient(r, answers.next(), null), sink, done, total);
        } else {
            window(all::forEach, r -> {
                PatientAnswer a = answers.next();  // taken in input order, on this thread
                return () -> classify(r, a);
            }, sink, total, false);
        }
    }

    private <E extends Exception> void windowed(long total, Sink<E> sink) {
        window(this::records, r -> () -> classify(r, null), sink, total, files != null);
    }

    /**
     * {@code task} of every record of {@code source} on {@link #threads} workers, at most
     * {@link #WINDOW_PER_THREAD} per worker in flight; results to the sink in input order.
     */
    private <E extends Exception> void window(Consumer<Consumer<PatientRecord>> source, Function<PatientRecord, Callable<ClassifiedPatient>> task,
                                              Sink<E> sink, long total, boolean saveNowAndThen) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mcrc-worker");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<ClassifiedPatient>> window = new ArrayDeque<>();
        int limit = threads * WINDOW_PER_THREAD;
        long[] done = {0};
        long[] saved = {System.nanoTime()};
        try {
            source.accept(r -> {
                window.add(pool.submit(task.apply(r)));
                if (window.size() >= limit) drain(window, 1, sink, done, total);
                if (saveNowAndThen && System.nanoTime() - saved[0] > SAVE_EVERY_NANOS) {
                    // a long run keeps what it learned even if it is stopped before the end
                    mcrc.saveCache();
                    saved[0] = System.nanoTime();
                }
            });
            drain(window, window.size(), sink, done, total);
        } finally {
            pool.shutdownNow();
        }
    }

    private <E extends Exception> void drain(ArrayDeque<Future<ClassifiedPatient>> window, int count, Sink<E> sink, long[] done, long total) {
        for (int i = 0; i < count; i++) hand(TaskResults.get(window.poll()), sink, done, total);
    }

    private <E extends Exception> void hand(ClassifiedPatient p, Sink<E> sink, long[] done, long total) {
        try {
            sink.accept(p);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SinkFailure(e);
        }
        if (++done[0] % 256 == 0 || done[0] == total) progress.update(done[0], total);
    }

    /** Carries a checked exception of the sink out of the record callbacks, to be rethrown by {@link #forEach}. */
    private static final class SinkFailure extends RuntimeException {
        SinkFailure(Exception cause) { super(cause); }
    }
}
