package org.mcrckg.reasoning;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.mcrckg.ontology.KnowledgeBase;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLObjectComplementOf;
import org.semanticweb.owlapi.model.OWLObjectIntersectionOf;
import org.semanticweb.owlapi.model.OWLObjectUnionOf;
import org.semanticweb.owlapi.util.SimpleRenderer;

/**
 * Exact caching of HermiT's answers across patients, by component-wise supervaluation. Shared by
 * all workers (thread-safe); each patient gets a {@link #forPatient view} that asks HermiT,
 * through that worker's reasoner, only what no earlier patient with the same cells asked.
 *
 * <p><b>Questions as formulas.</b> A question (a class expression) is unfolded through definitions
 * and Boolean connectives into a Boolean formula over <em>atoms</em>: sub-expressions that read
 * one linked component of fields (see {@link Relevance}), or none.
 *
 * <p><b>Blocks.</b> The atoms of one component form a block. For a consistent patient, which
 * combinations of truth values the atoms of a block can take is decided by HermiT (the record's
 * facts on that component, and each combination, tested for satisfiability); it depends only on
 * the patient's cells on that component, and is cached under them. Combinations of different
 * blocks are independent: models over disjoint components can be put together (the argument of
 * {@link Relevance}). So the question is <em>proven</em> when the formula is true for every
 * combination of the blocks' possible values, <em>refuted</em> when false for every one, and
 * <em>unknown</em> otherwise; exactly what HermiT would say about the whole expression. Every
 * answer comes from HermiT; tests compare the results with the uncached engines.
 *
 * <p><b>Order of work</b> (what makes a cached answer cost microseconds):
 * <ol>
 *   <li>when the question names defined classes that read several components (a curative plan,
 *       G5), the formula over those classes read three-valued (Kleene), each class answered first
 *       as a question of its own and memoised for the patient: sound, since every model of the
 *       record gives each settled class its value; and exact when all that stays open is one class
 *       or its complement, since on the record's models the question then agrees with it;</li>
 *   <li>each atom's own answer (proven, refuted, open), memoised per patient and cached under the
 *       atom and its component's cells, numbers placed only among the thresholds its test can see
 *       (its own and the constraints'): an atom on one threshold of the liver lesion count is not
 *       asked again for every other count;</li>
 *   <li>the formula read three-valued (Kleene) over those answers: sound, since a formula true (or
 *       false) whatever the open atoms are is true (or false) for every possible combination;</li>
 *   <li>only when that leaves it open, the <em>residual</em>: the formula with its settled atoms
 *       read as constants, which agrees with the question on every model of the record. The joint
 *       values of each block's atoms that occur in it (the projection of the block's possible
 *       values onto them), found by a depth-first search that extends a partial assignment only
 *       while HermiT finds it satisfiable, and the combinations enumerated;</li>
 *   <li>when a block has too many open atoms or the combinations are too many, the residual asked
 *       whole, cached under the fields of the components it still reads (rare: the benchmark
 *       counts it).</li>
 * </ol>
 *
 * <p><b>Across processes.</b> Every entry is keyed by what it is about (an atom's or a question's
 * rendering, a component's first field) and the cells it depends on, never by a number of this
 * process; with a {@link PersistentCache} the entries of earlier runs over the same ontology,
 * reasoner and code are read at start and this run's are merged into the file by {@link #save()}.
 */
public final class CachedOracle {
    /**
     * The version of what an entry means (keys, cells, the questions asked): part of the persistent
     * cache's digest. Bump it with any change to this class, {@link Relevance} or {@link Constraints}
     * that could change an entry (their class files are digested too, as a second guard).
     */
    static final String VERSION = "cached-oracle/6";

    /** Above this many branches of the combination search the whole question is asked of HermiT instead. */
    private static final int MAX_COMBINATIONS = 1 << 14;
    /**
     * Above this many HermiT tests for the joint values of one block's open atoms, the whole question is asked
     * instead. A search is cached under its atoms and cells, so it is paid once; the whole question is keyed by
     * the cells of every component it reads and is asked again for nearly every patient (at 256, the 13 open
     * atoms of an all-missing liver component fell back to 83 whole questions per 20,000 patients, 13 ms each).
     */
    private static final int MAX_JOINT_TESTS = 4096;
    /** The cached joint values of a block whose search ran past {@link #MAX_JOINT_TESTS}. */
    private static final int[] OUT_OF_BUDGET = new int[0];

    private final Relevance relevance;
    private final OWLDataFactory df;
    private final KnowledgeBase kb;
    private final Map<OWLClassExpression, Compiled> compiled = new ConcurrentHashMap<>();
    /** Each definition's class, so a definition asked as an expression shares its class's answers. */
    private final Map<OWLClassExpression, OWLClass> definedBy = new HashMap<>();
    private final Map<OWLClassExpression, Integer> atomIds = new ConcurrentHashMap<>();
    /**
     * Atoms and questions are numbered by their rendering, so entries read from disk (which name
     * them by rendering) and entries of this process share keys.
     */
    private final Map<String, Integer> symbolIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> symbolNames = new ConcurrentHashMap<>();
    private final Map<Key, Object> cache = new ConcurrentHashMap<>();
    // adders: both workers count every answer, and one shared atomic made them fight over its cache line
    private final LongAdder hits = new LongAdder(), misses = new LongAdder();
    /** Entries learned (from HermiT) since the last save. */
    private final AtomicLong learned = new AtomicLong();
    /** Entries read from disk at start. */
    private final AtomicLong read = new AtomicLong();
    private final PersistentCache disk;

    private final Constraints constraints;
    /** The numbers the constraints state, per field: every atom's test sees them. */
    private final Map<String, Set<BigDecimal>> constraintValues;
    /** Per atom: its component's cells coarsened to what its test can see ({@link #coarsening}). */
    private final Map<Integer, int[][]> coarse = new ConcurrentHashMap<>();
    /** Per component (by its first field): its cells coarsened to the constraints' thresholds, all a consistency test sees. */
    private final Map<Integer, int[][]> consistencyTables = new ConcurrentHashMap<>();
    /** Per set of atoms asked jointly (by their ids): their component's cells coarsened to what the joint tests see. */
    private final Map<Cells, int[][]> jointTables = new ConcurrentHashMap<>();

    /**
     * The answers are exact only over a consistent ontology (see {@link Constraints}); HermiT checks
     * the whole ontology once, on a thread of its own while the first patients are being asked, and
     * no answer is given before the check has passed.
     */
    private final CompletableFuture<Void> ontologyCheck;

    public CachedOracle(KnowledgeBase kb, OWLDataFactory df) { this(kb, df, (PersistentCache) null, m -> { }); }

    /**
     * With {@code disk} non-null, the entries of earlier runs are read from its file (on the
     * background thread, while the workers start), and {@link #save()} writes this run's. Problems
     * with the file go to {@code warnings}; they never stop classification. {@link ExactCache#open}
     * makes one with its file.
     */
    CachedOracle(KnowledgeBase kb, OWLDataFactory df, PersistentCache disk, Consumer<String> warnings) {
        this.disk = disk;
        List<String> fieldOrder = new ArrayList<>(kb.fields().keySet());  // the order of Relevance's field indexes
        this.ontologyCheck = CompletableFuture.runAsync(
                () -> {
                    // entries are written only by a run whose check passed, and the digest covers the
                    // ontology and HermiT: a valid file is HermiT's earlier answer to this very check
                    try {
                        if (disk != null && disk.read(new Loader(fieldOrder))) return;
                    } catch (RuntimeException e) {
                        // what was read before this was checked whole; the check below runs as without a file
                        warnings.accept("cannot use the cache file " + disk.file() + " (" + e + ")");
                    }
                    HermitReasoners.wholeOntologyReasoner(kb, OWLManager.createOWLOntologyManager()).dispose();
                },
                r -> {
                    Thread t = new Thread(r, "mcrc-ontology-check");
                    t.setDaemon(true);
                    t.start();
                });
        this.kb = kb;
        this.df = df;
        this.relevance = new Relevance(kb);
        this.constraints = new Constraints(kb, df);
        this.constraintValues = relevance.values(constraints.axioms());
        kb.owl().definitions().forEach((iri, d) -> definedBy.putIfAbsent(d, df.getOWLClass(iri)));
    }

    /** Waits for the whole-ontology check; throws its {@code ontology#inconsistent} error if it failed. */
    void requireConsistentOntology() {
        try {
            ontologyCheck.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    /** The small TBox the workers' atom reasoners hold. */
    Set<OWLAxiom> constraintAxioms() { return constraints.axioms(); }

    /** An atom or literal as the constraint reasoner must see it: defined classes unfolded. */
    OWLClassExpression unfold(OWLClassExpression e) { return constraints.unfold(e); }

    public Relevance relevance() { return relevance; }

    /** Cached answers used, and HermiT questions asked, so far. */
    public long hits() { return hits.sum(); }

    public long misses() { return misses.sum(); }

    public int size() { return cache.size(); }

    /** With {@code -Dmcrc.oracle.stats=true}: the HermiT tests of every fast engine of this process so far, per kind. */
    public static Optional<String> testCounts() { return OracleStats.summary(); }

    /** Entries read from the persistent cache at start (0 without one, or before it was read). */
    public long entriesRead() { return read.get(); }

    /** The persistent cache's file, if there is one. */
    public Optional<Path> cacheFile() { return Optional.ofNullable(disk).map(PersistentCache::file); }

    /**
     * Merges what this run learned into the persistent cache file (with what other processes wrote
     * meanwhile). Does nothing without a persistent cache, before the ontology check has passed, or
     * when nothing new was learned since the last save. True when the file was written.
     */
    public boolean save() {
        if (disk == null || !ontologyCheck.isDone() || ontologyCheck.isCompletedExceptionally()) return false;
        long news = learned.get();
        if (news == 0) return false;
        boolean ok = disk.write(new Loader(new ArrayList<>(kb.fields().keySet())), this::writeTo);
        if (ok) learned.addAndGet(-news);
        return ok;
    }

    private int symbol(String rendering) {
        Integer id = symbolIds.get(rendering);
        if (id != null) return id;
        synchronized (symbolIds) {
            return symbolIds.computeIfAbsent(rendering, k -> {
                int n = symbolIds.size();
                symbolNames.put(n, k);
                return n;
            });
        }
    }

    /** A stable name for a class expression: its rendering with full IRIs, the same in every process. */
    private static String render(OWLClassExpression e) { return new SimpleRenderer().render(e); }

    private static final Truth[] TRUTHS = {Truth.PROVEN, Truth.REFUTED, Truth.UNKNOWN};

    private static int code(Truth t) {
        return switch (t) {
            case PROVEN -> 0;
            case REFUTED -> 1;
            case UNKNOWN -> 2;
        };
    }

    /** Entries from a file into the cache (an entry already known is kept: both are HermiT's answer). */
    private final class Loader implements PersistentCache.Reader {
        private final List<String> fieldOrder;
        private String[] table;
        private int[] ids;

        Loader(List<String> fieldOrder) { this.fieldOrder = fieldOrder; }

        @Override
        public void symbols(String[] t) {
            table = t;
            ids = new int[t.length];
            for (int i = 0; i < t.length; i++) ids[i] = symbol(t[i]);
        }

        @Override
        public void entry(byte kind, int[] syms, long[] cells, int[] values) {
            Key k;
            Object v;
            switch (kind) {
                case PersistentCache.ATOM -> { k = new Key(new int[] {-3, ids[syms[0]]}, cells); v = TRUTHS[values[0]]; }
                case PersistentCache.WHOLE -> { k = new Key(new int[] {-1, ids[syms[0]]}, cells); v = TRUTHS[values[0]]; }
                case PersistentCache.CONSISTENT -> {
                    int field = fieldOrder.indexOf(table[syms[0]]);
                    if (field < 0) return;  // cannot happen under a matching digest; dropping an entry is always safe
                    k = new Key(new int[] {-2, field}, cells);
                    v = values[0] == 1;
                }
                default -> {
                    int[] what = new int[syms.length];
                    for (int i = 0; i < what.length; i++) what[i] = ids[syms[i]];
                    k = new Key(what, cells);
                    v = values;
                }
            }
            if (cache.putIfAbsent(k, v) == null) read.incrementAndGet();
        }
    }

    /** Every entry of the cache, named by renderings. */
    private void writeTo(PersistentCache.Writer w) {
        for (Map.Entry<Key, Object> e : cache.entrySet()) {
            int[] what = e.getKey().what;
            long[] cells = e.getKey().cells;
            if (what[0] == -3 || what[0] == -1) {
                w.entry(what[0] == -3 ? PersistentCache.ATOM : PersistentCache.WHOLE, new int[] {w.symbol(symbolNames.get(what[1]))}, cells,
                        new int[] {code((Truth) e.getValue())});
            } else if (what[0] == -2) {
                w.entry(PersistentCache.CONSISTENT, new int[] {w.symbol(relevance.fieldName(what[1]))}, cells, new int[] {(Boolean) e.getValue() ? 1 : 0});
            } else {
                int[] syms = new int[what.length];
                for (int i = 0; i < what.length; i++) syms[i] = w.symbol(symbolNames.get(what[i]));
                w.entry(PersistentCache.JOINT, syms, cells, (int[]) e.getValue());
            }
        }
    }

    /** A newly learned entry. */
    private void learn(Key k, Object v) {
        if (cache.put(k, v) == null) learned.incrementAndGet();
    }

    private record Key(int[] what, long[] cells) {
        @Override
        public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(k.what, what) && Arrays.equals(k.cells, cells); }

        @Override
        public int hashCode() { return 31 * Arrays.hashCode(what) + Arrays.hashCode(cells); }
    }

    // ---- formulas ----

    private sealed interface F permits Atom, And, Or, Not {}

    private record Atom(int index) implements F {}

    private record And(List<F> ops) implements F {}

    private record Or(List<F> ops) implements F {}

    private record Not(F op) implements F {}

    /** A question compiled once: its formula, its atoms, and the atoms grouped into blocks. */
    private static final class Compiled {
        final int id;                      // the question's symbol (for reports)
        final F formula;
        final List<OWLClassExpression> atoms;
        final List<int[]> blocks;          // atom indexes per block
        final List<int[]> blockFields;     // the fields each block's answer depends on
        final List<int[]> blockAtomIds;    // global atom ids, for cache keys
        /** The whole-question fallback per residual formula (rare: made on first use). */
        final Map<F, Whole> wholes = new ConcurrentHashMap<>();
        /** The formula over named sub-questions (null when it names none that reads several components). */
        F top;
        List<OWLClassExpression> nodes;

        Compiled(int id, F formula, List<OWLClassExpression> atoms, List<int[]> blocks, List<int[]> blockFields, List<int[]> blockAtomIds) {
            this.id = id;
            this.formula = formula;
            this.atoms = atoms;
            this.blocks = blocks;
            this.blockFields = blockFields;
            this.blockAtomIds = blockAtomIds;
        }
    }

    private Compiled compile(OWLClassExpression e) {
        Compiled c = compiled.get(e);  // computeIfAbsent locks its bin even when the key is there
        return c != null ? c : compiled.computeIfAbsent(e, this::doCompile);
    }

    private Compiled doCompile(OWLClassExpression e) {
        List<OWLClassExpression> atoms = new ArrayList<>();
        F f = toFormula(e, atoms, new LinkedHashMap<>());
        // group atoms by the component they read (atoms reading none form their own blocks)
        Map<Set<Integer>, List<Integer>> byComponents = new LinkedHashMap<>();
        for (int i = 0; i < atoms.size(); i++) byComponents.computeIfAbsent(relevance.componentsRead(atoms.get(i)), k -> new ArrayList<>()).add(i);
        List<int[]> blocks = new ArrayList<>(), fields = new ArrayList<>(), ids = new ArrayList<>();
        long combinations = 1;
        for (Map.Entry<Set<Integer>, List<Integer>> b : byComponents.entrySet()) {
            int[] idx = b.getValue().stream().mapToInt(Integer::intValue).toArray();
            blocks.add(idx);
            fields.add(relevance.relevantFields(atoms.get(idx[0])));
            ids.add(Arrays.stream(idx).map(i -> atomIds.computeIfAbsent(atoms.get(i), k -> symbol(render(k)))).toArray());
        }
        Compiled c = new Compiled(symbol(render(e)), f, atoms, blocks, fields, ids);
        List<OWLClassExpression> nodes = new ArrayList<>();
        F top = toTop(e, nodes, new LinkedHashMap<>(), true);
        if (nodes.stream().anyMatch(n -> n.isNamed() && relevance.componentsRead(n).size() > 1)) {
            c.top = top;
            c.nodes = nodes;
        }
        return c;
    }

    /** Like {@link #toFormula}, but stopping at named classes below the root: they are questions of their own. */
    private F toTop(OWLClassExpression e, List<OWLClassExpression> nodes, Map<OWLClassExpression, Integer> seen, boolean root) {
        if (relevance.componentsRead(e).size() <= 1) return atom(e, nodes, seen);
        if (e instanceof OWLClass c) {
            if (root && kb.owl().definition(c.getIRI()).isPresent()) return toTop(kb.owl().definition(c.getIRI()).get(), nodes, seen, false);
            return atom(e, nodes, seen);
        }
        if (e instanceof OWLObjectComplementOf n) return new Not(toTop(n.getOperand(), nodes, seen, false));
        if (e instanceof OWLObjectIntersectionOf i) return new And(i.operands().map(o -> toTop(o, nodes, seen, false)).toList());
        if (e instanceof OWLObjectUnionOf u) return new Or(u.operands().map(o -> toTop(o, nodes, seen, false)).toList());
        return atom(e, nodes, seen);
    }

    /** Unfolds definitions and connectives down to atoms that read at most one component. */
    private F toFormula(OWLClassExpression e, List<OWLClassExpression> atoms, Map<OWLClassExpression, Integer> seen) {
        if (relevance.componentsRead(e).size() <= 1) return atom(e, atoms, seen);
        if (e instanceof OWLClass c && kb.owl().definition(c.getIRI()).isPresent()) return toFormula(kb.owl().definition(c.getIRI()).get(), atoms, seen);
        if (e instanceof OWLObjectComplementOf n) return new Not(toFormula(n.getOperand(), atoms, seen));
        if (e instanceof OWLObjectIntersectionOf i) return new And(i.operands().map(o -> toFormula(o, atoms, seen)).toList());
        if (e instanceof OWLObjectUnionOf u) return new Or(u.operands().map(o -> toFormula(o, atoms, seen)).toList());
        return atom(e, atoms, seen);  // a construct that reads several components at once: one atom (its block spans them)
    }

    private static F atom(OWLClassExpression e, List<OWLClassExpression> atoms, Map<OWLClassExpression, Integer> seen) {
        Integer i = seen.get(e);
        if (i == null) {
            i = atoms.size();
            atoms.add(e);
            seen.put(e, i);
        }
        return new Atom(i);
    }

    // ---- evaluation ----

    /** A view for one consistent patient: {@code direct} asks the worker's HermiT about that patient. */
    MembershipOracle forPatient(int[] cells, HermitView direct) {
        Patient patient = new Patient(cells, direct);
        return new MembershipOracle() {
            @Override
            public boolean proven(OWLClassExpression c) { return question(patient, c) == Truth.PROVEN; }

            @Override
            public boolean refuted(OWLClassExpression c) { return question(patient, c) == Truth.REFUTED; }
        };
    }

    /**
     * HermiT's answer to one question about the patient, memoised per patient. A complement is the
     * negated answer of its operand ({@code P ⊑ ¬C} exactly when {@code P ⊓ C} is unsatisfiable), and
     * a definition asked as an expression is its class's answer ({@code C ≡ D}).
     */
    private Truth question(Patient patient, OWLClassExpression e) {
        Truth t = patient.memo.get(e);
        if (t == null) {
            OWLClass named;
            if (e instanceof OWLObjectComplementOf n) t = negate(question(patient, n.getOperand()));
            else if ((named = definedBy.get(e)) != null) t = question(patient, named);
            else t = evaluate(compile(e), patient);
            patient.memo.put(e, t);
        }
        return t;
    }

    private static Truth negate(Truth t) { return t == Truth.PROVEN ? Truth.REFUTED : t == Truth.REFUTED ? Truth.PROVEN : Truth.UNKNOWN; }

    /** What a worker's HermiT can say about the current patient. */
    interface HermitView {
        /** Is the patient's record, restricted to these fields, together with every given literal, satisfiable? */
        boolean satisfiable(int[] fields, List<OWLClassExpression> literals);
    }

    /**
     * What one patient's questions share: its cells, each component's packed cells, and each atom's
     * answer, so a question asks the shared cache only about atoms no earlier question of this
     * patient touched.
     */
    private static final class Patient {
        final int[] cells;
        final HermitView hermit;
        final Map<OWLClassExpression, Truth> memo = new HashMap<>(512);  // a patient's questions number in the hundreds: no rehashing
        final IdentityHashMap<int[], long[]> packed = new IdentityHashMap<>();
        Truth[] atoms = new Truth[64];

        Patient(int[] cells, HermitView hermit) {
            this.cells = cells;
            this.hermit = hermit;
        }

        long[] packed(int[] fields) { return packed.computeIfAbsent(fields, f -> pack(cells, f)); }
    }

    private Truth evaluate(Compiled c, Patient patient) {
        HermitView hermit = patient.hermit;
        int[] cells = patient.cells;
        if (c.top != null) {
            // the formula over its named sub-questions first, each answered (and memoised) on its own:
            // sound read three-valued, and exact when all that stays open is one of them
            Truth[] v = new Truth[c.nodes.size()];
            Truth quick = lazyKleene(c.top, v, c.nodes, patient);
            if (quick != Truth.UNKNOWN) return quick;
            int sole = soleOpen(c.top, v);
            if (sole != 0) return sole > 0 ? v[sole - 1] : negate(v[-sole - 1]);
        }
        // each atom on its own first: when the formula is settled by the settled atoms alone (Kleene's
        // three-valued reading, which is sound for every combination), no joint question is needed
        Truth[] single = new Truth[c.atoms.size()];
        for (int b = 0; b < c.blocks.size(); b++) {
            int[] atoms = c.blocks.get(b), ids = c.blockAtomIds.get(b), fields = c.blockFields.get(b);
            for (int i = 0; i < atoms.length; i++) single[atoms[i]] = atomTruth(patient, ids[i], c.atoms.get(atoms[i]), fields, hermit);
        }
        Truth quick = kleene(c.formula, single);
        if (quick != Truth.UNKNOWN) return quick;
        // what is left once the settled atoms are read: on every model of the record the formula and
        // its residual agree, so only the residual's open atoms need joint values
        // (made afresh: under broad rules the patterns of the atoms' answers are too many to keep one per pattern)
        Residual r = residual(c, single);
        // the possible truth vectors of each block's residual atoms (bit i = atom i of r.blocks[b]),
        // then the combinations, block by block, stopping wherever the blocks assigned so far settle it
        List<int[]> possible = new ArrayList<>();
        for (int b = 0; b < r.blocks.size(); b++) {
            int[] v = vectors(c, r, b, patient, hermit);
            if (v == null) return whole(whole(c, single), cells, hermit);
            possible.add(v);
        }
        boolean[] sawTrue = {false}, sawFalse = {false};
        int[] budget = {MAX_COMBINATIONS};
        if (!enumerate(c.formula, r, possible, 0, single, sawTrue, sawFalse, budget)) return whole(whole(c, single), cells, hermit);
        if (sawTrue[0] && !sawFalse[0]) return Truth.PROVEN;
        if (sawFalse[0] && !sawTrue[0]) return Truth.REFUTED;
        if (!sawTrue[0]) throw new IllegalStateException("no possible combination for a consistent patient");
        return Truth.UNKNOWN;
    }

    /**
     * A question's formula with its settled atoms read: what remains open for one pattern of the
     * atoms' own answers. Atoms keep the question's indexes; only open atoms occur.
     */
    private static final class Residual {
        final List<int[]> blocks;        // per block with residual atoms: those atoms (question indexes)
        final List<int[]> blockFields;
        final List<int[]> blockAtomIds;
        /** Per block: the cells coarsened to the thresholds its joint tests can see (made on first use). */
        final int[][][] blockTables;
        Residual(List<int[]> blocks, List<int[]> blockFields, List<int[]> blockAtomIds) {
            this.blocks = blocks;
            this.blockFields = blockFields;
            this.blockAtomIds = blockAtomIds;
            this.blockTables = new int[blocks.size()][][];
        }
    }

    /** A residual as one expression: its symbol (the fallback's key), the fields it reads closed under links, their coarse cells. */
    private record Whole(OWLClassExpression expression, int id, int[] fields, int[][] tables) {}

    private Residual residual(Compiled c, Truth[] single) {
        boolean[] used = new boolean[c.atoms.size()];
        markOpen(c.formula, single, used);
        List<int[]> blocks = new ArrayList<>(), fields = new ArrayList<>(), ids = new ArrayList<>();
        for (int b = 0; b < c.blocks.size(); b++) {
            int[] atoms = c.blocks.get(b), atomIds = c.blockAtomIds.get(b);
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < atoms.length; i++) if (used[atoms[i]]) keep.add(i);
            if (keep.isEmpty()) continue;
            blocks.add(keep.stream().mapToInt(i -> atoms[i]).toArray());
            ids.add(keep.stream().mapToInt(i -> atomIds[i]).toArray());
            fields.add(c.blockFields.get(b));
        }
        return new Residual(blocks, fields, ids);
    }

    private int[][] blockTables(Compiled c, Residual r, int b) {
        int[][] t = r.blockTables[b];
        if (t == null) {
            // shared by every residual (of any question) that asks these atoms jointly
            t = jointTables.computeIfAbsent(new Cells(Arrays.stream(r.blockAtomIds.get(b)).asLongStream().toArray()), k -> {
                List<OWLClassExpression> literals = new ArrayList<>();
                for (int a : r.blocks.get(b)) literals.add(c.atoms.get(a));
                return coarsening(literals, r.blockFields.get(b));
            });
            r.blockTables[b] = t;  // the same content on every thread
        }
        return t;
    }

    /** Numbers as a key. */
    private record Cells(long[] values) {
        @Override
        public boolean equals(Object o) { return o instanceof Cells k && Arrays.equals(k.values, values); }

        @Override
        public int hashCode() { return Arrays.hashCode(values); }
    }

    /** The residual as one question, for the fallback (rendering it is costly, and rarely needed). */
    private Whole whole(Compiled c, Truth[] single) {
        return c.wholes.computeIfAbsent(simplify(c.formula, single), f -> {
            OWLClassExpression e = build(f, c.atoms);
            int[] fields = relevance.relevantFields(e);
            return new Whole(e, symbol(render(e)), fields, coarsening(List.of(e), fields));
        });
    }

    /** The formula with settled atoms read as constants and dropped; the formula must be open under them. */
    private static F simplify(F f, Truth[] v) {
        if (f instanceof Atom) return f;
        if (f instanceof Not n) return new Not(simplify(n.op(), v));
        boolean and = f instanceof And;
        List<F> ops = new ArrayList<>();
        for (F o : and ? ((And) f).ops() : ((Or) f).ops()) {
            Truth t = kleene(o, v);
            if (t == Truth.UNKNOWN) ops.add(simplify(o, v));
            // a settled operand is neutral here: an absorbing one would have settled the formula
        }
        if (ops.size() == 1) return ops.get(0);
        return and ? new And(ops) : new Or(ops);
    }

    /**
     * Marks the atoms of the residual ({@link #simplify}) without making it: the atoms under the
     * operands that stay open. {@code f} must be open under {@code v}.
     */
    private static void markOpen(F f, Truth[] v, boolean[] used) {
        if (f instanceof Atom a) used[a.index()] = true;
        else if (f instanceof Not n) markOpen(n.op(), v, used);
        else for (F o : f instanceof And a ? a.ops() : ((Or) f).ops()) if (kleene(o, v) == Truth.UNKNOWN) markOpen(o, v, used);
    }

    /**
     * When the residual of an open formula is one atom, its index + 1, or -(index + 1) for its
     * complement; else 0. As {@link #simplify} would find, without making the residual.
     */
    private static int soleOpen(F f, Truth[] v) {
        if (f instanceof Atom a) return a.index() + 1;
        if (f instanceof Not n) return -soleOpen(n.op(), v);
        F open = null;
        for (F o : f instanceof And a ? a.ops() : ((Or) f).ops()) {
            if (kleene(o, v) != Truth.UNKNOWN) continue;
            if (open != null) return 0;
            open = o;
        }
        return soleOpen(open, v);
    }

    /**
     * Assigns the blocks' possible vectors one block at a time; the formula is read three-valued
     * after each, so a branch ends as soon as it is settled whatever the later blocks are. False when
     * the budget of branches runs out. The question's own formula is read, its settled atoms keeping
     * their values in {@code current}: it agrees with the residual on every assignment, and the open
     * atoms outside the residual occur only under operands already settled (Kleene's reading is monotone).
     */
    private boolean enumerate(F formula, Residual c, List<int[]> possible, int b, Truth[] current, boolean[] sawTrue, boolean[] sawFalse, int[] budget) {
        if (sawTrue[0] && sawFalse[0]) return true;
        if (--budget[0] < 0) return false;
        Truth t = kleene(formula, current);
        if (t == Truth.PROVEN) {
            sawTrue[0] = true;
            return true;
        }
        if (t == Truth.REFUTED) {
            sawFalse[0] = true;
            return true;
        }
        if (b == possible.size()) throw new IllegalStateException("every atom is assigned but the formula is open");
        int[] atoms = c.blocks.get(b);
        Truth[] saved = new Truth[atoms.length];
        for (int i = 0; i < atoms.length; i++) saved[i] = current[atoms[i]];
        for (int v : possible.get(b)) {
            for (int i = 0; i < atoms.length; i++) current[atoms[i]] = (v >> i & 1) == 1 ? Truth.PROVEN : Truth.REFUTED;
            boolean ok = enumerate(formula, c, possible, b + 1, current, sawTrue, sawFalse, budget);
            if (!ok) return false;
            if (sawTrue[0] && sawFalse[0]) break;
        }
        for (int i = 0; i < atoms.length; i++) current[atoms[i]] = saved[i];
        return true;
    }

    /** One atom's answer for this patient: from the patient's memo, else the shared cache, else HermiT. */
    private Truth atomTruth(Patient patient, int id, OWLClassExpression atom, int[] fields, HermitView hermit) {
        if (id >= patient.atoms.length) patient.atoms = Arrays.copyOf(patient.atoms, Math.max(id + 1, 2 * patient.atoms.length));
        Truth t = patient.atoms[id];
        if (t == null) t = patient.atoms[id] = atomTruth(id, atom, fields, pack(patient.cells, fields, coarsening(id, atom, fields)), hermit);
        return t;
    }

    /**
     * Per field of an atom's component, its cells among the thresholds that the atom's test can see:
     * those of the atom (unfolded) and of the constraints. A test is the record's facts on the
     * component, the constraints and the atom; two values that agree on every comparison with the
     * numbers stated there satisfy the same data ranges of that test (the argument of
     * {@link Relevance}, applied to the one test), so the atom's answer depends on these cells only.
     */
    private int[][] coarsening(int id, OWLClassExpression atom, int[] fields) {
        int[][] c = coarse.get(id);
        if (c == null) {
            c = coarsening(List.of(atom), fields);
            coarse.putIfAbsent(id, c);
        }
        return c;
    }

    /**
     * Per field, its cells among the thresholds a test of these literals sees: those of the
     * constraints and of the literals unfolded (null where that is all of the field's thresholds).
     */
    private int[][] coarsening(List<OWLClassExpression> literals, int[] fields) {
        Map<String, Set<BigDecimal>> own = new HashMap<>();
        for (OWLClassExpression l : literals) relevance.values(constraints.unfold(l)).forEach((f, v) -> own.computeIfAbsent(f, k -> new HashSet<>()).addAll(v));
        int[][] out = new int[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            Set<BigDecimal> keep = new HashSet<>(constraintValues.getOrDefault(relevance.fieldName(fields[i]), Set.of()));
            keep.addAll(own.getOrDefault(relevance.fieldName(fields[i]), Set.of()));
            out[i] = relevance.coarsening(fields[i], keep);
        }
        return out;
    }

    /**
     * Kleene's reading with the nodes' answers asked only as needed: an absorbing operand ends a
     * conjunction or disjunction. An open result has asked every node it depends on.
     */
    private Truth lazyKleene(F f, Truth[] v, List<OWLClassExpression> nodes, Patient patient) {
        if (f instanceof Atom a) {
            Truth t = v[a.index()];
            if (t == null) t = v[a.index()] = question(patient, nodes.get(a.index()));
            return t;
        }
        if (f instanceof Not n) return negate(lazyKleene(n.op(), v, nodes, patient));
        boolean and = f instanceof And;
        Truth absorbing = and ? Truth.REFUTED : Truth.PROVEN;
        boolean open = false;
        for (F o : and ? ((And) f).ops() : ((Or) f).ops()) {
            Truth t = lazyKleene(o, v, nodes, patient);
            if (t == absorbing) return absorbing;
            if (t == Truth.UNKNOWN) open = true;
        }
        return open ? Truth.UNKNOWN : and ? Truth.PROVEN : Truth.REFUTED;
    }

    private static Truth kleene(F f, Truth[] v) {
        if (f instanceof Atom a) return v[a.index()];
        if (f instanceof Not n) {
            Truth t = kleene(n.op(), v);
            return t == Truth.PROVEN ? Truth.REFUTED : t == Truth.REFUTED ? Truth.PROVEN : Truth.UNKNOWN;
        }
        boolean and = f instanceof And;
        Truth absorbing = and ? Truth.REFUTED : Truth.PROVEN;
        boolean open = false;
        for (F o : and ? ((And) f).ops() : ((Or) f).ops()) {
            Truth t = kleene(o, v);
            if (t == absorbing) return absorbing;
            if (t == Truth.UNKNOWN) open = true;
        }
        return open ? Truth.UNKNOWN : and ? Truth.PROVEN : Truth.REFUTED;
    }


    /**
     * The truth vectors block {@code b}'s residual atoms can take for this record (all of them are
     * open on their own). With two or more, their joint range is asked, and cached under the atoms
     * and the cells of their component (shared by every question and residual using them): the
     * projection of the block's possible vectors onto these atoms, exactly.
     */
    private int[] vectors(Compiled c, Residual r, int b, Patient patient, HermitView hermit) {
        int[] fields = r.blockFields.get(b);
        int[] atoms = r.blocks.get(b);
        int[] ids = r.blockAtomIds.get(b);
        int n = atoms.length;
        if (n > 30) return null;  // truth vectors are int bit sets: ask the whole question
        if (n == 1) return new int[] {0, 1};  // one open atom: each of its values is possible on its own
        Key k = new Key(ids, pack(patient.cells, fields, blockTables(c, r, b)));
        Object cached = cache.get(k);
        if (cached != null) {
            hits.increment();
            int[] joint = (int[]) cached;
            return joint.length == 0 ? null : joint;  // empty: an earlier search ran out of budget on these cells
        }
        List<OWLClassExpression> open = new ArrayList<>();
        for (int i = 0; i < n; i++) open.add(c.atoms.get(atoms[i]));
        List<Integer> out = new ArrayList<>();
        int[] budget = {MAX_JOINT_TESTS};
        if (!extend(open, 0, 0, new ArrayList<>(), fields, hermit, out, budget)) {
            // Remembered, or every later patient with these cells would spend the whole budget again before
            // falling back (a consistent record always has at least one joint value, so empty is free to mean this).
            learn(k, OUT_OF_BUDGET);
            return null;
        }
        int[] joint = out.stream().mapToInt(Integer::intValue).toArray();
        learn(k, joint);
        return joint;
    }

    /**
     * The possible joint values of the open atoms, by depth-first search: a partial assignment is
     * extended only while HermiT finds it satisfiable, so atoms over one field's thresholds (which
     * allow few combinations) cost few tests. A satisfiable node has a satisfiable child, so when the
     * first child is unsatisfiable the second needs no test; the first atom is open, so neither of its
     * values needs one. False when the budget runs out.
     */
    private boolean extend(List<OWLClassExpression> open, int j, int value, List<OWLClassExpression> literals, int[] fields,
                           HermitView hermit, List<Integer> out, int[] budget) {
        if (j == open.size()) {
            out.add(value);
            return true;
        }
        OWLClassExpression a = open.get(j);
        boolean firstSatisfiable = false;
        for (int bit = 0; bit <= 1; bit++) {
            literals.add(bit == 1 ? a : df.getOWLObjectComplementOf(a));
            boolean sat;
            if (j == 0 || bit == 1 && !firstSatisfiable) {
                // the first atom is open on its own (the residual keeps only open atoms): both its values are possible
                sat = true;
            } else {
                if (--budget[0] < 0) return false;
                misses.increment();
                sat = OracleStats.sat(OracleStats.JOINT, () -> hermit.satisfiable(fields, literals));
            }
            if (bit == 0) firstSatisfiable = sat;
            if (sat && !extend(open, j + 1, value | bit << j, literals, fields, hermit, out, budget)) return false;
            literals.remove(literals.size() - 1);
        }
        return true;
    }

    /** One atom's answer for this record's cells on its component: from the cache, else two HermiT tests. */
    private Truth atomTruth(int id, OWLClassExpression atom, int[] fields, long[] packed, HermitView hermit) {
        Key k = new Key(new int[] {-3, id}, packed);
        Object cached = cache.get(k);
        if (cached != null) {
            hits.increment();
            return (Truth) cached;
        }
        misses.increment();
        boolean canBeFalse = OracleStats.sat(OracleStats.ATOM, () -> hermit.satisfiable(fields, List.of(df.getOWLObjectComplementOf(atom))));
        boolean canBeTrue = true;
        if (canBeFalse) {
            misses.increment();
            canBeTrue = OracleStats.sat(OracleStats.ATOM, () -> hermit.satisfiable(fields, List.of(atom)));
        }
        Truth t = !canBeFalse ? Truth.PROVEN : !canBeTrue ? Truth.REFUTED : Truth.UNKNOWN;
        learn(k, t);
        return t;
    }

    /**
     * Fallback for residuals with too many combinations: the residual asked whole, keyed by its
     * rendering and the cells of the fields it reads (on the record's models it agrees with the
     * question, so its answer is the question's; and it reads only the components still open).
     */
    private Truth whole(Whole r, int[] cells, HermitView hermit) {
        Key k = new Key(new int[] {-1, r.id()}, pack(cells, r.fields(), r.tables()));
        Object cached = cache.get(k);
        if (cached != null) {
            hits.increment();
            return (Truth) cached;
        }
        misses.increment();
        boolean canBeTrue = OracleStats.sat(OracleStats.WHOLE, () -> hermit.satisfiable(r.fields(), List.of(r.expression())));
        misses.increment();
        boolean canBeFalse = OracleStats.sat(OracleStats.WHOLE, () -> hermit.satisfiable(r.fields(), List.of(df.getOWLObjectComplementOf(r.expression()))));
        Truth t = !canBeFalse ? Truth.PROVEN : !canBeTrue ? Truth.REFUTED : Truth.UNKNOWN;
        learn(k, t);
        return t;
    }

    private OWLClassExpression build(F f, List<OWLClassExpression> atoms) {
        if (f instanceof Atom a) return atoms.get(a.index());
        if (f instanceof Not n) return df.getOWLObjectComplementOf(build(n.op(), atoms));
        if (f instanceof And a) return df.getOWLObjectIntersectionOf(a.ops().stream().map(o -> build(o, atoms)).toList());
        return df.getOWLObjectUnionOf(((Or) f).ops().stream().map(o -> build(o, atoms)).toList());
    }

    /** Consistency, component by component: cached like any other answer. */
    boolean consistent(int[] cells, List<int[]> components, Predicate<int[]> satisfiable) {
        for (int[] comp : components) {
            int[][] tables = consistencyTables.computeIfAbsent(comp[0], f -> coarsening(List.of(), comp));
            Key k = new Key(new int[] {-2, comp[0]}, pack(cells, comp, tables));
            Object t = cache.get(k);
            if (t == null) {
                misses.increment();
                t = OracleStats.sat(OracleStats.CONSISTENT, () -> satisfiable.test(comp));
                learn(k, t);
            } else {
                hits.increment();
            }
            if (!(Boolean) t) return false;
        }
        return true;
    }

    /** The cells at the given field indexes, each mapped by its table where there is one, 8 bits each. */
    private static long[] pack(int[] cells, int[] fields, int[][] tables) {
        long[] out = new long[(fields.length + 7) / 8];
        for (int i = 0; i < fields.length; i++) {
            int v = tables[i] == null ? cells[fields[i]] : tables[i][cells[fields[i]]];
            out[i / 8] |= ((long) (v & 0xFF)) << (8 * (i % 8));
        }
        return out;
    }

    /** The cells at the given field indexes, 8 bits each. */
    private static long[] pack(int[] cells, int[] fields) {
        long[] out = new long[(fields.length + 7) / 8];
        for (int i = 0; i < fields.length; i++) out[i / 8] |= ((long) (cells[fields[i]] & 0xFF)) << (8 * (i % 8));
        return out;
    }

    /** For reports: the fields of each block of a question (to see what its answers depend on). */
    List<Set<String>> blocksOf(OWLClassExpression e) {
        Compiled c = compile(e);
        List<Set<String>> out = new ArrayList<>();
        for (int[] f : c.blockFields) {
            Set<String> s = new TreeSet<>();
            for (int i : f) s.add(relevance.fieldName(i));
            out.add(s);
        }
        return out;
    }
}
