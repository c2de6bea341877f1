package org.mcrckg.reasoning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.ontology.Rule;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.PatientRecord;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLNaryBooleanClassExpression;
import org.semanticweb.owlapi.model.OWLObjectComplementOf;
import org.semanticweb.owlapi.model.OWLObjectIntersectionOf;
import org.semanticweb.owlapi.model.OWLObjectUnionOf;

/**
 * Turns one patient's class memberships into the contract's answers. It asks a
 * {@link MembershipOracle} (HermiT, one way or another) and caches each answer; nothing here knows
 * what any rule means.
 *
 * <p>The status of a procedure:
 * <ol>
 *   <li>proven outside the procedure's {@code applicableWhen} class: {@code not_applicable};</li>
 *   <li>otherwise, walking the statuses in the contract's precedence (not_recommended, recommended,
 *       consider, not_indicated), the first status with an entailed rule wins, provided every rule of
 *       higher precedence is refuted; if one is undecided, the answer is {@code undetermined} with
 *       that status as {@code provisional};</li>
 *   <li>no rule entailed, every indication (recommended or consider rule) refuted:
 *       {@code not_indicated} ({@code basis: no_indication_met});</li>
 *   <li>otherwise {@code undetermined}; {@code missing} lists the absent fields that occur, under
 *       an undecided part, in the definitions of the undecided rules.</li>
 * </ol>
 * An undecided not_recommended rule does not hold back {@code not_indicated}: either way the
 * procedure is not offered now. The answer is then decided, and its {@code missing} lists the
 * fields of the undecided rules against it (they would tell "not indicated" from "advised against").
 */
final class AnswerBuilder {
    private static final List<Status> PRECEDENCE = Status.RULE_PRECEDENCE;

    private final KnowledgeBase kb;
    private final OWLDataFactory df;
    private final List<OWLClass> materialised;
    private final PatientRecord record;
    private final MembershipOracle oracle;

    private final Memo memo;

    /**
     * What the missing walk learns that does not depend on the patient: kept by a classifier across
     * its patients (this walk was a fifth of a cached answer's cost).
     */
    static final class Memo {
        /** A node of a rule definition as the missing walk sees it: its children, or the fields it reads and the classes it names. */
        record Node(boolean named, List<OWLClassExpression> children, List<String> fields) {}

        private final Map<OWLClassExpression, Node> nodes = new ConcurrentHashMap<>();

        /** Each materialised class's position, for the list it was made from. */
        private volatile Map.Entry<List<OWLClass>, Map<OWLClass, Integer>> positions;

        Map<OWLClass, Integer> positions(List<OWLClass> materialised) {
            Map.Entry<List<OWLClass>, Map<OWLClass, Integer>> p = positions;
            if (p == null || p.getKey() != materialised) {
                Map<OWLClass, Integer> m = new HashMap<>();
                for (int i = 0; i < materialised.size(); i++) m.putIfAbsent(materialised.get(i), i);
                positions = p = Map.entry(materialised, m);
            }
            return p.getValue();
        }
    }

    AnswerBuilder(KnowledgeBase kb, OWLDataFactory df, List<OWLClass> materialised, PatientRecord record, MembershipOracle oracle) {
        this(kb, df, materialised, record, oracle, new Memo());
    }

    AnswerBuilder(KnowledgeBase kb, OWLDataFactory df, List<OWLClass> materialised, PatientRecord record, MembershipOracle oracle, Memo memo) {
        this.memo = memo;
        this.kb = kb;
        this.df = df;
        this.materialised = materialised;
        this.record = record;
        this.oracle = oracle;
    }

    /** The defined classes of the ontology, sorted: what {@link Materialisation#ALL_DEFINED_CLASSES} reports on. */
    static List<OWLClass> definedClasses(KnowledgeBase kb, OWLDataFactory df) {
        return kb.owl().definitions().keySet().stream().sorted().map(df::getOWLClass).collect(Collectors.toList());
    }

    /** The answer for an inconsistent record. */
    static PatientAnswer inconsistent(PatientRecord record, List<String> explanation) {
        return new PatientAnswer(record.id(), false, explanation, List.of(), List.of(), List.of());
    }

    /**
     * A minimal set of the record's fields whose values together contradict the ontology, found by
     * deletion: drop a field, and keep it dropped while the rest still contradicts.
     */
    static List<String> explainInconsistency(PatientRecord record, Predicate<Set<String>> consistent) {
        Set<String> core = new LinkedHashSet<>(record.values().keySet());
        for (String field : record.values().keySet()) {
            Set<String> without = new LinkedHashSet<>(core);
            without.remove(field);
            if (!consistent.test(without)) core = without;
        }
        List<String> out = new ArrayList<>();
        for (String field : core) {
            out.add(field + " = " + record.values().get(field) + (record.closedFields().contains(field) ? " (from staging_complete = true)" : ""));
        }
        if (out.isEmpty()) out.add("every patient contradicts the ontology");
        return out;
    }

    // sized for a patient's hundreds of questions: growing them from 16 was a twentieth of a cached answer
    private final Map<OWLClassExpression, Truth> cache = new HashMap<>(512);
    private final Map<OWLClassExpression, Boolean> proven = new HashMap<>(512);
    /** The classes among {@link #cache}'s keys answered proven, in the order asked. */
    private final List<OWLClass> provenClasses = new ArrayList<>();

    boolean proven(OWLClassExpression c) {
        Truth known = cache.get(c);
        if (known != null) return known == Truth.PROVEN;
        return proven.computeIfAbsent(c, oracle::proven);
    }

    Truth truth(OWLClassExpression c) {
        Truth t = cache.get(c);
        if (t == null) {
            if (proven(c)) t = Truth.PROVEN;
            else if (oracle.refuted(c)) t = Truth.REFUTED;
            else t = Truth.UNKNOWN;
            cache.put(c, t);
            if (t == Truth.PROVEN && c instanceof OWLClass named) provenClasses.add(named);
        }
        return t;
    }

    Truth truth(String classIri) { return truth(owlClass(classIri)); }

    /**
     * Classes by IRI, made once per process: the data factory's interning cache costs more than the
     * rest of a cached answer. Class objects are immutable and equal by IRI, so sharing is safe.
     */
    private static final Map<String, OWLClass> CLASSES = new ConcurrentHashMap<>();

    private OWLClass owlClass(String iri) {
        OWLClass c = CLASSES.get(iri);
        if (c == null) {
            c = df.getOWLClass(IRI.create(iri));
            CLASSES.putIfAbsent(iri, c);
        }
        return c;
    }

    PatientAnswer answer(Materialisation materialisation) {
        List<TreatmentAnswer> treatments = new ArrayList<>();
        for (Procedure p : kb.procedures()) treatments.add(answer(p));
        Set<String> tags = new TreeSet<>();
        kb.tagClasses().forEach((iri, tag) -> { if (truth(iri) == Truth.PROVEN) tags.add(tag); });
        List<String> entailed = new ArrayList<>();
        if (materialisation == Materialisation.ALL_DEFINED_CLASSES) {
            for (OWLClass c : materialised) if (proven(c)) entailed.add(c.getIRI().toString());
        } else {
            // the proven answers among the classes materialised, in their order: read from the few proven
            // answers rather than by looking up each of the hundreds of defined classes (a fifteenth of a cached patient)
            Map<OWLClass, Integer> position = memo.positions(materialised);
            List<OWLClass> proven = new ArrayList<>();
            for (OWLClass c : provenClasses) if (position.containsKey(c)) proven.add(c);
            proven.sort(Comparator.comparingInt(position::get));
            for (OWLClass c : proven) entailed.add(c.getIRI().toString());
        }
        return new PatientAnswer(record.id(), true, List.of(), treatments, new ArrayList<>(tags), entailed);
    }

    TreatmentAnswer answer(Procedure p) {
        Truth applicable = truth(p.applicableWhen());
        if (applicable == Truth.REFUTED) {
            return new TreatmentAnswer(p.key(), Status.NOT_APPLICABLE, List.of(), List.of(), List.of(), Optional.empty(), Basis.DISEASE_ABSENT);
        }
        if (applicable == Truth.UNKNOWN) {
            return undetermined(p, missing(List.of(p.applicableWhen())), Optional.empty(), Basis.APPLICABILITY_UNKNOWN);
        }
        List<Rule> rules = kb.rulesFor(p);
        if (rules.isEmpty()) return undetermined(p, List.of(), Optional.empty(), Basis.NO_RULE);
        Map<Status, List<Rule>> byStatus = new EnumMap<>(Status.class);
        for (Rule r : rules) byStatus.computeIfAbsent(r.status().orElseThrow(), k -> new ArrayList<>()).add(r);
        List<String> open = new ArrayList<>();      // undecided rules of higher precedence
        List<String> against = new ArrayList<>();   // those of them that advise against (not_recommended)
        for (Status level : PRECEDENCE) {
            List<Rule> atLevel = byStatus.getOrDefault(level, List.of());
            List<Rule> entailed = atLevel.stream().filter(r -> truth(r.iri()) == Truth.PROVEN).collect(Collectors.toList());
            if (!entailed.isEmpty()) {
                if (open.isEmpty()) return decided(p, level, entailed, Basis.RULE_ENTAILED, List.of());
                if (level == Status.NOT_INDICATED && open.size() == against.size()) {
                    return decided(p, level, entailed, Basis.RULE_ENTAILED, missing(against));
                }
                return undetermined(p, missing(open), Optional.of(level), Basis.HIGHER_PRECEDENCE_UNDECIDED);
            }
            atLevel.stream().filter(r -> truth(r.iri()) == Truth.UNKNOWN).forEach(r -> {
                open.add(r.iri());
                if (level == Status.NOT_RECOMMENDED) against.add(r.iri());
            });
        }
        List<Rule> indications = rules.stream().filter(r -> r.status().get().indication()).collect(Collectors.toList());
        if (!indications.isEmpty() && indications.stream().allMatch(r -> truth(r.iri()) == Truth.REFUTED)) {
            return decided(p, Status.NOT_INDICATED, indications, Basis.NO_INDICATION_MET, missing(against));
        }
        return undetermined(p, missing(open), Optional.empty(), Basis.RULES_UNDECIDED);
    }

    private TreatmentAnswer decided(Procedure p, Status status, List<Rule> fired, Basis basis, List<String> missing) {
        Set<String> ids = new TreeSet<>();
        Set<String> evidence = new TreeSet<>();
        for (Rule r : fired) {
            ids.add(r.id());
            evidence.addAll(r.evidenceIds());
            if (basis == Basis.RULE_ENTAILED) {
                for (Rule support : kb.supportingRules(r.iri())) {
                    ids.add(support.id());
                    evidence.addAll(support.evidenceIds());
                }
            }
        }
        return new TreatmentAnswer(p.key(), status, new ArrayList<>(ids), new ArrayList<>(evidence), missing, Optional.empty(), basis);
    }

    private TreatmentAnswer undetermined(Procedure p, List<String> missing, Optional<Status> provisional, Basis basis) {
        return new TreatmentAnswer(p.key(), Status.UNDETERMINED, List.of(), List.of(), missing, provisional, basis);
    }

    /** The absent record fields under the undecided parts of the given classes, sorted. */
    List<String> missing(List<String> classIris) {
        Set<String> out = new TreeSet<>();
        for (String c : classIris) collectMissing(owlClass(c), out, new HashSet<>());
        return new ArrayList<>(out);
    }

    private void collectMissing(OWLClassExpression e, Set<String> out, Set<OWLClassExpression> seen) {
        if (truth(e) != Truth.UNKNOWN || !seen.add(e)) return;
        Memo.Node node = memo.nodes.get(e);  // computeIfAbsent locks its bin even when the key is there
        if (node == null) node = memo.nodes.computeIfAbsent(e, this::node);
        // a restriction: the fields it reads that the record lacks
        for (String f : node.fields()) if (!record.isKnown(f)) out.add(f);
        for (OWLClassExpression child : node.children()) collectMissing(child, out, seen);
    }

    /** How the missing walk goes through {@code e}: into a definition, the operands, or a restriction's fields and classes. */
    private Memo.Node node(OWLClassExpression e) {
        if (e.isNamed()) {
            return new Memo.Node(true, kb.owl().definition(e.asOWLClass().getIRI()).map(List::of).orElse(List.of()), List.of());
        }
        if (e instanceof OWLObjectIntersectionOf || e instanceof OWLObjectUnionOf) {
            return new Memo.Node(false, ((OWLNaryBooleanClassExpression) e).operands().toList(), List.of());
        }
        if (e instanceof OWLObjectComplementOf c) return new Memo.Node(false, List.of(c.getOperand()), List.of());
        List<String> fields = new ArrayList<>();
        e.dataPropertiesInSignature().forEach(dp -> kb.fieldOfProperty(dp.getIRI().toString()).ifPresent(fields::add));
        return new Memo.Node(false, e.classesInSignature().map(c -> (OWLClassExpression) c).toList(), fields);
    }
}
