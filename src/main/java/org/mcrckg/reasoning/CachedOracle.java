package org.mcrckg.reasoning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 *   <li>each atom's own answer (proven, refuted, open), memoised per patient and cached under the
 *       atom and its component's cells;</li>
 *   <li>the formula read three-valued (Kleene) over those answers: sound, since a formula true (or
 *       false) whatever the open atoms are is true (or false) for every possible combination;</li>
 *   <li>only when that leaves it open, the joint values of each block's open atoms, found by a
 *       depth-first search that extends a partial assignment only while HermiT finds it satisfiable,
 *       and the combinations enumerated;</li>
 *   <li>when a block has too many open atoms or the combinations are too many, the whole question,
 *       cached under every field it reads (rare: the benchmark counts it).</li>
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
    static final String VERSION = "cached-oracle/3";

    /** Above this many branches of the combination search the whole question is asked of HermiT instead. */
    private static final int MAX_COMBINATIONS = 1 << 14;
    /** Above this many HermiT tests for the joint values of one block's open atoms, the whole question is asked instead. */
    private static final int MAX_JOINT_TESTS = 256;
    /** The cached joint values of a block whose search ran past {@link #MAX_JOINT_TESTS}. */
    private static final int[] OUT_OF_BUDGET = new int[0];

    private final Relevance relevance;
    private final OWLDataFactory df;
    private final KnowledgeBase kb;
    private final Map<OWLClassExpression, Compiled> compiled = new ConcurrentHashMap<>();
    private final Map<OWLClassExpression, Integer> atomIds = new ConcurrentHashMap<>();
    /**
     * Atoms and questions are numbered by their rendering, so entries read from disk (which name
     * them by rendering) and entries of this process share keys.
     */
    private final Map<String, Integer> symbolIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> symbolNames = new ConcurrentHashMap<>();
    private final Map<Key, Object> cache = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong(), misses = new AtomicLong();
    /** Entries learned (from HermiT) since the last save. */
    private final AtomicLong learned = new AtomicLong();
    /** Entries read from disk at start. */
    private final AtomicLong read = new AtomicLong();
    private final PersistentCache disk;

    private final Constraints constraints;

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
    public long hits() { return hits.get(); }

    public long misses() { return misses.get(); }

    public int size() { return cache.size(); }

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
        final int id;                      // the question's symbol, for the fallback's key
        final F formula;
        final List<OWLClassExpression> atoms;
        final List<int[]> blocks;          // atom indexes per block
        final List<int[]> blockFields;     // the fields each block's answer depends on
        final List<int[]> blockAtomIds;    // global atom ids, for cache keys
        final int[] wholeFields;           // for the fallback: the whole question asked at once

        Compiled(int id, F formula, List<OWLClassExpression> atoms, List<int[]> blocks, List<int[]> blockFields, List<int[]> blockAtomIds,
                 int[] wholeFields) {
            this.id = id;
            this.formula = formula;
            this.atoms = atoms;
            this.blocks = blocks;
            this.blockFields = blockFields;
            this.blockAtomIds = blockAtomIds;
            this.wholeFields = wholeFields;
        }
    }

    private Compiled compile(OWLClassExpression e) {
        return compiled.computeIfAbsent(e, this::doCompile);
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
        return new Compiled(symbol(render(e)), f, atoms, blocks, fields, ids, relevance.relevantFields(e));
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
        Map<OWLClassExpression, Truth> memo = new HashMap<>();
        Patient patient = new Patient(cells);
        return new MembershipOracle() {
            @Override
            public boolean proven(OWLClassExpression c) { return truth(c) == Truth.PROVEN; }

            @Override
            public boolean refuted(OWLClassExpression c) { return truth(c) == Truth.REFUTED; }

            Truth truth(OWLClassExpression e) {
                Truth t = memo.get(e);
                if (t == null) {
                    t = evaluate(compile(e), patient, direct);
                    memo.put(e, t);
                }
                return t;
            }
        };
    }

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
        final IdentityHashMap<int[], long[]> packed = new IdentityHashMap<>();
        Truth[] atoms = new Truth[64];

        Patient(int[] cells) { this.cells = cells; }

        long[] packed(int[] fields) { return packed.computeIfAbsent(fields, f -> pack(cells, f)); }
    }

    private Truth evaluate(Compiled c, Patient patient, HermitView hermit) {
        int[] cells = patient.cells;
        // each atom on its own first: when the formula is settled by the settled atoms alone (Kleene's
        // three-valued reading, which is sound for every combination), no joint question is needed
        Truth[] single = new Truth[c.atoms.size()];
        for (int b = 0; b < c.blocks.size(); b++) {
            int[] atoms = c.blocks.get(b), ids = c.blockAtomIds.get(b), fields = c.blockFields.get(b);
            for (int i = 0; i < atoms.length; i++) single[atoms[i]] = atomTruth(patient, ids[i], c.atoms.get(atoms[i]), fields, hermit);
        }
        Truth quick = kleene(c.formula, single);
        if (quick != Truth.UNKNOWN) return quick;
        // the possible truth vectors of each block (bit i = atom i of the block is true), then the
        // combinations, block by block, stopping wherever the blocks assigned so far settle the formula
        List<int[]> possible = new ArrayList<>();
        for (int b = 0; b < c.blocks.size(); b++) {
            int[] v = vectors(c, b, patient, hermit);
            if (v == null) return whole(c, cells, hermit);
            possible.add(v);
        }
        boolean[] sawTrue = {false}, sawFalse = {false};
        int[] budget = {MAX_COMBINATIONS};
        if (!enumerate(c, possible, 0, single, sawTrue, sawFalse, budget)) return whole(c, cells, hermit);
        if (sawTrue[0] && !sawFalse[0]) return Truth.PROVEN;
        if (sawFalse[0] && !sawTrue[0]) return Truth.REFUTED;
        if (!sawTrue[0]) throw new IllegalStateException("no possible combination for a consistent patient");
        return Truth.UNKNOWN;
    }

    /**
     * Assigns the blocks' possible vectors one block at a time; the formula is read three-valued
     * after each, so a branch ends as soon as it is settled whatever the later blocks are. False when
     * the budget of branches runs out.
     */
    private boolean enumerate(Compiled c, List<int[]> possible, int b, Truth[] current, boolean[] sawTrue, boolean[] sawFalse, int[] budget) {
        if (sawTrue[0] && sawFalse[0]) return true;
        if (--budget[0] < 0) return false;
        Truth t = kleene(c.formula, current);
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
            boolean ok = enumerate(c, possible, b + 1, current, sawTrue, sawFalse, budget);
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
        if (t == null) t = patient.atoms[id] = atomTruth(id, atom, fields, patient.packed(fields), hermit);
        return t;
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
     * The truth vectors block {@code b}'s atoms can take for this record. Each atom's own answer is
     * cached under the atom and the cells of its component (shared by every question using it);
     * only when two or more atoms of the block are open is their joint range asked, and cached.
     */
    private int[] vectors(Compiled c, int b, Patient patient, HermitView hermit) {
        int[] fields = c.blockFields.get(b);
        int[] atoms = c.blocks.get(b);
        int[] ids = c.blockAtomIds.get(b);
        long[] packed = patient.packed(fields);
        int n = atoms.length;
        if (n > 30) return null;  // truth vectors are int bit sets: ask the whole question
        int fixedMask = 0, fixedValue = 0;
        for (int i = 0; i < n; i++) {
            Truth t = atomTruth(patient, ids[i], c.atoms.get(atoms[i]), fields, hermit);
            if (t != Truth.UNKNOWN) {
                fixedMask |= 1 << i;
                if (t == Truth.PROVEN) fixedValue |= 1 << i;
            }
        }
        int free = ~fixedMask & ((1 << n) - 1);
        if (Integer.bitCount(free) <= 1) {
            // at most one open atom: each of its values is possible on its own
            return free == 0 ? new int[] {fixedValue} : new int[] {fixedValue, fixedValue | free};
        }
        int[] openIds = new int[Integer.bitCount(free)];
        for (int i = 0, j = 0; i < n; i++) if ((free >> i & 1) == 1) openIds[j++] = ids[i];
        Key k = new Key(openIds, packed);
        Object cached = cache.get(k);
        int[] joint;  // possible values of the open atoms, bit j = j-th open atom
        if (cached != null) {
            hits.incrementAndGet();
            joint = (int[]) cached;
            if (joint.length == 0) return null;  // an earlier search ran out of budget on these cells: ask the whole question
        } else {
            List<OWLClassExpression> open = new ArrayList<>();
            for (int i = 0; i < n; i++) if ((free >> i & 1) == 1) open.add(c.atoms.get(atoms[i]));
            List<Integer> out = new ArrayList<>();
            int[] budget = {MAX_JOINT_TESTS};
            if (!extend(open, 0, 0, new ArrayList<>(), fields, hermit, out, budget)) {
                // Remembered, or every later patient with these cells would spend the whole budget again before
                // falling back (a consistent record always has at least one joint value, so empty is free to mean this).
                learn(k, OUT_OF_BUDGET);
                return null;
            }
            joint = out.stream().mapToInt(Integer::intValue).toArray();
            learn(k, joint);
        }
        int[] result = new int[joint.length];
        for (int r = 0; r < joint.length; r++) {
            int v = fixedValue;
            for (int i = 0, j = 0; i < n; i++) {
                if ((free >> i & 1) == 0) continue;
                if ((joint[r] >> j & 1) == 1) v |= 1 << i;
                j++;
            }
            result[r] = v;
        }
        return result;
    }

    /**
     * The possible joint values of the open atoms, by depth-first search: a partial assignment is
     * extended only while HermiT finds it satisfiable, so atoms over one field's thresholds (which
     * allow few combinations) cost few tests. A satisfiable node has a satisfiable child, so when the
     * first child is unsatisfiable the second needs no test. False when the budget runs out.
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
            if (bit == 1 && !firstSatisfiable) {
                sat = true;
            } else {
                if (--budget[0] < 0) return false;
                misses.incrementAndGet();
                sat = hermit.satisfiable(fields, literals);
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
            hits.incrementAndGet();
            return (Truth) cached;
        }
        misses.incrementAndGet();
        boolean canBeFalse = hermit.satisfiable(fields, List.of(df.getOWLObjectComplementOf(atom)));
        boolean canBeTrue = true;
        if (canBeFalse) {
            misses.incrementAndGet();
            canBeTrue = hermit.satisfiable(fields, List.of(atom));
        }
        Truth t = !canBeFalse ? Truth.PROVEN : !canBeTrue ? Truth.REFUTED : Truth.UNKNOWN;
        learn(k, t);
        return t;
    }

    /** Fallback for questions with too many combinations: the whole expression, keyed by all its fields. */
    private Truth whole(Compiled c, int[] cells, HermitView hermit) {
        Key k = new Key(new int[] {-1, c.id}, pack(cells, c.wholeFields));
        Object cached = cache.get(k);
        if (cached != null) {
            hits.incrementAndGet();
            return (Truth) cached;
        }
        OWLClassExpression e = rebuild(c);
        misses.incrementAndGet();
        boolean canBeTrue = hermit.satisfiable(c.wholeFields, List.of(e));
        misses.incrementAndGet();
        boolean canBeFalse = hermit.satisfiable(c.wholeFields, List.of(df.getOWLObjectComplementOf(e)));
        Truth t = !canBeFalse ? Truth.PROVEN : !canBeTrue ? Truth.REFUTED : Truth.UNKNOWN;
        learn(k, t);
        return t;
    }

    private OWLClassExpression rebuild(Compiled c) { return build(c.formula, c.atoms); }

    private OWLClassExpression build(F f, List<OWLClassExpression> atoms) {
        if (f instanceof Atom a) return atoms.get(a.index());
        if (f instanceof Not n) return df.getOWLObjectComplementOf(build(n.op(), atoms));
        if (f instanceof And a) return df.getOWLObjectIntersectionOf(a.ops().stream().map(o -> build(o, atoms)).toList());
        return df.getOWLObjectUnionOf(((Or) f).ops().stream().map(o -> build(o, atoms)).toList());
    }

    /** Consistency, component by component: cached like any other answer. */
    boolean consistent(int[] cells, List<int[]> components, Predicate<int[]> satisfiable) {
        for (int[] comp : components) {
            Key k = new Key(new int[] {-2, comp[0]}, pack(cells, comp));
            Object t = cache.get(k);
            if (t == null) {
                misses.incrementAndGet();
                t = satisfiable.test(comp);
                learn(k, t);
            } else {
                hits.incrementAndGet();
            }
            if (!(Boolean) t) return false;
        }
        return true;
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
