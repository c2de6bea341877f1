package org.mcrckg.ontology.owl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLOntology;

/**
 * The OWL API side of a {@link org.mcrckg.ontology.KnowledgeBase}: the source ontology and the
 * definitions of its named classes, for the adapters (reasoning, explanations, RDF). Internal:
 * not part of the library's API, which has no OWL API type.
 */
public final class OwlTBox {
    private final OWLOntology ontology;
    private final Map<IRI, OWLClassExpression> definitions;

    public OwlTBox(OWLOntology ontology, Map<IRI, OWLClassExpression> definitions) {
        this.ontology = ontology;
        this.definitions = Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
    }

    /** The source ontology. Do not give it to a reasoner: copy its axioms into a manager of your own. */
    public OWLOntology ontology() { return ontology; }

    /** The definition (EquivalentClasses) of a named class, if it has one. */
    public Optional<OWLClassExpression> definition(IRI cls) { return Optional.ofNullable(definitions.get(cls)); }

    public Map<IRI, OWLClassExpression> definitions() { return definitions; }

    public boolean isDefined(OWLClass c) { return definitions.containsKey(c.getIRI()); }
}
