package org.mcrckg.diff;

/**
 * One side of a diff.
 *
 * @param source what the user named: a file or a git revision ({@code HEAD~1}, {@code 758d613})
 * @param iri the ontology IRI
 * @param versionIri the version IRI, or empty
 * @param version owl:versionInfo, or empty
 */
public record OntologyInfo(String source, String iri, String versionIri, String version) {}
