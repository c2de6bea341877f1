package org.mcrckg.reasoning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.ontology.OntologyException;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.ontology.Rule;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.PatientAbox;
import org.mcrckg.patient.PatientRecord;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLNamedIndividual;
import org.semanticweb.owlapi.model.OWLNaryBooleanClassExpression;
import org.semanticweb.owlapi.model.OWLObjectComplementOf;
import org.semanticweb.owlapi.model.OWLObjectIntersectionOf;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * Classifies patients with HermiT and turns the entailments into the contract's three-valued
 * answers.
 *
 * <p><b>How patients are reasoned about.</b> A patient is a fresh individual whose only facts are
 * values of functional data properties. For such an individual {@code a} with facts {@code P(a)},
 * where {@code P} is the conjunction of {@code Patient} and one {@code DataHasValue} per known
 * field, {@code T ∪ {P(a)} ⊨ C(a)} holds exactly when {@code T ⊨ P ⊑ C}: a model of {@code T}
 * with an element in {@code P} and outside {@code C} is a counter-model for {@code a}, and back.
 * So one HermiT reasoner over the TBox, created once per worker, answers every patient by
 * satisfiability tests: {@code C} is proven when {@code P ⊓ ¬C} is unsatisfiable, refuted when
 * {@code P ⊓ C} is, and the record is inconsistent when {@code P} itself is. HermiT decides every
 * test; nothing is re-loaded or re-classified per patient.
 *
 * <p>Not thread-safe: each worker thread owns one classifier, which owns its own OWL API manager,
 * ontology and reasoner (sharing them between threads gave wrong answers and deadlocks in a
 * prototype). The {@link KnowledgeBase} is shared read-only.
 *
 * <p>The status of a procedure is computed the same way for every procedure, from the rules the
 * ontology attaches to it; nothing here knows what any rule means:
 * <ol>
 *   <li>proven outside the procedure's {@code applicableWhen} class: {@code not_applicable};</li>
 *   <li>otherwise, walking the statuses in the contract's precedence (not_recommended, recommended,
 *       consider), the first status with an entailed rule wins, provided every rule of higher
 *       precedence is refuted; if one is undecided, the answer is {@code undetermined} with that
 *       status as {@code provisional};</li>
 *   <li>no rule entailed, every indication refuted: {@code not_recommended};</li>
 *   <li>otherwise {@code undetermined}; {@code missing} lists the absent fields that occur, under
 *       an undecided part, in the definitions of the undecided rules.</li>
 * </ol>
 */
public final class PatientClassifier implements AutoCloseable {
    static boolean MATERIALISE = !Boolean.getBoolean("mcrc.nomat");
    private static final List<Status> PRECEDENCE = List.of(Status.NOT_RECOMMENDED, Status.RECOMMENDED, Status.CONSIDER);

    private final KnowledgeBase kb;
    private final CompiledTBox compiled;
    private final OWLDataFactory df;
    private final OWLReasoner reasoner;
    private final OWLClass patientClass;
    private final List<OWLClass> materialised;

    public PatientClassifier(KnowledgeBase kb) { this(kb, CompiledTBox.compile(kb)); }

    /** A classifier over an already compiled TBox (compile once, share between workers: it is immutable). */
    public PatientClassifier(KnowledgeBase kb, CompiledTBox compiled) {
        this.kb = kb;
        this.compiled = compiled;
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        this.df = manager.getOWLDataFactory();
        OWLOntology tbox;
        try {
            tbox = manager.createOntology(compiled.axioms());
        } catch (OWLOntologyCreationException e) {
            throw new OntologyException("ontology#unreadable", "cannot copy the TBox: " + e.getMessage(), e);
        }
        this.reasoner = HermitReasoners.create(tbox);
        if (!reasoner.isConsistent()) {
            throw new OntologyException("ontology#inconsistent", "the ontology is inconsistent: no patient can be classified");
        }
        this.patientClass = df.getOWLClass(IRI.create(Vocabulary.PATIENT));
        this.materialised = kb.definitions().keySet().stream().sorted().map(df::getOWLClass).collect(Collectors.toList());
    }

    /**
     * Every logical axiom of the TBox except assertions about the ontology's own individuals
     * (evidence statements, sites): the reference the tests compare the compiled TBox against.
     */
    static Set<OWLAxiom> reasoningAxioms(KnowledgeBase kb) {
        Set<OWLAxiom> axioms = new HashSet<>();
        kb.owlOntology().axioms().forEach(ax -> {
            if (ax.isLogicalAxiom() && !ax.isOfType(AxiomType.ABoxAxiomTypes)) axioms.add(ax.getAxiomWithoutAnnotations());
            else if (ax.getAxiomType() == AxiomType.DECLARATION) axioms.add(ax);
        });
        return axioms;
    }

    /** The record as a class expression: Patient and one DataHasValue per known field, in field order. */
    private Map<String, OWLClassExpression> facts(PatientRecord record) {
        Map<String, OWLClassExpression> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : record.values().entrySet()) {
            Field f = kb.fields().get(e.getKey());
            out.put(e.getKey(), df.getOWLDataHasValue(df.getOWLDataProperty(IRI.create(f.iri())), PatientAbox.literal(f, e.getValue(), df)));
        }
        return out;
    }

    private OWLClassExpression conjunction(Collection<OWLClassExpression> facts) {
        Set<OWLClassExpression> all = new HashSet<>(facts);
        all.add(patientClass);
        return all.size() == 1 ? patientClass : df.getOWLObjectIntersectionOf(all);
    }

    public PatientAnswer classify(PatientRecord record) {
        Map<String, OWLClassExpression> facts = facts(record);
        OWLClassExpression p = conjunction(facts.values());
        if (!reasoner.isSatisfiable(p)) {
            return new PatientAnswer(record.id(), false, explainInconsistency(record, facts), List.of(), List.of(), List.of());
        }
        return new Session(p, record).answer();
    }

    /**
     * A minimal set of the patient's facts that contradicts the ontology, found by deletion: drop a
     * fact, and keep it dropped while the rest is still unsatisfiable.
     */
    private List<String> explainInconsistency(PatientRecord record, Map<String, OWLClassExpression> facts) {
        Map<String, OWLClassExpression> core = new LinkedHashMap<>(facts);
        for (String field : facts.keySet()) {
            Map<String, OWLClassExpression> without = new LinkedHashMap<>(core);
            without.remove(field);
            if (!reasoner.isSatisfiable(conjunction(without.values()))) core = without;
        }
        List<String> out = new ArrayList<>();
        for (String field : core.keySet()) {
            out.add(field + " = " + record.values().get(field) + (record.closedFields().contains(field) ? " (from staging_complete = true)" : ""));
        }
        if (out.isEmpty()) out.add("every patient contradicts the ontology");
        return out;
    }

    @Override
    public void close() { reasoner.dispose(); }

    /** The entailment checks for one patient, cached by class expression. */
    private final class Session {
        private final OWLClassExpression p;
        private final PatientRecord record;
        private final Map<OWLClassExpression, Truth> cache = new HashMap<>();
        private final Map<OWLClassExpression, Boolean> proven = new HashMap<>();

        Session(OWLClassExpression p, PatientRecord record) {
            this.p = p;
            this.record = record;
        }

        /** P ⊑ C, decided by HermiT as the unsatisfiability of P ⊓ ¬C. */
        boolean proven(OWLClassExpression c) {
            Truth known = cache.get(c);
            if (known != null) return known == Truth.PROVEN;
            return proven.computeIfAbsent(c, k -> !reasoner.isSatisfiable(df.getOWLObjectIntersectionOf(p, df.getOWLObjectComplementOf(compiled.unfold(k)))));
        }

        Truth truth(OWLClassExpression c) {
            Truth t = cache.get(c);
            if (t == null) {
                if (proven(c)) t = Truth.PROVEN;
                else if (!reasoner.isSatisfiable(df.getOWLObjectIntersectionOf(p, compiled.unfold(c)))) t = Truth.REFUTED;
                else t = Truth.UNKNOWN;
                cache.put(c, t);
            }
            return t;
        }

        Truth truth(String classIri) { return truth(df.getOWLClass(IRI.create(classIri))); }

        PatientAnswer answer() {
            List<TreatmentAnswer> treatments = new ArrayList<>();
            for (Procedure p : kb.procedures()) treatments.add(answer(p));
            Set<String> tags = new TreeSet<>();
            kb.tagClasses().forEach((iri, tag) -> { if (truth(iri) == Truth.PROVEN) tags.add(tag); });
            List<String> entailed = new ArrayList<>();
            if (MATERIALISE) for (OWLClass c : materialised) if (proven(c)) entailed.add(c.getIRI().toString());
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
            List<String> open = new ArrayList<>();   // undecided rules of higher precedence
            for (Status level : PRECEDENCE) {
                List<Rule> atLevel = byStatus.getOrDefault(level, List.of());
                List<Rule> entailed = atLevel.stream().filter(r -> truth(r.iri()) == Truth.PROVEN).collect(Collectors.toList());
                if (!entailed.isEmpty()) {
                    if (open.isEmpty()) return decided(p, level, entailed, Basis.RULE_ENTAILED);
                    return undetermined(p, missing(open), Optional.of(level), Basis.HIGHER_PRECEDENCE_UNDECIDED);
                }
                atLevel.stream().filter(r -> truth(r.iri()) == Truth.UNKNOWN).forEach(r -> open.add(r.iri()));
            }
            List<Rule> indications = rules.stream().filter(r -> r.status().get() != Status.NOT_RECOMMENDED).collect(Collectors.toList());
            if (!indications.isEmpty() && indications.stream().allMatch(r -> truth(r.iri()) == Truth.REFUTED)) {
                return decided(p, Status.NOT_RECOMMENDED, indications, Basis.NO_INDICATION_MET);
            }
            return undetermined(p, missing(open), Optional.empty(), Basis.RULES_UNDECIDED);
        }

        private TreatmentAnswer decided(Procedure p, Status status, List<Rule> fired, Basis basis) {
            Set<String> ids = new TreeSet<>();
            Set<String> evidence = new TreeSet<>();
            for (Rule r : fired) {
                ids.add(r.id());
                evidence.addAll(r.evidenceIds());
                if (basis == Basis.RULE_ENTAILED) {
                    for (Rule support : supporting(IRI.create(r.iri()), new HashSet<>())) {
                        ids.add(support.id());
                        evidence.addAll(support.evidenceIds());
                    }
                }
            }
            return new TreatmentAnswer(p.key(), status, new ArrayList<>(ids), new ArrayList<>(evidence), List.of(), Optional.empty(), basis);
        }

        private TreatmentAnswer undetermined(Procedure p, List<String> missing, Optional<Status> provisional, Basis basis) {
            return new TreatmentAnswer(p.key(), Status.UNDETERMINED, List.of(), List.of(), missing, provisional, basis);
        }

        /**
         * The rules (with ids) that an entailed rule builds on: the named classes in the
         * conjunctive spine of its definition. Each of them is entailed whenever the rule is.
         */
        private List<Rule> supporting(IRI cls, Set<IRI> seen) {
            List<Rule> out = new ArrayList<>();
            if (!seen.add(cls)) return out;
            kb.definition(cls).ifPresent(def -> {
                for (OWLClassExpression conj : def.asConjunctSet()) {
                    if (conj.isNamed()) {
                        IRI i = conj.asOWLClass().getIRI();
                        kb.ruleByIri(i.toString()).filter(r -> r.status().isEmpty()).ifPresent(out::add);
                        out.addAll(supporting(i, seen));
                    }
                }
            });
            return out;
        }

        /** The absent record fields under the undecided parts of the given classes, sorted. */
        List<String> missing(List<String> classIris) {
            Set<String> out = new TreeSet<>();
            for (String c : classIris) collectMissing(df.getOWLClass(IRI.create(c)), out, new HashSet<>());
            return new ArrayList<>(out);
        }

        private void collectMissing(OWLClassExpression e, Set<String> out, Set<OWLClassExpression> seen) {
            if (truth(e) != Truth.UNKNOWN || !seen.add(e)) return;
            if (e.isNamed()) {
                kb.definition(e.asOWLClass().getIRI()).ifPresent(d -> collectMissing(d, out, seen));
            } else if (e instanceof OWLObjectIntersectionOf || e instanceof org.semanticweb.owlapi.model.OWLObjectUnionOf) {
                ((OWLNaryBooleanClassExpression) e).operands().forEach(o -> collectMissing(o, out, seen));
            } else if (e instanceof OWLObjectComplementOf c) {
                collectMissing(c.getOperand(), out, seen);
            } else {
                // a restriction: the fields it reads that the record lacks
                e.dataPropertiesInSignature().forEach(dp -> kb.fieldOfProperty(dp.getIRI().toString())
                        .filter(f -> !record.isKnown(f)).ifPresent(out::add));
                e.classesInSignature().forEach(c -> collectMissing(c, out, seen));
            }
        }
    }
}
