/** The only code that knows both OWL API and Jena: the ontology, the patients and the answers as named graphs. */
package org.mcrckg.rdf;
