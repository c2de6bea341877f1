package org.mcrckg.diff;

import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.ontology.Rule;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAnnotation;
import org.semanticweb.owlapi.model.OWLAnnotationAssertionAxiom;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClassAssertionAxiom;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDeclarationAxiom;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLEquivalentClassesAxiom;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLPropertyAssertionAxiom;
import org.semanticweb.owlapi.model.OWLSubClassOfAxiom;
import org.semanticweb.owlapi.model.OWLUnaryPropertyAxiom;
import org.semanticweb.owlapi.model.OWLPropertyDomainAxiom;
import org.semanticweb.owlapi.model.OWLPropertyRangeAxiom;
import java.util.function.Function;
import org.semanticweb.owlapi.functional.renderer.FunctionalSyntaxObjectRenderer;
import org.semanticweb.owlapi.model.OWLObject;

/**
 * The OWL API side of a diff: which terms' axioms differ between two ontologies, and which terms
 * each procedure's answer (and the tags) depend on. Computed once per pair of ontologies; after
 * construction it only answers lookups, so it is safe to share between threads.
 *
 * <p>Axioms are compared structurally (OWL API equality, axiom annotations included). The
 * dependencies of an answer are read from the ontology, not listed by hand: the procedure class, its
 * {@code applicableWhen} class and every rule that decides it, followed through their definitions
 * (EquivalentClasses) into every named class and property they mention, on both sides (a rule removed
 * by the edit still explains a change).
 */
public final class KnowledgeDelta {
    private static final String OWL = "http://www.w3.org/2002/07/owl#";
    private static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    private static final String RDFS = "http://www.w3.org/2000/01/rdf-schema#";
    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private final List<TermChange> terms;
    private final Set<String> changedIris;
    private final List<String> logicalIris;
    private final Map<String, List<String>> becauseByProcedure = new HashMap<>();
    private final List<String> becauseTags;

    public KnowledgeDelta(KnowledgeBase before, KnowledgeBase after) {
        OWLOntology a = before.owl().ontology();
        OWLOntology b = after.owl().ontology();
        Set<OWLAxiom> axA = a.axioms().collect(Collectors.toSet());
        Set<OWLAxiom> axB = b.axioms().collect(Collectors.toSet());
        Function<OWLObject, String> ra = renderer(a);
        Function<OWLObject, String> rb = renderer(b);
        Map<String, Builder> byIri = new TreeMap<>();
        for (OWLAxiom ax : axA) if (!axB.contains(ax)) for (String s : subjects(ax)) builder(byIri, s, before, after).removed.add(ra.apply(ax));
        for (OWLAxiom ax : axB) if (!axA.contains(ax)) for (String s : subjects(ax)) builder(byIri, s, before, after).added.add(rb.apply(ax));
        headerChanges(a, b, ra, rb, byIri, before, after);
        for (OWLAxiom ax : axA) if (!axB.contains(ax) && isLogical(ax)) for (String s : subjects(ax)) byIri.get(s).logical = true;
        for (OWLAxiom ax : axB) if (!axA.contains(ax) && isLogical(ax)) for (String s : subjects(ax)) byIri.get(s).logical = true;
        this.terms = byIri.values().stream().map(Builder::build)
                .sorted(Comparator.comparing(TermChange::name).thenComparing(TermChange::iri)).toList();
        this.changedIris = terms.stream().map(TermChange::iri).collect(Collectors.toUnmodifiableSet());
        this.logicalIris = terms.stream().filter(TermChange::logical).map(TermChange::iri).sorted().toList();

        Set<String> keys = new LinkedHashSet<>();
        after.procedures().forEach(p -> keys.add(p.key()));
        before.procedures().forEach(p -> keys.add(p.key()));
        for (String key : keys) {
            Set<String> deps = new HashSet<>();
            deps.addAll(closure(before, seeds(before, key)));
            deps.addAll(closure(after, seeds(after, key)));
            becauseByProcedure.put(key, intersect(deps));
        }
        Set<String> tagDeps = new HashSet<>();
        tagDeps.addAll(closure(before, before.tagClasses().keySet()));
        tagDeps.addAll(closure(after, after.tagClasses().keySet()));
        this.becauseTags = intersect(tagDeps);
    }

    /** Terms whose axioms differ, sorted by name. */
    public List<TermChange> terms() { return terms; }

    /** True when the two ontologies have the same axioms and header. */
    public boolean isEmpty() { return terms.isEmpty(); }

    /** The changed terms a procedure's answer depends on (IRIs, sorted); empty for an unknown key or when none changed. */
    public List<String> because(String procedureKey) { return becauseByProcedure.getOrDefault(procedureKey, List.of()); }

    /** The changed terms the tags depend on. */
    public List<String> becauseTags() { return becauseTags; }

    /** Every term with a changed logical axiom: the fallback when nothing in an answer's closure changed. */
    public List<String> logicalTerms() { return logicalIris; }

    private List<String> intersect(Set<String> deps) {
        return deps.stream().filter(changedIris::contains).sorted().toList();
    }

    private static Set<String> seeds(KnowledgeBase kb, String key) {
        Set<String> out = new HashSet<>();
        for (Procedure p : kb.procedures()) {
            if (!p.key().equals(key)) continue;
            out.add(p.iri());
            out.add(p.applicableWhen());
            for (Rule r : kb.rulesFor(p)) out.add(r.iri());
        }
        return out;
    }

    /** The named terms reachable from {@code seeds} through definitions. */
    private static Set<String> closure(KnowledgeBase kb, Collection<String> seeds) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(seeds);
        while (!todo.isEmpty()) {
            String iri = todo.pop();
            if (!seen.add(iri)) continue;
            kb.owl().definition(IRI.create(iri)).ifPresent((OWLClassExpression def) -> def.signature().forEach(e -> {
                String s = e.getIRI().toString();
                if (!builtIn(s) && !seen.contains(s)) todo.push(s);
            }));
        }
        return seen;
    }

    /** The terms an axiom is about (see {@link TermChange}). */
    private static List<String> subjects(OWLAxiom ax) {
        List<String> out = new ArrayList<>();
        if (ax instanceof OWLAnnotationAssertionAxiom aa) {
            if (aa.getSubject().isIRI()) out.add(aa.getSubject().asIRI().get().toString());
        } else if (ax instanceof OWLDeclarationAxiom d) {
            out.add(d.getEntity().getIRI().toString());
        } else if (ax instanceof OWLEquivalentClassesAxiom eq && eq.namedClasses().findAny().isPresent()) {
            eq.namedClasses().forEach(c -> out.add(c.getIRI().toString()));
        } else if (ax instanceof OWLSubClassOfAxiom sc && sc.getSubClass().isNamed()) {
            out.add(sc.getSubClass().asOWLClass().getIRI().toString());
        } else if (ax instanceof OWLPropertyRangeAxiom<?, ?> r && r.getProperty().isNamed()) {
            out.add(((OWLEntity) r.getProperty()).getIRI().toString());
        } else if (ax instanceof OWLPropertyDomainAxiom<?> d && d.getProperty().isNamed()) {
            out.add(((OWLEntity) d.getProperty()).getIRI().toString());
        } else if (ax instanceof OWLUnaryPropertyAxiom<?> u && u.getProperty().isNamed()) {
            out.add(((OWLEntity) u.getProperty()).getIRI().toString());
        } else if (ax instanceof OWLClassAssertionAxiom ca && ca.getIndividual().isNamed()) {
            out.add(ca.getIndividual().asOWLNamedIndividual().getIRI().toString());
        } else if (ax instanceof OWLPropertyAssertionAxiom<?, ?> pa && pa.getSubject().isNamed()) {
            out.add(pa.getSubject().asOWLNamedIndividual().getIRI().toString());
        }
        if (out.isEmpty()) {
            ax.signature().map(e -> e.getIRI().toString()).filter(s -> !builtIn(s)).sorted().distinct().forEach(out::add);
        }
        return out;
    }

    private static boolean isLogical(OWLAxiom ax) {
        return ax.isLogicalAxiom() || ax.getAxiomType() == AxiomType.DATATYPE_DEFINITION;
    }

    private static boolean builtIn(String iri) {
        return iri.startsWith(OWL) || iri.startsWith(XSD) || iri.startsWith(RDFS) || iri.startsWith(RDF);
    }

    /** Ontology annotations and the version IRI are a term of their own, named {@code ontology}. */
    private static void headerChanges(OWLOntology a, OWLOntology b, Function<OWLObject, String> ra, Function<OWLObject, String> rb, Map<String, Builder> byIri,
                                      KnowledgeBase before, KnowledgeBase after) {
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        Set<OWLAnnotation> annA = a.annotations().collect(Collectors.toSet());
        Set<OWLAnnotation> annB = b.annotations().collect(Collectors.toSet());
        for (OWLAnnotation x : annA) if (!annB.contains(x)) removed.add(ra.apply(x));
        for (OWLAnnotation x : annB) if (!annA.contains(x)) added.add(rb.apply(x));
        String va = a.getOntologyID().getVersionIRI().map(IRI::toString).orElse("");
        String vb = b.getOntologyID().getVersionIRI().map(IRI::toString).orElse("");
        if (!va.equals(vb)) {
            if (!va.isEmpty()) removed.add("VersionIRI(<" + va + ">)");
            if (!vb.isEmpty()) added.add("VersionIRI(<" + vb + ">)");
        }
        String ia = a.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("");
        String ib = b.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("");
        if (!ia.equals(ib)) {
            removed.add("Ontology(<" + ia + ">)");
            added.add("Ontology(<" + ib + ">)");
        }
        if (removed.isEmpty() && added.isEmpty()) return;
        Builder h = new Builder(ib.isEmpty() ? ia : ib, "ontology", "ontology", "ontology");
        h.removed.addAll(removed);
        h.added.addAll(added);
        byIri.put(h.iri, h);
    }

    private static Builder builder(Map<String, Builder> byIri, String iri, KnowledgeBase before, KnowledgeBase after) {
        return byIri.computeIfAbsent(iri, i -> {
            String name = localName(i);
            String label = after.label(i);
            if (label.equals(name)) label = before.label(i);
            return new Builder(i, name, label, kind(after.owl().ontology(), before.owl().ontology(), IRI.create(i)));
        });
    }

    private static String kind(OWLOntology after, OWLOntology before, IRI iri) {
        for (OWLOntology o : List.of(after, before)) {
            if (o.containsClassInSignature(iri)) return "class";
            if (o.containsDataPropertyInSignature(iri)) return "data property";
            if (o.containsObjectPropertyInSignature(iri)) return "object property";
            if (o.containsAnnotationPropertyInSignature(iri)) return "annotation property";
            if (o.containsIndividualInSignature(iri)) return "individual";
            if (o.containsDatatypeInSignature(iri)) return "datatype";
        }
        return "term";
    }

    static String localName(String iri) {
        int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return i < 0 || i == iri.length() - 1 ? iri : iri.substring(i + 1);
    }

    /** OWL functional syntax with the ontology's own prefixes ({@code :RemnantAtLeast30Percent}), on one line. */
    private static Function<OWLObject, String> renderer(OWLOntology o) {
        return x -> {
            StringWriter w = new StringWriter();
            x.accept(new FunctionalSyntaxObjectRenderer(o, w));
            return w.toString().strip().replaceAll("\\s*\\n\\s*", " ");
        };
    }

    private static final class Builder {
        final String iri;
        final String name;
        final String label;
        final String kind;
        boolean logical;
        final Set<String> removed = new TreeSet<>();
        final Set<String> added = new TreeSet<>();

        Builder(String iri, String name, String label, String kind) {
            this.iri = iri;
            this.name = name;
            this.label = label;
            this.kind = kind;
        }

        TermChange build() { return new TermChange(iri, name, label, kind, logical, new ArrayList<>(removed), new ArrayList<>(added)); }
    }
}
