package org.mcrckg.explain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Evidence;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.ontology.Rule;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.reasoning.Relevance;
import org.mcrckg.reasoning.Truth;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;

/**
 * Explains answers with HermiT as a black box. Entailment is monotone in the facts, so a minimal
 * set of facts that still proves a class is found by deletion: drop a fact, keep it dropped while
 * HermiT still proves the class from the rest. Further justifications come from Reiter's
 * hitting-set tree (remove one fact of each justification found and search again). The search
 * starts from the fields the class can depend on at all ({@link Relevance}), which saves most of
 * the HermiT calls and changes nothing: the other facts cannot matter.
 *
 * <p>What would settle an undetermined answer is found the same way, forwards: add each
 * representative value of a missing field (one per threshold cell) and classify again. A set of
 * fields settles the answer when every combination of their values that is not contradictory gives
 * a determined status.
 *
 * <p>Thread-safe if the functions it is given are (the facade gives it thread-local classifiers).
 */
public final class Explainer {
    private final KnowledgeBase kb;
    private final Relevance relevance;
    private final Function<PatientRecord, PatientAnswer> classifier;
    private final BiFunction<PatientRecord, String, Truth> truth;
    private final OWLDataFactory df;
    private final Comparisons comparisons;

    public Explainer(KnowledgeBase kb, Function<PatientRecord, PatientAnswer> classifier, BiFunction<PatientRecord, String, Truth> truth) {
        this.kb = kb;
        this.relevance = new Relevance(kb);
        this.classifier = classifier;
        this.truth = truth;
        this.df = kb.owl().ontology().getOWLOntologyManager().getOWLDataFactory();
        this.comparisons = new Comparisons(kb);
    }

    /**
     * Explains the answers of one record: every procedure, or the one {@code procedureKey} names.
     *
     * @throws ExplainException {@code explain#unknown-procedure} when the key is not a procedure of the ontology
     */
    public PatientExplanation explain(PatientRecord record, Optional<String> procedureKey, ExplainOptions options) {
        procedureKey.ifPresent(k -> {
            if (kb.procedure(k).isEmpty()) {
                throw new ExplainException("explain#unknown-procedure", "no procedure '" + k + "'; procedures: "
                        + String.join(", ", kb.procedures().stream().map(Procedure::key).toList()));
            }
        });
        PatientAnswer answer = classifier.apply(record);
        if (!answer.consistent()) return new PatientExplanation(answer, List.of(), List.of(), true);
        // only the answers asked about: their missing fields are the candidates, and the ranking counts them
        Set<String> asked = new LinkedHashSet<>();
        for (TreatmentAnswer t : answer.treatments()) {
            if (t.status() == Status.UNDETERMINED && procedureKey.map(t.procedure()::equals).orElse(true)) asked.add(t.procedure());
        }
        Settling settling = new Settling(record, answer, asked);
        Budget rankBudget = new Budget(options);
        List<FieldRank> ranking = settling.ranking(rankBudget);
        List<TreatmentExplanation> out = new ArrayList<>();
        boolean complete = !rankBudget.cut;
        for (TreatmentAnswer t : answer.treatments()) {
            if (procedureKey.isPresent() && !procedureKey.get().equals(t.procedure())) continue;
            // one answer asked for: one budget for it and its ranking, so --timeout bounds the whole call
            TreatmentExplanation e = explain(record, t, settling, options, procedureKey.isPresent() ? rankBudget : new Budget(options));
            complete &= e.complete();
            out.add(e);
        }
        return new PatientExplanation(answer, out, ranking, complete);
    }

    private TreatmentExplanation explain(PatientRecord record, TreatmentAnswer t, Settling settling, ExplainOptions options, Budget budget) {
        Procedure p = kb.procedure(t.procedure()).orElseThrow();
        List<Reason> reasons = new ArrayList<>();
        switch (t.basis()) {
            case DISEASE_ABSENT -> reasons.add(reason(Role.NOT_APPLICABLE, p.applicableWhen(), Optional.empty(), record, Truth.REFUTED, budget, options, List.of()));
            case RULE_ENTAILED -> {
                for (Rule r : kb.rulesFor(p)) {
                    if (r.status().orElseThrow() == t.status() && t.rules().contains(r.id())) {
                        reasons.add(reason(Role.FIRED, r.iri(), Optional.of(r), record, Truth.PROVEN, budget, options, List.of()));
                    }
                }
                undecidedAgainst(record, p, t, reasons);
            }
            case NO_INDICATION_MET -> {
                for (Rule r : kb.rulesFor(p)) {
                    if (r.status().orElseThrow().indication()) {
                        reasons.add(reason(Role.RULED_OUT, r.iri(), Optional.of(r), record, Truth.REFUTED, budget, options, List.of()));
                    }
                }
                undecidedAgainst(record, p, t, reasons);
            }
            case APPLICABILITY_UNKNOWN -> reasons.add(new Reason(Role.UNDECIDED, p.applicableWhen(), Optional.empty(), kb.label(p.applicableWhen()),
                    List.of(), undecidedMissing(p.applicableWhen(), t), List.of()));
            case HIGHER_PRECEDENCE_UNDECIDED, RULES_UNDECIDED -> {
                for (Rule r : kb.rulesFor(p)) {
                    Truth tr = truth.apply(record, r.iri());
                    if (tr == Truth.UNKNOWN) {
                        reasons.add(new Reason(Role.UNDECIDED, r.iri(), Optional.of(r.id()), r.label(), List.of(), undecidedMissing(r.iri(), t), List.of()));
                    } else if (tr == Truth.PROVEN && t.provisional().equals(r.status())) {
                        reasons.add(reason(Role.FIRED, r.iri(), Optional.of(r), record, Truth.PROVEN, budget, options, List.of()));
                    }
                }
            }
            case NO_RULE -> { }
        }
        List<List<String>> settledBy = t.status() == Status.UNDETERMINED ? settling.settlingSets(t, options.maxSettlingSize(), budget) : List.of();
        return new TreatmentExplanation(t, reasons, settledBy, !budget.cut);
    }

    /**
     * A not_indicated answer may stand while a rule against the procedure is undecided (either way it
     * is not offered now): that rule is named, with the missing fields that would tell the two apart.
     */
    private void undecidedAgainst(PatientRecord record, Procedure p, TreatmentAnswer t, List<Reason> reasons) {
        if (t.status() != Status.NOT_INDICATED || t.missing().isEmpty()) return;
        for (Rule r : kb.rulesFor(p)) {
            if (r.status().orElseThrow() == Status.NOT_RECOMMENDED && truth.apply(record, r.iri()) == Truth.UNKNOWN) {
                reasons.add(new Reason(Role.UNDECIDED, r.iri(), Optional.of(r.id()), r.label(), List.of(), undecidedMissing(r.iri(), t), List.of()));
            }
        }
    }

    private Reason reason(Role role, String classIri, Optional<Rule> rule, PatientRecord record, Truth target, Budget budget,
                          ExplainOptions options, List<String> missing) {
        List<Justification> js = new ArrayList<>();
        for (Set<String> fields : justify(record, classIri, target, options.maxJustifications(), budget)) {
            List<Fact> facts = new ArrayList<>();
            for (String f : new TreeSet<>(fields)) facts.add(new Fact(f, record.values().get(f), record.closedFields().contains(f)));
            js.add(new Justification(facts, comparisons.describe(IRI.create(classIri), facts, target)));
        }
        List<EvidenceRef> evidence = rule.map(r -> evidence(r, role == Role.FIRED)).orElse(List.of());
        return new Reason(role, classIri, rule.map(Rule::id), rule.map(Rule::label).orElse(kb.label(classIri)), js, missing, evidence);
    }

    /** The rule's evidence and, for a fired rule, that of the defining rules (with ids, without status) it builds on. */
    private List<EvidenceRef> evidence(Rule rule, boolean withSupport) {
        Set<String> ids = new TreeSet<>(rule.evidenceIds());
        if (withSupport) {
            for (Rule s : kb.supportingRules(rule.iri())) ids.addAll(s.evidenceIds());
        }
        List<EvidenceRef> out = new ArrayList<>();
        for (String id : ids) {
            Evidence e = kb.evidence().get(id);
            if (e == null) continue;
            out.add(new EvidenceRef(e.id(), e.claim(), e.citation(), e.design(), e.level(), e.certainty(), e.pmids(), e.dois()));
        }
        return out;
    }

    /** The answer's missing fields that this class reads (following the definitions of the classes it uses). */
    private List<String> undecidedMissing(String classIri, TreatmentAnswer t) {
        Set<String> reads = new TreeSet<>();
        for (int i : relevance.relevantFields(df.getOWLClass(IRI.create(classIri)))) reads.add(relevance.fieldName(i));
        return t.missing().stream().filter(reads::contains).sorted().toList();
    }

    // ---- justifications ----

    /**
     * Up to {@code max} different minimal sets of the record's fields from which HermiT still gives
     * {@code target} for the class; first by deletion, the others by a hitting-set tree.
     */
    List<Set<String>> justify(PatientRecord record, String classIri, Truth target, int max, Budget budget) {
        Set<String> start = new TreeSet<>();
        for (int i : relevance.relevantFields(df.getOWLClass(IRI.create(classIri)))) {
            String f = relevance.fieldName(i);
            if (record.isKnown(f) && !f.equals("patient_id")) start.add(f);
        }
        if (!holds(record, start, classIri, target)) {
            // cannot happen if Relevance is right; fall back to every fact rather than explain wrongly
            start = new TreeSet<>(record.values().keySet());
            start.remove("patient_id");
        }
        List<Set<String>> found = new ArrayList<>();
        Set<String> first = shrink(record, start, classIri, target, budget);
        if (first == null) return found;
        found.add(first);
        if (max <= 1) return found;
        ArrayDeque<Set<String>> queue = new ArrayDeque<>();
        Set<Set<String>> seen = new HashSet<>();
        for (String f : first) queue.add(Set.of(f));
        while (!queue.isEmpty() && found.size() < max) {
            if (budget.expired()) return found;
            Set<String> removed = queue.poll();
            if (!seen.add(removed)) continue;
            Set<String> j = null;
            for (Set<String> k : found) if (Collections.disjoint(k, removed)) { j = k; break; }
            if (j == null) {
                Set<String> rest = new TreeSet<>(start);
                rest.removeAll(removed);
                if (!holds(record, rest, classIri, target)) continue;  // a closed branch
                j = shrink(record, rest, classIri, target, budget);
                if (j == null) return found;
                found.add(j);
            }
            for (String f : j) {
                Set<String> child = new TreeSet<>(removed);
                child.add(f);
                queue.add(child);
            }
        }
        return found;
    }

    private Set<String> shrink(PatientRecord record, Set<String> fields, String classIri, Truth target, Budget budget) {
        Set<String> core = new TreeSet<>(fields);
        for (String f : fields) {
            if (budget.expired()) return null;
            Set<String> without = new TreeSet<>(core);
            without.remove(f);
            if (holds(record, without, classIri, target)) core = without;
        }
        return core;
    }

    private boolean holds(PatientRecord record, Set<String> fields, String classIri, Truth target) {
        return truth.apply(restrict(record, fields), classIri) == target;
    }

    static PatientRecord restrict(PatientRecord r, Set<String> fields) {
        Map<String, String> values = new TreeMap<>();
        values.put("patient_id", r.values().getOrDefault("patient_id", r.id()));
        for (String f : fields) if (r.values().containsKey(f)) values.put(f, r.values().get(f));
        Set<String> closed = new HashSet<>(r.closedFields());
        closed.retainAll(values.keySet());
        return new PatientRecord(r.id(), values, closed, r.location());
    }

    static PatientRecord extend(PatientRecord r, Map<String, String> added) {
        Map<String, String> values = new TreeMap<>(r.values());
        values.putAll(added);
        return new PatientRecord(r.id(), values, r.closedFields(), r.location());
    }

    // ---- what would settle it ----

    /** Classifications of the record with missing fields filled in, shared by every answer of the patient. */
    private final class Settling {
        private final PatientRecord record;
        private final PatientAnswer answer;
        private final Map<Map<String, String>, Optional<PatientAnswer>> tried = new HashMap<>();
        // field -> procedure -> [consistent values tried, values that determine it]
        private Map<String, Map<String, int[]>> singles;

        private final Set<String> asked;

        Settling(PatientRecord record, PatientAnswer answer, Set<String> asked) {
            this.record = record;
            this.answer = answer;
            this.asked = asked;
        }

        private Set<String> undetermined() { return asked; }

        private Set<String> candidates() {
            Set<String> out = new TreeSet<>();
            for (TreatmentAnswer t : answer.treatments()) if (asked.contains(t.procedure())) out.addAll(t.missing());
            return out;
        }

        /** The answer with these values added, or empty when they contradict the ontology. */
        private Optional<PatientAnswer> with(Map<String, String> added) {
            return tried.computeIfAbsent(new TreeMap<>(added), a -> {
                PatientAnswer x = classifier.apply(extend(record, a));
                return x.consistent() ? Optional.of(x) : Optional.empty();
            });
        }

        private Map<String, Map<String, int[]>> singles(Budget budget) {
            if (singles != null) return singles;
            Map<String, Map<String, int[]>> out = new TreeMap<>();
            Set<String> open = undetermined();
            for (String f : candidates()) {
                Map<String, int[]> perProcedure = new TreeMap<>();
                for (String v : relevance.representativeValues(f)) {
                    if (budget.expired()) return out;  // a partial field is left out, not counted wrong
                    Optional<PatientAnswer> a = with(Map.of(f, v));
                    if (a.isEmpty()) continue;
                    for (String p : open) {
                        int[] c = perProcedure.computeIfAbsent(p, k -> new int[2]);
                        c[0]++;
                        if (a.get().treatment(p).orElseThrow().status() != Status.UNDETERMINED) c[1]++;
                    }
                }
                out.put(f, perProcedure);
            }
            singles = out;
            return out;
        }

        List<FieldRank> ranking(Budget budget) {
            Set<String> procedures = undetermined();
            List<FieldRank> out = new ArrayList<>();
            singles(budget).forEach((f, perProcedure) -> {
                int settles = 0, may = 0;
                for (Map.Entry<String, int[]> e : perProcedure.entrySet()) {
                    if (!procedures.contains(e.getKey())) continue;
                    int[] c = e.getValue();
                    if (c[0] > 0 && c[1] == c[0]) settles++;
                    else if (c[1] > 0) may++;
                }
                if (settles + may > 0) out.add(new FieldRank(f, settles, may));
            });
            out.sort(Comparator.comparingInt(FieldRank::settles).reversed().thenComparing(Comparator.comparingInt(FieldRank::maySettle).reversed())
                    .thenComparing(FieldRank::field));
            return out;
        }

        /** The minimal sets (up to {@code maxSize} fields) of the answer's missing fields that decide it for every value. */
        List<List<String>> settlingSets(TreatmentAnswer t, int maxSize, Budget budget) {
            List<String> fields = new ArrayList<>(new TreeSet<>(t.missing()));
            // fields that settle the answer for more of their values first: when the budget runs out, the likeliest sets were tried
            Map<String, Map<String, int[]>> one = singles == null ? Map.of() : singles;
            fields.sort(Comparator.comparingInt((String f) -> -one.getOrDefault(f, Map.of()).getOrDefault(t.procedure(), new int[2])[1]));
            List<Set<String>> found = new ArrayList<>();
            for (int size = 1; size <= Math.min(maxSize, fields.size()); size++) {
                for (List<String> set : subsets(fields, size)) {
                    if (budget.expired()) return sorted(found);
                    if (found.stream().anyMatch(set::containsAll)) continue;  // not minimal
                    Boolean s = settles(t.procedure(), set, budget);
                    if (s == null) return sorted(found);
                    if (s) found.add(new LinkedHashSet<>(set));
                }
            }
            return sorted(found);
        }

        /** Whether every non-contradictory combination of values of the fields decides the procedure; null when out of time. */
        private Boolean settles(String procedure, List<String> fields, Budget budget) {
            List<Map<String, String>> combos = new ArrayList<>();
            combos.add(new LinkedHashMap<>());
            for (String f : fields) {
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> c : combos) {
                    for (String v : relevance.representativeValues(f)) {
                        Map<String, String> m = new LinkedHashMap<>(c);
                        m.put(f, v);
                        next.add(m);
                    }
                }
                combos = next;
            }
            int consistent = 0;
            for (Map<String, String> c : combos) {
                if (budget.expired()) return null;
                Optional<PatientAnswer> a = with(c);
                if (a.isEmpty()) continue;
                consistent++;
                if (a.get().treatment(procedure).orElseThrow().status() == Status.UNDETERMINED) return false;
            }
            return consistent > 0;
        }
    }

    private static List<List<String>> subsets(List<String> items, int size) {
        List<List<String>> out = new ArrayList<>();
        subsets(items, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void subsets(List<String> items, int size, int from, List<String> current, List<List<String>> out) {
        if (current.size() == size) {
            out.add(new ArrayList<>(current));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            current.add(items.get(i));
            subsets(items, size, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }

    private static List<List<String>> sorted(List<Set<String>> sets) {
        List<List<String>> out = new ArrayList<>();
        for (Set<String> s : sets) out.add(new ArrayList<>(new TreeSet<>(s)));
        out.sort(Comparator.<List<String>>comparingInt(List::size).thenComparing(l -> String.join(",", l)));
        return out;
    }

    /** A deadline; remembers whether it was hit. */
    static final class Budget {
        private final long deadline;
        boolean cut;

        Budget(ExplainOptions o) { this.deadline = System.nanoTime() + o.timeout().toNanos(); }

        boolean expired() {
            if (System.nanoTime() > deadline) cut = true;
            return cut;
        }
    }
}
