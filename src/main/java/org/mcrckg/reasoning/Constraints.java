package org.mcrckg.reasoning;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologyException;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLDataPropertyDomainAxiom;
import org.semanticweb.owlapi.model.OWLDisjointClassesAxiom;
import org.semanticweb.owlapi.model.OWLEquivalentClassesAxiom;
import org.semanticweb.owlapi.model.OWLObjectAllValuesFrom;
import org.semanticweb.owlapi.model.OWLObjectComplementOf;
import org.semanticweb.owlapi.model.OWLObjectIntersectionOf;
import org.semanticweb.owlapi.model.OWLObjectSomeValuesFrom;
import org.semanticweb.owlapi.model.OWLObjectUnionOf;
import org.semanticweb.owlapi.model.OWLSubClassOfAxiom;

/**
 * The part of the ontology that can matter for a question that reads only record fields, once
 * every defined class in the question is unfolded into its definition: the ranges, domains and
 * functionality of the field properties, and the other axioms (unfolded) that read a field. A
 * HermiT reasoner over these few axioms builds its tableau far faster than one over the whole
 * ontology, and HermiT rebuilds a tableau for every class-expression test.
 *
 * <p>Exact for questions {@code P ⊓ unfold(A)} where {@code P} is a record: unfolding acyclic
 * definitions preserves every entailment; an axiom that reads no field (the procedure hierarchy,
 * the evidence and site individuals, the navigation groupings) constrains nothing such a question
 * mentions, and a model of the rest can be put beside a model of the whole ontology (which tests
 * check is consistent) without touching the patient. Tests compare answers with the engines that
 * reason over the whole ontology.
 */
final class Constraints {
    private final KnowledgeBase kb;
    private final OWLDataFactory df;
    private final Set<OWLAxiom> axioms;
    private final Map<OWLClassExpression, OWLClassExpression> unfolded = new ConcurrentHashMap<>();
    private final Set<IRI> fieldProperties;

    Constraints(KnowledgeBase kb, OWLDataFactory df) {
        this.kb = kb;
        this.df = df;
        this.fieldProperties = kb.fields().values().stream().map(f -> IRI.create(f.iri())).collect(Collectors.toSet());
        Set<OWLClass> sinks = sinks(kb);
        Set<OWLAxiom> out = new HashSet<>();
        kb.owl().ontology().axioms().filter(OWLAxiom::isLogicalAxiom).forEach(ax -> {
            if (ax.isOfType(AxiomType.ABoxAxiomTypes) || isDefinition(ax)) return;
            // X ⊑ A with A a class that occurs only as such a superclass (a navigation grouping):
            // reading A as the whole domain satisfies it, and no question mentions A
            if (ax instanceof OWLSubClassOfAxiom sc && sc.getSuperClass().isNamed() && sinks.contains(sc.getSuperClass().asOWLClass())) return;
            OWLAxiom u = unfoldAxiom(ax.getAxiomWithoutAnnotations());
            if (u != null && u.dataPropertiesInSignature().anyMatch(p -> fieldProperties.contains(p.getIRI()))) out.add(u);
        });
        this.axioms = Collections.unmodifiableSet(out);
    }

    Set<OWLAxiom> axioms() { return axioms; }

    /** Undefined classes that occur in logical axioms only as the superclass of a SubClassOf. */
    static Set<OWLClass> sinks(KnowledgeBase kb) {
        Map<OWLClass, Boolean> onlySuper = new HashMap<>();
        kb.owl().ontology().axioms().filter(OWLAxiom::isLogicalAxiom).forEach(ax -> ax.classesInSignature().forEach(c -> {
            boolean asSuper = ax instanceof OWLSubClassOfAxiom s && s.getSuperClass().equals(c) && !s.getSubClass().containsEntityInSignature(c);
            onlySuper.merge(c, asSuper, Boolean::logicalAnd);
        }));
        Set<OWLClass> out = new HashSet<>();
        onlySuper.forEach((c, only) -> { if (only && kb.owl().definition(c.getIRI()).isEmpty()) out.add(c); });
        return out;
    }

    private boolean isDefinition(OWLAxiom ax) {
        if (!(ax instanceof OWLEquivalentClassesAxiom eq) || eq.classExpressions().count() != 2) return false;
        List<OWLClass> named = eq.namedClasses().toList();
        return named.size() == 1 && kb.owl().definition(named.get(0).getIRI()).isPresent()
                && kb.owl().ontology().equivalentClassesAxioms(named.get(0)).count() == 1;
    }

    /** The expression with every defined class replaced by its unfolded definition. */
    OWLClassExpression unfold(OWLClassExpression e) {
        OWLClassExpression u = unfolded.get(e);
        if (u != null) return u;
        u = doUnfold(e);
        unfolded.put(e, u);
        return u;
    }

    private OWLClassExpression doUnfold(OWLClassExpression e) {
        if (e instanceof OWLClass c) return kb.owl().definition(c.getIRI()).map(this::unfold).orElse(c);
        if (e instanceof OWLObjectIntersectionOf i) return df.getOWLObjectIntersectionOf(i.operands().map(this::unfold));
        if (e instanceof OWLObjectUnionOf u) return df.getOWLObjectUnionOf(u.operands().map(this::unfold));
        if (e instanceof OWLObjectComplementOf n) return df.getOWLObjectComplementOf(unfold(n.getOperand()));
        if (e instanceof OWLObjectSomeValuesFrom s) return df.getOWLObjectSomeValuesFrom(s.getProperty(), unfold(s.getFiller()));
        if (e instanceof OWLObjectAllValuesFrom a) return df.getOWLObjectAllValuesFrom(a.getProperty(), unfold(a.getFiller()));
        if (e.classesInSignature().anyMatch(c -> kb.owl().definition(c.getIRI()).isPresent())) {
            throw new OntologyException("ontology#definitions", "a " + e.getClassExpressionType() + " that uses a defined class cannot be unfolded: " + e);
        }
        return e;
    }

    /** The axiom unfolded, or null for an axiom type that cannot carry a defined class into a patient question. */
    private OWLAxiom unfoldAxiom(OWLAxiom ax) {
        if (ax instanceof OWLSubClassOfAxiom s) return df.getOWLSubClassOfAxiom(unfold(s.getSubClass()), unfold(s.getSuperClass()));
        if (ax instanceof OWLEquivalentClassesAxiom eq) return df.getOWLEquivalentClassesAxiom(eq.classExpressions().map(this::unfold).collect(Collectors.toSet()));
        if (ax instanceof OWLDisjointClassesAxiom d) return df.getOWLDisjointClassesAxiom(d.classExpressions().map(this::unfold).collect(Collectors.toSet()));
        if (ax instanceof OWLDataPropertyDomainAxiom d) return df.getOWLDataPropertyDomainAxiom(d.getProperty(), unfold(d.getDomain()));
        if (ax.classesInSignature().anyMatch(c -> kb.owl().definition(c.getIRI()).isPresent())) {
            throw new OntologyException("ontology#definitions", "an axiom of type " + ax.getAxiomType() + " uses a defined class; it cannot be unfolded: " + ax);
        }
        return ax;
    }
}
