package org.mcrckg.reasoning;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
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
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * The reference method, kept to verify the fast one: for each patient a fresh ontology holding
 * every axiom of the source (ABox and all, nothing unfolded or pruned) plus the patient's
 * assertions about a named individual, and a fresh HermiT over it. A membership {@code C(a)} is
 * proven when {@code {a} ⊓ ¬C} is unsatisfiable and refuted when {@code {a} ⊓ C} is (HermiT's
 * {@code isEntailed} for class assertions was seen to miss entailments over this ontology, so
 * satisfiability is asked instead). Slow: use it for checks, not cohorts.
 */
public final class ReferenceClassifier implements Classifier {
    private final KnowledgeBase kb;
    private final Set<OWLAxiom> source;
    private final List<OWLClass> materialised;

    public ReferenceClassifier(KnowledgeBase kb) {
        this.kb = kb;
        this.source = new HashSet<>();
        kb.owl().ontology().axioms().forEach(source::add);
        this.materialised = AnswerBuilder.definedClasses(kb, OWLManager.getOWLDataFactory());
        // a contradiction in the ontology itself is not the patient's: refuse, as the other engines do
        HermitReasoners.wholeOntologyReasoner(kb, OWLManager.createOWLOntologyManager()).dispose();
    }

    @Override
    public Truth truth(PatientRecord record, String classIri) {
        Truth[] out = new Truth[1];
        run(record, Materialisation.ANSWER_CLASSES, (df, builder) -> {
            out[0] = builder.truth(classIri);
            return null;
        });
        if (out[0] == null) throw new IllegalArgumentException("record " + record.id() + " contradicts the ontology");
        return out[0];
    }

    @Override
    public PatientAnswer classify(PatientRecord record, Materialisation materialisation) {
        return run(record, materialisation, (df, builder) -> builder.answer(materialisation));
    }

    private PatientAnswer run(PatientRecord record, Materialisation materialisation,
                              BiFunction<OWLDataFactory, AnswerBuilder, PatientAnswer> ask) {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLDataFactory df = manager.getOWLDataFactory();
        Map<String, OWLAxiom> facts = PatientAbox.axioms(record, kb, df);
        OWLNamedIndividual a = df.getOWLNamedIndividual(PatientAbox.iri(record.id()));
        OWLOntology o;
        try {
            o = manager.createOntology(source);
        } catch (OWLOntologyCreationException e) {
            throw new OntologyException("ontology#unreadable", "cannot copy the ontology: " + e.getMessage(), e);
        }
        manager.addAxioms(o, facts.values().stream());
        OWLReasoner r = HermitReasoners.create(o);
        try {
            if (!r.isConsistent()) {
                return AnswerBuilder.inconsistent(record, AnswerBuilder.explainInconsistency(record, fields -> {
                    manager.removeAxioms(o, facts.values().stream());
                    manager.addAxiom(o, facts.get(""));
                    fields.forEach(f -> manager.addAxiom(o, facts.get(f)));
                    OWLReasoner check = HermitReasoners.create(o);
                    try {
                        return check.isConsistent();
                    } finally {
                        check.dispose();
                    }
                }));
            }
            OWLClassExpression self = df.getOWLObjectOneOf(a);
            MembershipOracle oracle = new MembershipOracle() {
                @Override
                public boolean proven(OWLClassExpression c) {
                    return !r.isSatisfiable(df.getOWLObjectIntersectionOf(self, df.getOWLObjectComplementOf(c)));
                }

                @Override
                public boolean refuted(OWLClassExpression c) {
                    return !r.isSatisfiable(df.getOWLObjectIntersectionOf(self, c));
                }
            };
            return ask.apply(df, new AnswerBuilder(kb, df, materialised, record, oracle));
        } finally {
            r.dispose();
        }
    }

    @Override
    public void close() {}
}
