package org.mcrckg.reasoning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologyException;
import org.mcrckg.patient.owl.PatientAbox;
import org.mcrckg.patient.PatientRecord;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLNamedIndividual;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.reasoner.InferenceType;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * The baseline the way Protégé and ROBOT users reason: every patient of a cohort as an individual
 * of one ontology, one HermiT over all of it, one realisation. Kept to measure against and to
 * verify the fast engine; it slows down far faster than linearly as the cohort grows.
 *
 * <p>Realisation gives the named classes each patient is proven to be in. A class missing from
 * them is still confirmed by satisfiability ({@code {a} ⊓ ¬C}), because HermiT's entailment checks
 * for class assertions were seen to miss an entailment over this ontology; refutations and the
 * complex sub-expressions of the {@code missing} walk are satisfiability tests on the same
 * reasoner. One contradictory record makes the whole ABox inconsistent, so such patients are found
 * one at a time with a reasoner of their own ({@link ReferenceClassifier}) and left out.
 */
public final class NaiveClassifier implements Classifier {
    private final KnowledgeBase kb;
    private final Set<OWLAxiom> source = new HashSet<>();
    private final List<OWLClass> materialised;
    /** For one patient at a time (truth, and finding contradictory records): made once, on first use. */
    private ReferenceClassifier single;

    public NaiveClassifier(KnowledgeBase kb) {
        this.kb = kb;
        kb.owl().ontology().axioms().forEach(source::add);
        this.materialised = AnswerBuilder.definedClasses(kb, OWLManager.getOWLDataFactory());
    }

    @Override
    public PatientAnswer classify(PatientRecord record, Materialisation materialisation) {
        return classifyAll(List.of(record), materialisation).get(0);
    }

    @Override
    public Truth truth(PatientRecord record, String classIri) { return single().truth(record, classIri); }

    private ReferenceClassifier single() {
        if (single == null) single = new ReferenceClassifier(kb);
        return single;
    }

    /** Every record in one ontology and one realisation; answers in the records' order. */
    @Override
    public List<PatientAnswer> classifyAll(List<PatientRecord> records, Materialisation materialisation) {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLDataFactory df = manager.getOWLDataFactory();
        OWLOntology o;
        try {
            o = manager.createOntology(source);
        } catch (OWLOntologyCreationException e) {
            throw new OntologyException("ontology#unreadable", "cannot copy the ontology: " + e.getMessage(), e);
        }
        for (PatientRecord r : records) manager.addAxioms(o, PatientAbox.axioms(r, kb, df).values().stream());
        OWLReasoner reasoner = HermitReasoners.create(o);
        try {
            if (!reasoner.isConsistent()) return withoutContradictions(records, materialisation);
            reasoner.precomputeInferences(InferenceType.CLASS_ASSERTIONS);
            List<PatientAnswer> out = new ArrayList<>();
            for (PatientRecord r : records) {
                OWLNamedIndividual a = df.getOWLNamedIndividual(PatientAbox.iri(r.id()));
                Set<OWLClass> types = reasoner.getTypes(a, false).entities().collect(Collectors.toSet());
                OWLClassExpression self = df.getOWLObjectOneOf(a);
                MembershipOracle oracle = new MembershipOracle() {
                    @Override
                    public boolean proven(OWLClassExpression c) {
                        if (c.isNamed() && types.contains(c.asOWLClass())) return true;
                        return !reasoner.isSatisfiable(df.getOWLObjectIntersectionOf(self, df.getOWLObjectComplementOf(c)));
                    }

                    @Override
                    public boolean refuted(OWLClassExpression c) {
                        return !reasoner.isSatisfiable(df.getOWLObjectIntersectionOf(self, c));
                    }
                };
                out.add(new AnswerBuilder(kb, df, materialised, r, oracle).answer(materialisation));
            }
            return out;
        } finally {
            reasoner.dispose();
        }
    }

    private List<PatientAnswer> withoutContradictions(List<PatientRecord> records, Materialisation materialisation) {
        Map<String, PatientAnswer> contradictory = new HashMap<>();
        for (PatientRecord r : records) {
            PatientAnswer a = single().classify(r, materialisation);
            if (!a.consistent()) contradictory.put(r.id(), a);
        }
        if (contradictory.isEmpty()) throw new IllegalStateException("the cohort is inconsistent although every patient alone is consistent");
        List<PatientRecord> rest = records.stream().filter(r -> !contradictory.containsKey(r.id())).toList();
        List<PatientAnswer> restAnswers = rest.isEmpty() ? List.of() : classifyAll(rest, materialisation);
        Map<String, PatientAnswer> byId = new HashMap<>(contradictory);
        restAnswers.forEach(a -> byId.put(a.id(), a));
        return records.stream().map(r -> byId.get(r.id())).toList();
    }

    @Override
    public void close() {}
}
