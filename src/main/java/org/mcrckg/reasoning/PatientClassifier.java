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
import org.mcrckg.patient.owl.PatientAbox;
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
 * The default engine: one HermiT reasoner per worker over the whole ontology, created once, and
 * every patient asked about as a class expression.
 *
 * <p><b>Why this is exact.</b> A patient is a fresh individual whose only facts are values of
 * functional data properties. For such an individual {@code a} with facts {@code P(a)}, where
 * {@code P} is the conjunction of {@code Patient} and one {@code DataHasValue} per known field,
 * {@code O ∪ {P(a)} ⊨ C(a)} holds exactly when {@code O ⊨ P ⊑ C}: a model of {@code O} with an
 * element in {@code P} and outside {@code C} becomes a counter-model once {@code a} names that
 * element, and back. So {@code C} is proven when {@code P ⊓ ¬C} is unsatisfiable, refuted when
 * {@code P ⊓ C} is, and the record is inconsistent when {@code P} is. HermiT decides every test
 * and nothing is re-loaded per patient; {@link ReferenceClassifier} (the patient as an individual,
 * a fresh reasoner each time) gives the same answers, as the tests check.
 *
 * <p>Not thread-safe: each worker thread owns one classifier, which owns its own OWL API manager,
 * ontology and reasoner (sharing them between threads gave wrong answers and deadlocks in a
 * prototype). The {@link KnowledgeBase} is shared read-only. The answers are built from the
 * memberships by {@link AnswerBuilder}, the same for every engine.
 */
public final class PatientClassifier implements Classifier {
    private final KnowledgeBase kb;
    private final OWLDataFactory df;
    private final OWLReasoner reasoner;
    private final OWLClass patientClass;
    private final List<OWLClass> materialised;
    private final CachedOracle cache;
    private final AnswerBuilder.Memo memo = new AnswerBuilder.Memo();
    /**
     * With a cache: a second reasoner over the field constraints only, for the small cached tests;
     * made on first use (with a warm persistent cache a worker may never need one).
     */
    private OWLReasoner constraintsReasoner;

    /** A classifier that asks HermiT every question (no cache). */
    public PatientClassifier(KnowledgeBase kb) { this(kb, null); }

    /**
     * A classifier that answers from {@code cache} where an earlier patient with the same relevant
     * cells was answered, and asks HermiT otherwise; {@code null} asks HermiT every time.
     */
    public PatientClassifier(KnowledgeBase kb, CachedOracle cache) {
        this.kb = kb;
        this.cache = cache;
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        this.df = manager.getOWLDataFactory();
        // with the cache every question goes to the small constraints reasoner; the whole ontology
        // is only checked for consistency, once for all workers and in the background (see CachedOracle)
        this.reasoner = cache == null ? HermitReasoners.wholeOntologyReasoner(kb, manager) : null;
        this.patientClass = df.getOWLClass(IRI.create(Vocabulary.PATIENT));
        this.materialised = AnswerBuilder.definedClasses(kb, df);
    }

    private OWLReasoner constraintsReasoner() {
        if (constraintsReasoner == null) {
            try {
                constraintsReasoner = HermitReasoners.create(OWLManager.createOWLOntologyManager().createOntology(cache.constraintAxioms()));
            } catch (OWLOntologyCreationException e) {
                throw new OntologyException("ontology#unreadable", "cannot copy the constraints: " + e.getMessage(), e);
            }
        }
        return constraintsReasoner;
    }

    /**
     * The record's facts as class expressions, made on first use: with the cache most patients need
     * no HermiT test, and making OWL objects is the costly part of a cache hit.
     */
    private final class Facts {
        private final PatientRecord record;
        private Map<String, OWLClassExpression> all;

        Facts(PatientRecord record) { this.record = record; }

        Map<String, OWLClassExpression> all() {
            if (all == null) all = facts(record);
            return all;
        }

        OWLClassExpression get(String field) { return all().get(field); }
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

    @Override
    public PatientAnswer classify(PatientRecord record, Materialisation materialisation) {
        if (cache != null) cache.requireConsistentOntology();
        Facts facts = new Facts(record);
        int[] cells = cache == null ? null : cache.relevance().cells(record);
        if (!consistent(record, facts, cells)) {
            return AnswerBuilder.inconsistent(record, AnswerBuilder.explainInconsistency(record, fields -> {
                if (cache == null) return reasoner.isSatisfiable(conjunction(fields.stream().map(facts::get).collect(Collectors.toList())));
                // the record without some facts: those fields' cells become "missing", and the cache answers as for any record
                int[] part = cells.clone();
                for (int i = 0; i < part.length; i++) if (!fields.contains(cache.relevance().fieldName(i))) part[i] = 0;
                return consistent(cache.relevance().components(fields), facts, part);
            }));
        }
        return new AnswerBuilder(kb, df, materialised, record, oracle(facts, cells), memo).answer(materialisation);
    }

    @Override
    public Truth truth(PatientRecord record, String classIri) {
        if (cache != null) cache.requireConsistentOntology();
        Facts facts = new Facts(record);
        int[] cells = cache == null ? null : cache.relevance().cells(record);
        if (!consistent(record, facts, cells)) throw new IllegalArgumentException("record " + record.id() + " contradicts the ontology");
        return new AnswerBuilder(kb, df, materialised, record, oracle(facts, cells), memo).truth(classIri);
    }

    private boolean consistent(PatientRecord record, Facts facts, int[] cells) {
        if (cache == null) return reasoner.isSatisfiable(conjunction(facts.all().values()));
        return consistent(cache.relevance().components(record), facts, cells);
    }

    /** Consistency of the facts whose cells are not "missing", component by component, through the cache. */
    private boolean consistent(List<int[]> components, Facts facts, int[] cells) {
        return cache.consistent(cells, components, comp -> {
            List<OWLClassExpression> part = new ArrayList<>();
            for (int i : comp) {
                OWLClassExpression f = facts.get(cache.relevance().fieldName(i));
                if (f != null && cells[i] != 0) part.add(f);
            }
            return constraintsReasoner().isSatisfiable(conjunction(part));
        });
    }

    private MembershipOracle oracle(Facts facts, int[] cells) {
        MembershipOracle direct = new MembershipOracle() {
            private OWLClassExpression p;

            private OWLClassExpression p() {
                if (p == null) p = conjunction(facts.all().values());
                return p;
            }

            /** P ⊑ C, decided by HermiT as the unsatisfiability of P ⊓ ¬C. */
            @Override
            public boolean proven(OWLClassExpression c) {
                return !reasoner.isSatisfiable(df.getOWLObjectIntersectionOf(p(), df.getOWLObjectComplementOf(c)));
            }

            @Override
            public boolean refuted(OWLClassExpression c) {
                return !reasoner.isSatisfiable(df.getOWLObjectIntersectionOf(p(), c));
            }
        };
        return cache == null ? direct : cache.forPatient(cells, (fields, literals) -> {
            // the record restricted to the fields, with the literals (unfolded): satisfiable?
            List<OWLClassExpression> part = new ArrayList<>();
            for (OWLClassExpression l : literals) part.add(cache.unfold(l));
            for (int i : fields) {
                OWLClassExpression f = facts.get(cache.relevance().fieldName(i));
                if (f != null) part.add(f);
            }
            return constraintsReasoner().isSatisfiable(conjunction(part));
        });
    }

    @Override
    public void close() {
        if (reasoner != null) reasoner.dispose();
        if (constraintsReasoner != null) constraintsReasoner.dispose();
    }
}
