package org.mcrckg.reasoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mcrckg.ontology.KnowledgeBase;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLObjectComplementOf;
import org.semanticweb.owlapi.model.OWLObjectIntersectionOf;
import org.semanticweb.owlapi.model.OWLObjectUnionOf;

/**
 * Exact caching of HermiT's answers across patients. Shared by all workers (thread-safe); each
 * patient gets a {@link #forPatient view} that asks HermiT, through that worker's own reasoner,
 * only what no earlier patient with the same relevant cells has asked.
 *
 * <p>How an expression is answered:
 * <ul>
 *   <li>a named class: through its definition;</li>
 *   <li>a complement: the operand's answer, flipped;</li>
 *   <li>an intersection (a union likewise): the operands are grouped so that groups read disjoint
 *       linked components ({@link Relevance}); a single operand is answered recursively, a group of
 *       several is asked of HermiT as one expression. {@code P ⊑ A ⊓ B} holds exactly when both
 *       hold; {@code P ⊑ ¬(A ⊓ B)} holds exactly when one group is refuted, because groups over
 *       disjoint components can be satisfied together (the argument of {@link Relevance});</li>
 *   <li>anything else (a data restriction, a group): asked of HermiT, and cached under the
 *       expression and the patient's cells on the expression's relevant fields.</li>
 * </ul>
 * Only HermiT's answers are cached, under keys of a few cells, so the cache stays small and most
 * patients are answered from it. Tests compare every answer with the uncached engines.
 */
public final class CachedOracle {
    private final Relevance relevance;
    private final OWLDataFactory df;
    private final KnowledgeBase kb;
    private final Map<OWLClassExpression, Plan> plans = new ConcurrentHashMap<>();
    private final Map<Key, Truth> cache = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong(), misses = new AtomicLong();

    public CachedOracle(KnowledgeBase kb, OWLDataFactory df) {
        this.kb = kb;
        this.df = df;
        this.relevance = new Relevance(kb);
    }

    public Relevance relevance() { return relevance; }

    /** HermiT calls saved and made so far. */
    public long hits() { return hits.get(); }

    public long misses() { return misses.get(); }

    public int size() { return cache.size(); }

    private record Key(int plan, long[] cells) {
        @Override
        public boolean equals(Object o) { return o instanceof Key k && k.plan == plan && Arrays.equals(k.cells, cells); }

        @Override
        public int hashCode() { return 31 * plan + Arrays.hashCode(cells); }
    }

    private enum Kind { NAMED, NOT, AND, OR, ASK }

    /** How one expression is answered; computed once, shared. */
    private static final class Plan {
        final int id;
        final Kind kind;
        final OWLClassExpression expression;
        final List<OWLClassExpression> parts;   // NAMED: the definition; NOT: the operand; AND/OR: groups
        final int[] relevant;                   // ASK: the fields the answer depends on

        Plan(int id, Kind kind, OWLClassExpression e, List<OWLClassExpression> parts, int[] relevant) {
            this.id = id;
            this.kind = kind;
            this.expression = e;
            this.parts = parts;
            this.relevant = relevant;
        }
    }

    private Plan plan(OWLClassExpression e) {
        Plan p = plans.get(e);
        if (p != null) return p;
        synchronized (plans) {
            p = plans.get(e);
            if (p == null) {
                p = makePlan(e, plans.size());
                plans.put(e, p);
            }
            return p;
        }
    }

    private Plan makePlan(OWLClassExpression e, int id) {
        if (e instanceof OWLClass c && kb.definition(c.getIRI()).isPresent()) {
            return new Plan(id, Kind.NAMED, e, List.of(kb.definition(c.getIRI()).get()), null);
        }
        if (e instanceof OWLObjectComplementOf n) return new Plan(id, Kind.NOT, e, List.of(n.getOperand()), null);
        boolean and = e instanceof OWLObjectIntersectionOf;
        if (and || e instanceof OWLObjectUnionOf) {
            List<OWLClassExpression> ops = (and ? ((OWLObjectIntersectionOf) e).operands() : ((OWLObjectUnionOf) e).operands()).collect(java.util.stream.Collectors.toList());
            List<OWLClassExpression> groups = group(ops, and);
            if (groups.size() > 1) return new Plan(id, and ? Kind.AND : Kind.OR, e, groups, null);
        }
        return new Plan(id, Kind.ASK, e, List.of(), relevance.relevantFields(e));
    }

    /** Operands merged while they read a common linked component (union-find over operands). */
    private List<OWLClassExpression> group(List<OWLClassExpression> ops, boolean and) {
        List<Set<Integer>> comps = new ArrayList<>();
        for (OWLClassExpression o : ops) comps.add(relevance.componentsRead(o));
        int[] parent = new int[ops.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (int i = 0; i < ops.size(); i++) {
            for (int j = i + 1; j < ops.size(); j++) {
                Set<Integer> x = new HashSet<>(comps.get(i));
                x.retainAll(comps.get(j));
                if (!x.isEmpty()) parent[root(parent, i)] = root(parent, j);
            }
        }
        Map<Integer, List<OWLClassExpression>> byRoot = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) byRoot.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(ops.get(i));
        List<OWLClassExpression> out = new ArrayList<>();
        for (List<OWLClassExpression> g : byRoot.values()) {
            if (g.size() == 1) out.add(g.get(0));
            else out.add(and ? df.getOWLObjectIntersectionOf(g) : df.getOWLObjectUnionOf(g));
        }
        return out;
    }

    private static int root(int[] p, int i) {
        while (p[i] != i) i = p[i] = p[p[i]];
        return i;
    }

    /** A view for one consistent patient: {@code direct} asks the worker's HermiT about that patient. */
    MembershipOracle forPatient(int[] cells, MembershipOracle direct) {
        Map<OWLClassExpression, Truth> memo = new HashMap<>();
        return new MembershipOracle() {
            @Override
            public boolean proven(OWLClassExpression c) { return truth(c) == Truth.PROVEN; }

            @Override
            public boolean refuted(OWLClassExpression c) { return truth(c) == Truth.REFUTED; }

            Truth truth(OWLClassExpression e) {
                Truth t = memo.get(e);
                if (t != null) return t;
                Plan p = plan(e);
                t = switch (p.kind) {
                    case NAMED -> truth(p.parts.get(0));
                    case NOT -> flip(truth(p.parts.get(0)));
                    case AND -> {
                        boolean allProven = true;
                        Truth r = null;
                        for (OWLClassExpression g : p.parts) {
                            Truth x = truth(g);
                            if (x == Truth.REFUTED) { r = Truth.REFUTED; break; }
                            if (x != Truth.PROVEN) allProven = false;
                        }
                        yield r != null ? r : allProven ? Truth.PROVEN : Truth.UNKNOWN;
                    }
                    case OR -> {
                        boolean allRefuted = true;
                        Truth r = null;
                        for (OWLClassExpression g : p.parts) {
                            Truth x = truth(g);
                            if (x == Truth.PROVEN) { r = Truth.PROVEN; break; }
                            if (x != Truth.REFUTED) allRefuted = false;
                        }
                        yield r != null ? r : allRefuted ? Truth.REFUTED : Truth.UNKNOWN;
                    }
                    case ASK -> ask(p, cells, direct);
                };
                memo.put(e, t);
                return t;
            }
        };
    }

    private Truth ask(Plan p, int[] cells, MembershipOracle direct) {
        Key k = new Key(p.id, pack(cells, p.relevant));
        Truth t = cache.get(k);
        if (t != null) {
            hits.incrementAndGet();
            return t;
        }
        misses.incrementAndGet();
        t = direct.proven(p.expression) ? Truth.PROVEN : direct.refuted(p.expression) ? Truth.REFUTED : Truth.UNKNOWN;
        cache.put(k, t);
        return t;
    }

    /** Consistency, component by component: cached like any other answer. */
    boolean consistent(int[] cells, List<int[]> components, java.util.function.Predicate<int[]> satisfiable) {
        for (int[] comp : components) {
            Key k = new Key(-1 - comp[0], pack(cells, comp));
            Truth t = cache.get(k);
            if (t == null) {
                misses.incrementAndGet();
                t = satisfiable.test(comp) ? Truth.PROVEN : Truth.REFUTED;
                cache.put(k, t);
            } else {
                hits.incrementAndGet();
            }
            if (t == Truth.REFUTED) return false;
        }
        return true;
    }

    private static Truth flip(Truth t) {
        return t == Truth.PROVEN ? Truth.REFUTED : t == Truth.REFUTED ? Truth.PROVEN : Truth.UNKNOWN;
    }

    /** The cells at the given field indexes, 8 bits each. */
    private static long[] pack(int[] cells, int[] fields) {
        long[] out = new long[(fields.length + 7) / 8];
        for (int i = 0; i < fields.length; i++) out[i / 8] |= ((long) (cells[fields[i]] & 0xFF)) << (8 * (i % 8));
        return out;
    }
}
