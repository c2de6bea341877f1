package org.mcrckg.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.dboe.DBOpEnvException;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.process.normalize.NormalizeRDFTerms;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.store.QuadTable;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.vocabulary.RDF;
import org.mcrckg.ClassifiedPatient;
import org.mcrckg.CohortRun;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.query.NoService;
import org.mcrckg.rdf.CohortDataset;
import org.mcrckg.rdf.CohortDataset.Explanations;
import org.mcrckg.rdf.RdfExport;
import org.mcrckg.rdf.SummaryCounts;
import org.mcrckg.reasoning.Materialisation;

/**
 * A TDB2 store of classified patients, in the three named graphs of {@link RdfExport}:
 * {@value Vocabulary#GRAPH_ONTOLOGY} (the ontology, replaced by every load),
 * {@value Vocabulary#GRAPH_PATIENTS} (the asserted records) and
 * {@value Vocabulary#GRAPH_INFERENCES} (the reasoner's answers), and the summary graph
 * {@value Vocabulary#GRAPH_SUMMARY} (counts of patients and answers, see {@link SummaryCounts}).
 * Its default graph, for queries, is the union of the named graphs.
 *
 * <pre>{@code
 * Mcrc mcrc = Mcrc.load();
 * try (PatientStore store = PatientStore.open(Path.of("target/store"))) {
 *     LoadReport r = store.load(mcrc.cohort(List.of(Path.of("cohort.csv"))).threads(2), PatientStore.Progress.NONE);
 * }
 * }</pre>
 *
 * <p><b>A patient is the unit of change.</b> A patient is its resource ({@link RdfExport#patientIri})
 * with every triple whose subject it is in the patients and inferences graphs, and its answers
 * ({@code <patient IRI>/answer/<key>}, found by {@code mcrc:answersPatient}) with every triple
 * whose subject they are. Writing a patient deletes all of that and writes the new triples, in one
 * write transaction with the other patients of its batch; the summary counts change in the same
 * transaction (the deleted patient's own triples are counted and subtracted, the new ones counted
 * and added). A reader, or a store reopened after the loading process was killed, therefore sees
 * each patient whole or not at all, and counts that match the patients; loading a patient id again
 * replaces it.
 *
 * <p><b>A store written by an earlier version</b> lacks some counts: opening it counts the whole
 * summary graph again, once, in one write transaction ({@link #summaryUpgrade} says how long it
 * took), so that the queries reading the counts are exact from the start.
 *
 * <p>TDB2 lets one process at a time open a store: stop the server before loading.
 *
 * <p><b>Explanations.</b> With {@code load --explain}, the justifications of the answers go to the
 * named graph {@code <graph namespace>explanations} ({@link CohortDataset}), in
 * the same transaction as the answers they explain. Every resource there is named under the
 * patient's IRI and reachable from the patient or its answers, so {@code delete} finds them by
 * walking from the patient, and a reloaded patient keeps no stale explanation.
 */
public final class PatientStore implements AutoCloseable {
    /**
     * A batch is committed once its patients took this long to classify: every transaction costs
     * a commit and leaves dead blocks behind (TDB2 writes copy-on-write), so batches grow with the
     * classification speed, while a crash loses at most this much work. Five seconds and
     * {@link #MAX_BATCH} 8,192 patients, against two and 2,048 before: a 10,000-patient store came
     * out a tenth smaller (756 against 840 MB), and the heap held at most 0.5 GB after a
     * collection, within load's 1 GB (BENCHMARKS.md, "load").
     */
    public static final Duration COMMIT_INTERVAL = Duration.ofSeconds(5);
    /**
     * Batches of at least this many quads are written to the indexes by two threads: below it,
     * handing half of them to the second thread costs more than it saves.
     */
    static final int TWO_THREADS_FROM = 20_000;
    /** The most patients in one write transaction. */
    public static final int MAX_BATCH = 8192;

    private static final Node G_ONTOLOGY = NodeFactory.createURI(Vocabulary.GRAPH_ONTOLOGY);
    private static final Node G_PATIENTS = NodeFactory.createURI(Vocabulary.GRAPH_PATIENTS);
    private static final Node G_INFERENCES = NodeFactory.createURI(Vocabulary.GRAPH_INFERENCES);
    private static final Node G_SUMMARY = NodeFactory.createURI(Vocabulary.GRAPH_SUMMARY);
    private static final Node G_EXPLANATIONS = NodeFactory.createURI(Vocabulary.GRAPH_EXPLANATIONS);
    private static final Node PATIENT_COUNT = NodeFactory.createURI(Vocabulary.PATIENT_COUNT);
    private static final Node ANSWERS_PATIENT = NodeFactory.createURI(Vocabulary.ANSWERS_PATIENT);
    private static final Node PATIENT = NodeFactory.createURI(Vocabulary.PATIENT);
    private static final NormalizeRDFTerms CANONICAL = NormalizeRDFTerms.get();

    /** Called after each committed batch: patients written so far, and in all. */
    @FunctionalInterface
    public interface Progress {
        void committed(int done, int total);

        Progress NONE = (done, total) -> {};
    }

    private final Path dir;
    private final Dataset dataset;
    /** The storage of a {@link #temporary} store, whose batches are added index by index; null for a store that stays. */
    private final DirectStore direct;
    /** The ids of the patients written to a {@link #temporary} store. */
    private final Set<String> written = new HashSet<>();
    private ExecutorService indexWriter;
    /** Deletes a temporary store's directory if the JVM ends before {@link #close}; null for a store that stays. */
    private final Thread cleanup;
    private boolean closed;
    private Duration summaryUpgrade;

    private PatientStore(Path dir, Dataset dataset, DirectStore direct, Thread cleanup) {
        this.dir = dir;
        this.dataset = dataset;
        this.direct = direct;
        this.cleanup = cleanup;
    }

    /** Rows a query over a {@link #temporary} store sorts or groups in memory before spilling to disk. */
    static final long SPILL_THRESHOLD = 100_000;

    /**
     * A new store in a new temporary directory (under {@code java.io.tmpdir}) for one process's
     * queries, as {@code mcrc query --data} uses it: it holds a cohort on disk, not in memory, and
     * is deleted, directory and all, when closed (or, failing that, when the JVM exits). Its files
     * are read through small caches in the heap, not memory-mapped ({@link DirectStore}), so the
     * process's memory does not grow with the cohort; {@link #load(CohortRun, Progress)} writes it
     * in one transaction.
     */
    public static PatientStore temporary() {
        Path dir;
        try {
            dir = Files.createTempDirectory("mcrc-query-store-");
        } catch (IOException e) {
            throw new StoreException("store#not-a-store", "cannot create a temporary store directory: " + e.getMessage(), e);
        }
        Thread cleanup = new Thread(() -> deleteTree(dir), "mcrc-temporary-store-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        DirectStore direct = DirectStore.create(dir);
        PatientStore store = configure(dir, DatasetFactory.wrap(direct.dataset()), direct, cleanup);
        // a query that sorts or groups more rows than this spills them to temporary files, not the heap
        store.dataset().getContext().set(ARQ.spillToDiskThreshold, SPILL_THRESHOLD);
        return store;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: what is left is in the system's temporary directory
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }

    /**
     * Opens the store in {@code dir}, creating it (and the directory) when there is none.
     *
     * @throws StoreException {@code store#not-a-store} when {@code dir} holds files but no
     *                           store; {@code store#locked} when another process has it open
     */
    public static PatientStore open(Path dir) {
        // Two first loads racing on a new directory: the loser sees the winner's tdb.lock (and
        // perhaps an empty Data-0001) before the store is complete. That is a store being made, not
        // "other files": it goes on to TDB2's own process lock, which says store#locked while the
        // winner has it open. Within one JVM, opening is serialised.
        synchronized (PatientStore.class) {
            return openOrCreate(dir);
        }
    }

    private static PatientStore openOrCreate(Path dir) {
        if (Files.exists(dir) && !isStore(dir) && !isEmptyDirectory(dir) && !onlyStoreFiles(dir)) {
            throw new StoreException("store#not-a-store", dir + " is not a TDB2 store (and not empty): give a new or empty directory, or one mcrc load wrote", null);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("store#not-a-store", "cannot create the store directory " + dir + ": " + e.getMessage(), e);
        }
        return connect(dir);
    }

    /**
     * Opens an existing store (for serving).
     *
     * @throws StoreException {@code store#missing} when {@code dir} has no store
     */
    public static PatientStore openExisting(Path dir) {
        if (!Files.isDirectory(dir) || !isStore(dir)) {
            throw new StoreException("store#missing", "no store in " + dir + ": create one with mcrc load --store " + dir + " FILE...", null);
        }
        return connect(dir);
    }

    /** A TDB2 database directory holds {@code Data-NNNN} generations. */
    static boolean isStore(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("Data-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether every entry is one TDB2 makes: its lock file, {@code Data-NNNN} generations, {@code Backups}. */
    static boolean onlyStoreFiles(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).allMatch(n -> n.equals("tdb.lock") || n.startsWith("Data-") || n.equals("Backups"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static PatientStore connect(Path dir) {
        Dataset ds;
        try {
            ds = TDB2Factory.connectDataset(dir.toString());
        } catch (DBOpEnvException e) {
            throw new StoreException("store#locked", "the store " + dir + " is in use by another process (TDB2 allows one at a time; stop mcrc serve before loading): " + e.getMessage(), e);
        }
        PatientStore store = configure(dir, ds, null, null);
        store.summaryUpgrade = store.upgradeSummary();
        return store;
    }

    private static PatientStore configure(Path dir, Dataset ds, DirectStore direct, Thread cleanup) {
        // The store's default graph, for every query over it, is the union of its named graphs.
        ds.getContext().set(TDB2.symUnionDefaultGraph, true);
        QC.setFactory(ds.getContext(), GuardedOpExecutor.FACTORY);
        // queries over the store, served or not, never make outbound requests
        NoService.disable(ds.getContext());
        return new PatientStore(dir, ds, direct, cleanup);
    }

    public Path directory() { return dir; }

    /** The TDB2 dataset; use transactions ({@code Txn.executeRead}) to read it. */
    public Dataset dataset() { return dataset; }

    /**
     * Reads and validates every file, then classifies and writes the patients (see
     * {@link #load(CohortRun, Progress)}). A data error throws {@code DataErrorException} before the
     * store is written.
     */
    public LoadReport load(Mcrc mcrc, List<Path> files, int threads, Progress progress) {
        return load(mcrc.cohort(files).threads(threads), progress);
    }

    /**
     * Classifies the patients of a run and writes them, replacing the ontology graph first and
     * each patient already in the store with the same id. The run validates its files first, if
     * it has not yet (a data error throws {@code DataErrorException} before the store is written),
     * and classifies with every defined class materialised, as {@code mcrc query} does, in
     * bounded memory; with {@link CohortRun#explain} every answer's explanation is written too
     * (explaining costs far more than classifying, BENCHMARKS.md: meant for cohorts a board will
     * read). The classified patients are committed in batches, one write transaction each, every
     * {@link #COMMIT_INTERVAL} (at most {@link #MAX_BATCH} patients); a {@link #temporary} store
     * is written in one transaction (its batches are then written, not committed).
     */
    public LoadReport load(CohortRun run, Progress progress) {
        long total = run.validate();
        if (cleanup == null) return write(run, total, progress);
        // A temporary store has no reader but this process, and is deleted, not reopened, after a
        // failure: one transaction for the whole cohort spares a commit (a sync of every file) every
        // five seconds, and a copy of each block that the next transaction changes again (TDB2
        // writes copy-on-write, so a block is copied once per transaction that changes it).
        try {
            return Txn.calculateWrite(dataset, () -> write(run, total, progress));
        } catch (RuntimeException | Error e) {
            direct.discard();  // the transaction was aborted
            throw e;
        }
    }

    private LoadReport write(CohortRun run, long total, Progress progress) {
        long start = System.nanoTime();
        KnowledgeBase kb = run.knowledgeBase();
        replaceOntology(CohortDataset.ontology(kb));
        Batches batches = new Batches(kb, total, progress, run.explains());
        run.materialisation(Materialisation.ALL_DEFINED_CLASSES).forEach(batches::add);
        batches.commit();
        if (direct != null) direct.flush();
        return new LoadReport(batches.done, batches.replaced, batches.inconsistent, Duration.ofNanos(System.nanoTime() - start), patientCount());
    }

    /** Collects classified patients and commits them in batches. */
    private final class Batches {
        private final KnowledgeBase kb;
        private final long total;
        private final Progress progress;
        private final Explanations explanations;
        private CohortDataset batch;
        private long opened;
        int done, replaced, inconsistent;

        Batches(KnowledgeBase kb, long total, Progress progress, boolean explained) {
            this.kb = kb;
            this.total = total;
            this.progress = progress;
            this.explanations = explained ? Explanations.INCLUDED : Explanations.NONE;
            this.batch = CohortDataset.create(kb, explanations);
        }

        void add(ClassifiedPatient p) {
            // a batch's 5 s start at its first answer, not at the reasoner's warm-up
            if (batch.isEmpty()) opened = System.nanoTime();
            batch.add(p.record(), p.answer(), p.explanation());
            if (batch.size() >= MAX_BATCH || System.nanoTime() - opened >= COMMIT_INTERVAL.toNanos()) commit();
        }

        void commit() {
            if (batch.isEmpty()) return;
            replaced += replace(batch, false);
            for (PatientAnswer a : batch.answers()) if (!a.consistent()) inconsistent++;
            done += batch.size();
            progress.committed(done, (int) total);
            batch = CohortDataset.create(kb, explanations);
        }
    }

    /** Replaces the ontology graph, in one write transaction. */
    public void replaceOntology(Model ontology) {
        Txn.executeWrite(dataset, () -> {
            DatasetGraph dsg = dataset.asDatasetGraph();
            dsg.deleteAny(G_ONTOLOGY, Node.ANY, Node.ANY, Node.ANY);
            addAll(dsg, G_ONTOLOGY, ontology.getGraph());
        });
    }

    /**
     * Writes classified patients in one write transaction, as {@link CohortDataset} makes them RDF:
     * each patient already in the store is deleted whole first (see the class comment); the
     * explanations, when the batch includes them, go to the explanations graph in the same
     * transaction.
     *
     * @return how many of the patients were in the store before
     */
    public int replace(CohortDataset batch) {
        return replace(batch, true);
    }

    /**
     * As {@link #replace(CohortDataset)}; a {@link #temporary} store may keep the patients buffered
     * ({@link DirectStore#add}) unless {@code flush}, until {@link #load(CohortRun, Progress)} ends.
     */
    private int replace(CohortDataset batch, boolean flush) {
        Model patients = batch.patients();
        Model inferences = batch.inferences();
        Model explanations = batch.explanations().orElse(null);
        List<PatientRecord> records = batch.records();
        try {
            return write(patients, inferences, explanations, records, flush);
        } catch (RuntimeException | Error e) {
            if (direct != null && !dataset.isInTransaction()) direct.discard();  // its transaction was aborted
            throw e;
        }
    }

    private int write(Model patients, Model inferences, Model explanations, List<PatientRecord> records, boolean flush) {
        return Txn.calculateWrite(dataset, () -> {
            DatasetGraph dsg = dataset.asDatasetGraph();
            // counted inside the transaction: a retried transaction starts from fresh counts
            SummaryCounts delta = SummaryCounts.of(patients.getGraph(), inferences.getGraph());
            int existed = 0;
            if (direct != null) {
                boolean again = false;
                for (PatientRecord r : records) again |= !written.add(r.id());
                // a patient written before may still be buffered: to the indexes with it, so that it is found and deleted
                if (again) direct.flush();
            }
            for (PatientRecord r : records) if (delete(dsg, r.id(), delta)) existed++;
            List<Quad> quads = new ArrayList<>();
            addAll(quads, G_PATIENTS, patients.getGraph());
            addAll(quads, G_INFERENCES, inferences.getGraph());
            if (explanations != null) addAll(quads, G_EXPLANATIONS, explanations.getGraph());
            if (direct == null) {
                // the batch's quads index by index, each in its index's order (SortedQuads)
                SortedQuads sorted = sortedQuads();
                sorted.addAll(quads);
                sorted.write(sorted.size() >= TWO_THREADS_FROM ? indexWriter() : null);
            } else {
                direct.add(quads);
                if (flush) direct.flush();
            }
            updateSummary(dsg, delta);
            return existed;
        });
    }

    /** The second thread that writes half of the indexes of a large batch ({@link SortedQuads#write(ExecutorService)}). */
    private synchronized ExecutorService indexWriter() {
        if (indexWriter == null) {
            indexWriter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mcrc-index-writer");
                t.setDaemon(true);
                return t;
            });
        }
        return indexWriter;
    }

    /**
     * A writer to this store's quad table, within the current write transaction. Looked up each
     * time: compaction switches the store to a new storage generation.
     */
    private SortedQuads sortedQuads() {
        QuadTable table = TDBInternal.getDatasetGraphTDB(dataset.asDatasetGraph()).getQuadTable();
        return new SortedQuads(table.getNodeTupleTable().getNodeTable(), table.getNodeTupleTable().getTupleTable().getIndexes());
    }

    /** Deletes a patient whole, in its own write transaction; returns whether it was there. */
    public boolean remove(String patientId) {
        return Txn.calculateWrite(dataset, () -> {
            SummaryCounts delta = SummaryCounts.empty();
            boolean existed = delete(dataset.asDatasetGraph(), patientId, delta);
            updateSummary(dataset.asDatasetGraph(), delta);
            return existed;
        });
    }

    /** Deletes a patient whole; its counts (its record's and its answers') are subtracted from {@code delta}. */
    private static boolean delete(DatasetGraph dsg, String patientId, SummaryCounts delta) {
        Node p = NodeFactory.createURI(RdfExport.patientIri(patientId));
        List<Node> answers = new ArrayList<>();
        Iterator<Quad> it = dsg.find(G_INFERENCES, Node.ANY, ANSWERS_PATIENT, p);
        try {
            it.forEachRemaining(q -> answers.add(q.getSubject()));
        } finally {
            Iter.close(it);
        }
        boolean existed = !answers.isEmpty() || dsg.contains(G_PATIENTS, p, Node.ANY, Node.ANY) || dsg.contains(G_INFERENCES, p, Node.ANY, Node.ANY);
        // the patient's own triples, counted as they were counted when written, are subtracted
        Graph record = GraphFactory.createDefaultGraph(), answered = GraphFactory.createDefaultGraph();
        copy(dsg, G_PATIENTS, p, record);
        for (Node a : answers) copy(dsg, G_INFERENCES, a, answered);
        delta.add(SummaryCounts.of(record, answered), -1);
        for (Node a : answers) dsg.deleteAny(G_INFERENCES, a, Node.ANY, Node.ANY);
        deleteExplanations(dsg, p, answers);
        dsg.deleteAny(G_INFERENCES, p, Node.ANY, Node.ANY);
        dsg.deleteAny(G_PATIENTS, p, Node.ANY, Node.ANY);
        return existed;
    }

    /** Every explanation resource of a patient: named under its IRI and reachable from it or its answers. */
    private static void deleteExplanations(DatasetGraph dsg, Node patient, List<Node> answers) {
        String under = patient.getURI() + "/";
        ArrayDeque<Node> todo = new ArrayDeque<>(answers);
        todo.add(patient);
        Set<Node> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Node s = todo.poll();
            if (!seen.add(s)) continue;
            Iterator<Quad> it = dsg.find(G_EXPLANATIONS, s, Node.ANY, Node.ANY);
            try {
                it.forEachRemaining(q -> {
                    Node o = q.getObject();
                    if (o.isURI() && o.getURI().startsWith(under)) todo.add(o);
                });
            } finally {
                Iter.close(it);
            }
        }
        for (Node s : seen) dsg.deleteAny(G_EXPLANATIONS, s, Node.ANY, Node.ANY);
    }

    private static void copy(DatasetGraph dsg, Node g, Node subject, Graph into) {
        Iterator<Quad> it = dsg.find(g, subject, Node.ANY, Node.ANY);
        try {
            it.forEachRemaining(q -> into.add(q.asTriple()));
        } finally {
            Iter.close(it);
        }
    }

    /** Adds {@code delta} to the summary counts; a count that reaches zero is removed. */
    private static void updateSummary(DatasetGraph dsg, SummaryCounts delta) {
        for (SummaryCounts.Count d : delta.counts()) {
            if (d.n() == 0) continue;
            Node c = d.resource();
            String old = lexical(dsg, G_SUMMARY, c, PATIENT_COUNT);
            long n = (old == null ? 0 : Long.parseLong(old)) + d.n();
            if (n < 0) throw new IllegalStateException("the summary count " + c.getURI() + " would be " + n + ": the store's summary graph does not match its patients");
            dsg.deleteAny(G_SUMMARY, c, Node.ANY, Node.ANY);
            for (Triple t : new SummaryCounts.Count(c, d.description(), n).triples()) dsg.add(G_SUMMARY, t.getSubject(), t.getPredicate(), t.getObject());
        }
    }

    /**
     * Counts the summary graph again from the patients and inferences graphs, inside the caller's
     * write transaction on {@code dsg} (a store's): for a store written before a kind of count
     * existed, and after a SPARQL update, which may change any triple. It reads every patient and
     * answer (seconds for 100,000 patients).
     */
    public static void recountSummary(DatasetGraph dsg) {
        SummaryCounts counts = count(dsg);
        dsg.deleteAny(G_SUMMARY, Node.ANY, Node.ANY, Node.ANY);
        addAll(dsg, G_SUMMARY, counts.model().getGraph());
    }

    /** {@link #recountSummary(DatasetGraph)} in its own write transaction. */
    public void recountSummary() {
        Txn.executeWrite(dataset, () -> recountSummary(dataset.asDatasetGraph()));
    }

    /**
     * The counts as they would be counted now from the patients and inferences graphs, without
     * writing them: equal to the summary graph unless the counts drifted (a test's oracle).
     */
    public Model countedSummary() {
        return Txn.calculateRead(dataset, () -> count(dataset.asDatasetGraph()).model());
    }

    /** The counts of the store's patients and answers, in one pass over each graph (TDB2 gives a graph's quads subject by subject). */
    private static SummaryCounts count(DatasetGraph dsg) {
        Iterator<Quad> it = dsg.find(G_INFERENCES, Node.ANY, Node.ANY, Node.ANY);
        try {
            return SummaryCounts.ofGrouped(dsg.getGraph(G_PATIENTS), Iter.map(it, Quad::asTriple));
        } finally {
            Iter.close(it);
        }
    }

    /** The summary graph as stored (a copy). */
    public Model storedSummary() {
        return Txn.calculateRead(dataset, () -> {
            Model m = ModelFactory.createDefaultModel();
            Iterator<Quad> it = dataset.asDatasetGraph().find(G_SUMMARY, Node.ANY, Node.ANY, Node.ANY);
            try {
                it.forEachRemaining(q -> m.getGraph().add(q.asTriple()));
            } finally {
                Iter.close(it);
            }
            return m;
        });
    }

    /**
     * Counts the summary graph again when it is not of the current layout
     * ({@link SummaryCounts#VERSION}) and the store holds patients: a store written by an earlier
     * version has only some of the counts. Returns how long that took, or null when there was
     * nothing to do.
     */
    private Duration upgradeSummary() {
        boolean current = Txn.calculateRead(dataset, () -> {
            DatasetGraph dsg = dataset.asDatasetGraph();
            return !dsg.contains(G_PATIENTS, Node.ANY, RDF.type.asNode(), PATIENT) || SummaryCounts.isCurrent(dsg.getGraph(G_SUMMARY));
        });
        if (current) return null;
        long start = System.nanoTime();
        recountSummary();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * How long opening took to count the summary graph of a store written by an earlier version
     * (once: the counts are written), or empty when it was current.
     */
    public Optional<Duration> summaryUpgrade() { return Optional.ofNullable(summaryUpgrade); }

    /** The lexical form of the one object of (s, p) in graph g, or null. */
    private static String lexical(DatasetGraph dsg, Node g, Node s, Node p) {
        Iterator<Quad> it = dsg.find(g, s, p, Node.ANY);
        try {
            if (!it.hasNext()) return null;
            Node o = it.next().getObject();
            return o.isLiteral() ? o.getLiteralLexicalForm() : o.getURI();
        } finally {
            Iter.close(it);
        }
    }

    /** Adds {@code source}'s triples to {@code graph} of the store, as {@link #addAll(List, Node, Graph)} makes them quads. */
    private static void addAll(DatasetGraph dsg, Node graph, Graph source) {
        List<Quad> quads = new ArrayList<>();
        addAll(quads, graph, source);
        quads.forEach(dsg::add);
    }

    /**
     * {@code source}'s triples as quads in {@code graph}, collected. Literals are written in
     * canonical form ({@code "45"^^xsd:decimal} as {@code "45.0"}): TDB2 5.6 stores numbers by
     * value and returns them canonical, and a quad written with a non-canonical decimal cannot be
     * deleted afterwards (apache/jena#3404), which would break replacing a patient. Queries see the
     * same values either way.
     */
    private static void addAll(List<Quad> quads, Node graph, Graph source) {
        Iterator<Triple> it = source.find();
        try {
            it.forEachRemaining(t -> quads.add(Quad.create(graph, t.getSubject(), t.getPredicate(), CANONICAL.normalize(t.getObject()))));
        } finally {
            Iter.close(it);
        }
    }

    /** The number of patients in the store. */
    public long patientCount() {
        return Txn.calculateRead(dataset, () -> count(dataset.asDatasetGraph(), G_PATIENTS, Node.ANY, RDF.type.asNode(), PATIENT));
    }

    /** The ids ({@code mcrc:patient_id}) of the patients in the store, sorted. */
    public Set<String> patientIds() {
        Node idProperty = NodeFactory.createURI(Vocabulary.NS + "patient_id");
        return Txn.calculateRead(dataset, () -> {
            Set<String> ids = new TreeSet<>();
            Iterator<Quad> it = dataset.asDatasetGraph().find(G_PATIENTS, Node.ANY, idProperty, Node.ANY);
            try {
                it.forEachRemaining(q -> ids.add(q.getObject().getLiteralLexicalForm()));
            } finally {
                Iter.close(it);
            }
            return ids;
        });
    }

    /** Counts triples per graph, patients and answers, in one read transaction (it reads every triple). */
    public StoreStatistics statistics() {
        return Txn.calculateRead(dataset, () -> {
            DatasetGraph dsg = dataset.asDatasetGraph();
            return new StoreStatistics(
                    count(dsg, G_ONTOLOGY, Node.ANY, Node.ANY, Node.ANY),
                    count(dsg, G_PATIENTS, Node.ANY, Node.ANY, Node.ANY),
                    count(dsg, G_INFERENCES, Node.ANY, Node.ANY, Node.ANY),
                    count(dsg, G_SUMMARY, Node.ANY, Node.ANY, Node.ANY),
                    count(dsg, G_PATIENTS, Node.ANY, RDF.type.asNode(), PATIENT),
                    count(dsg, G_INFERENCES, Node.ANY, ANSWERS_PATIENT, Node.ANY));
        });
    }

    private static long count(DatasetGraph dsg, Node g, Node s, Node p, Node o) {
        Iterator<Quad> it = dsg.find(g, s, p, o);
        try {
            return Iter.count(it);
        } finally {
            Iter.close(it);
        }
    }

    /**
     * Compacts the store: TDB2 writes copy-on-write, so every transaction leaves dead blocks
     * behind (a load of 2,000 patients in batches of 16 leaves about 1 GB); compaction copies the
     * live data into a new generation directory and deletes the old one. TDB2 makes it safe to
     * interrupt: an unfinished copy is discarded when the store is next opened.
     *
     * @return the store's size on disk in bytes before and after: allocated blocks, as {@code du}
     *     counts them. TDB2's files are sparse (a fresh store's node table claims 192 MB and holds a
     *     few), so their apparent length says little about the disk a store takes.
     */
    public long[] compact() {
        long before = diskUsage(dir);
        DatabaseMgr.compact(dataset.asDatasetGraph(), true);
        return new long[] {before, diskUsage(dir)};
    }

    /** The store's size on disk in bytes (allocated blocks, see {@link #compact}). */
    public long diskUsage() { return diskUsage(dir); }

    /** Bytes allocated on disk under {@code dir} ({@code du -sk}), or the files' apparent lengths where there is no du. */
    static long diskUsage(Path dir) {
        try {
            Process p = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0) return Long.parseLong(out.strip().split("\\s+")[0]) * 1024;
        } catch (IOException | NumberFormatException e) {
            // no du on this system: fall back to the apparent sizes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return apparentSize(dir);
    }

    private static long apparentSize(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Releases the store (and its lock) so that another process may open it. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (indexWriter != null) indexWriter.shutdown();
        if (cleanup == null) {
            TDBInternal.expel(dataset.asDatasetGraph());
        } else {
            // a temporary store is not one of TDB2's managed databases (DirectStore): shut it down
            // here, so that its files are closed before they are deleted
            direct.dataset().shutdown();
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway, and finds nothing left
            }
        }
    }
}
