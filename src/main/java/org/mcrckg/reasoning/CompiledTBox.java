package org.mcrckg.reasoning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologyException;
import org.mcrckg.ontology.Vocabulary;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLDataPropertyDomainAxiom;
import org.semanticweb.owlapi.model.OWLDisjointClassesAxiom;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLEquivalentClassesAxiom;
import org.semanticweb.owlapi.model.OWLObjectAllValuesFrom;
import org.semanticweb.owlapi.model.OWLObjectComplementOf;
import org.semanticweb.owlapi.model.OWLObjectIntersectionOf;
import org.semanticweb.owlapi.model.OWLObjectPropertyDomainAxiom;
import org.semanticweb.owlapi.model.OWLObjectPropertyRangeAxiom;
import org.semanticweb.owlapi.model.OWLObjectSomeValuesFrom;
import org.semanticweb.owlapi.model.OWLObjectUnionOf;
import org.semanticweb.owlapi.model.OWLSubClassOfAxiom;

/**
 * The TBox as HermiT gets it for patient questions: every defined class unfolded into its
 * definition, and the axioms that only feed navigation groupings dropped.
 *
 * <p>Why. Every definition {@code C ≡ D} whose {@code D} has a negation or a disjunction becomes,
 * in the direction {@code D ⊑ C}, a non-Horn clause that HermiT must branch on in every test,
 * whatever the test asks; with this ontology that made each test cost milliseconds. Both steps
 * are exact:
 * <ul>
 *   <li>unfolding an acyclic definitorial TBox preserves every entailment once the questions are
 *       unfolded too (any model of the unfolded axioms extends to the defined names by reading
 *       each as its definition);</li>
 *   <li>dropping {@code X ⊑ A} for a class {@code A} that occurs nowhere else and in no question
 *       (see {@link #pruneSinks}) changes no entailment a question can see.</li>
 * </ul>
 * HermiT still decides every question; tests compare the answers with those of the
 * straightforward method (all axioms, the patient as an individual).
 */
public final class CompiledTBox {
    private final Set<OWLAxiom> axioms;
    private final Map<OWLClass, OWLClassExpression> definitions;
    private final Map<OWLClass, OWLClassExpression> unfolded = new HashMap<>();
    private final OWLDataFactory df;

    private CompiledTBox(KnowledgeBase kb) {
        this.df = kb.owlOntology().getOWLOntologyManager().getOWLDataFactory();
        this.definitions = new LinkedHashMap<>();
        List<OWLAxiom> rest = new ArrayList<>();
        // one definition per class: first every "named ≡ expression", then "named ≡ named" for a
        // class still undefined; further equivalences stay as axioms (unfolded like the rest)
        List<OWLEquivalentClassesAxiom> pairs = new java.util.ArrayList<>();
        kb.owlOntology().axioms().filter(ax -> ax.isLogicalAxiom() && !ax.isOfType(AxiomType.ABoxAxiomTypes)).forEach(ax -> {
            if (ax instanceof OWLEquivalentClassesAxiom eq && eq.classExpressions().count() == 2) {
                List<OWLClass> named = eq.namedClasses().collect(Collectors.toList());
                if (named.size() == 1 && !definitions.containsKey(named.get(0))) {
                    OWLClass c = named.get(0);
                    definitions.put(c, eq.classExpressions().filter(e -> !e.equals(c)).findFirst().orElseThrow());
                    return;
                }
                if (named.size() == 2) {
                    pairs.add(eq);
                    return;
                }
            }
            rest.add(ax.getAxiomWithoutAnnotations());
        });
        for (OWLEquivalentClassesAxiom eq : pairs) {
            List<OWLClass> named = eq.namedClasses().collect(Collectors.toList());
            if (!definitions.containsKey(named.get(0)) && !dependsOn(named.get(1), named.get(0))) definitions.put(named.get(0), named.get(1));
            else if (!definitions.containsKey(named.get(1)) && !dependsOn(named.get(0), named.get(1))) definitions.put(named.get(1), named.get(0));
            else rest.add(eq.getAxiomWithoutAnnotations());
        }
        checkAcyclic();
        Set<OWLAxiom> unfoldedRest = new HashSet<>();
        for (OWLAxiom ax : rest) unfoldedRest.add(unfoldAxiom(ax));
        this.axioms = Collections.unmodifiableSet(pruneSinks(unfoldedRest, questionSignature(kb)));
    }

    /**
     * Every name a question can mention: Patient, the field properties, and what the unfolded
     * definitions still name.
     */
    private Set<OWLEntity> questionSignature(KnowledgeBase kb) {
        Set<OWLEntity> sig = new HashSet<>();
        sig.add(df.getOWLClass(IRI.create(Vocabulary.PATIENT)));
        kb.fields().values().forEach(f -> sig.add(df.getOWLDataProperty(IRI.create(f.iri()))));
        for (OWLClass c : new ArrayList<>(definitions.keySet())) unfold(c).signature().forEach(sig::add);
        return sig;
    }

    /**
     * Drops the axioms {@code X ⊑ A} whose superclass {@code A} is a class that no question
     * mentions and that occurs in no other logical axiom (the navigation groupings). Exact: from
     * any model of the rest, reading {@code A} as the whole domain gives a model of all, and no
     * other axiom or question sees {@code A}. Repeated until nothing changes.
     */
    static Set<OWLAxiom> pruneSinks(Set<OWLAxiom> axioms, Set<OWLEntity> questionSignature) {
        Set<OWLAxiom> out = new HashSet<>(axioms);
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<OWLClass, List<OWLAxiom>> uses = new HashMap<>();
            for (OWLAxiom ax : out) ax.classesInSignature().forEach(c -> uses.computeIfAbsent(c, k -> new ArrayList<>()).add(ax));
            for (Map.Entry<OWLClass, List<OWLAxiom>> e : uses.entrySet()) {
                OWLClass a = e.getKey();
                if (questionSignature.contains(a) || a.isOWLThing() || a.isOWLNothing()) continue;
                boolean sinkOnly = e.getValue().stream().allMatch(ax -> ax instanceof OWLSubClassOfAxiom sc
                        && sc.getSuperClass().equals(a) && !sc.getSubClass().containsEntityInSignature(a));
                if (sinkOnly) {
                    out.removeAll(e.getValue());
                    changed = true;
                }
            }
        }
        return out;
    }

    public static CompiledTBox compile(KnowledgeBase kb) { return new CompiledTBox(kb); }

    /** The axioms to give HermiT. */
    public Set<OWLAxiom> axioms() { return axioms; }

    /** The class expression with every defined name replaced by its (unfolded) definition. */
    public synchronized OWLClassExpression unfold(OWLClassExpression e) {
        if (e instanceof OWLClass c) {
            OWLClassExpression d = definitions.get(c);
            if (d == null) return c;
            OWLClassExpression u = unfolded.get(c);
            if (u == null) {
                u = unfold(d);
                unfolded.put(c, u);
            }
            return u;
        }
        if (e instanceof OWLObjectIntersectionOf i) return df.getOWLObjectIntersectionOf(i.operands().map(this::unfold));
        if (e instanceof OWLObjectUnionOf u) return df.getOWLObjectUnionOf(u.operands().map(this::unfold));
        if (e instanceof OWLObjectComplementOf n) return df.getOWLObjectComplementOf(unfold(n.getOperand()));
        if (e instanceof OWLObjectSomeValuesFrom s) return df.getOWLObjectSomeValuesFrom(s.getProperty(), unfold(s.getFiller()));
        if (e instanceof OWLObjectAllValuesFrom a) return df.getOWLObjectAllValuesFrom(a.getProperty(), unfold(a.getFiller()));
        if (e.classesInSignature().anyMatch(definitions::containsKey)) {
            throw new OntologyException("ontology#definitions", "a " + e.getClassExpressionType() + " that uses a defined class cannot be unfolded yet: " + e);
        }
        return e;  // data restrictions, nominals, primitive-only expressions
    }

    private OWLAxiom unfoldAxiom(OWLAxiom ax) {
        if (ax instanceof OWLSubClassOfAxiom s) return df.getOWLSubClassOfAxiom(unfold(s.getSubClass()), unfold(s.getSuperClass()));
        if (ax instanceof OWLEquivalentClassesAxiom eq) return df.getOWLEquivalentClassesAxiom(eq.classExpressions().map(this::unfold).collect(Collectors.toSet()));
        if (ax instanceof OWLDisjointClassesAxiom d) return df.getOWLDisjointClassesAxiom(d.classExpressions().map(this::unfold).collect(Collectors.toSet()));
        if (ax instanceof OWLDataPropertyDomainAxiom d) return df.getOWLDataPropertyDomainAxiom(d.getProperty(), unfold(d.getDomain()));
        if (ax instanceof OWLObjectPropertyDomainAxiom d) return df.getOWLObjectPropertyDomainAxiom(d.getProperty(), unfold(d.getDomain()));
        if (ax instanceof OWLObjectPropertyRangeAxiom r) return df.getOWLObjectPropertyRangeAxiom(r.getProperty(), unfold(r.getRange()));
        if (ax.classesInSignature().anyMatch(definitions::containsKey)) {
            throw new OntologyException("ontology#definitions", "an axiom of type " + ax.getAxiomType() + " uses a defined class; the reasoner adapter cannot unfold it yet: " + ax);
        }
        return ax;
    }

    /** Whether the definition of {@code a} (followed through definitions) mentions {@code b}. */
    private boolean dependsOn(OWLClass a, OWLClass b) {
        java.util.Deque<OWLClass> todo = new java.util.ArrayDeque<>(List.of(a));
        Set<OWLClass> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            OWLClass x = todo.pop();
            if (x.equals(b)) return true;
            if (!seen.add(x)) continue;
            OWLClassExpression d = definitions.get(x);
            if (d != null) d.classesInSignature().forEach(todo::push);
        }
        return false;
    }

    private void checkAcyclic() {
        Map<OWLClass, Integer> state = new HashMap<>();  // 1 = on the path, 2 = done
        for (OWLClass c : definitions.keySet()) visit(c, state, new java.util.ArrayDeque<>());
    }

    private void visit(OWLClass c, Map<OWLClass, Integer> state, java.util.Deque<OWLClass> path) {
        Integer s = state.get(c);
        if (s != null && s == 2) return;
        path.push(c);
        if (s != null) {
            throw new OntologyException("ontology#cyclic-definition", "the definitions are cyclic: " + path.stream().map(x -> x.getIRI().getShortForm()).collect(Collectors.joining(" <- ")));
        }
        state.put(c, 1);
        OWLClassExpression d = definitions.get(c);
        if (d != null) d.classesInSignature().filter(definitions::containsKey).forEach(x -> visit(x, state, path));
        state.put(c, 2);
        path.pop();
    }
}
