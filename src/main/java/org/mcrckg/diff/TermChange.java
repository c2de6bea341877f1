package org.mcrckg.diff;

import java.util.List;

/**
 * A term (class, property, individual, or the ontology header) whose axioms or annotations differ
 * between the two ontologies. An axiom belongs to the terms it is about: an annotation to its
 * subject, a definition or subclass axiom to its named class, a range to its property, any other
 * axiom to every term it names.
 *
 * @param iri the term's IRI (the ontology IRI for header annotations and the version IRI)
 * @param name a short name: the local name, or {@code ontology}
 * @param label its rdfs:label (after, else before), or the short name
 * @param kind {@code class}, {@code data property}, {@code object property}, {@code annotation property},
 *     {@code individual}, {@code datatype} or {@code ontology}
 * @param logical true when an axiom other than an annotation or declaration changed, so answers may move
 * @param removed the axioms only the first ontology has, in OWL functional syntax, sorted
 * @param added the axioms only the second has, in OWL functional syntax, sorted
 */
public record TermChange(String iri, String name, String label, String kind, boolean logical, List<String> removed, List<String> added) {
    public TermChange {
        removed = List.copyOf(removed);
        added = List.copyOf(added);
    }
}
