/**
 * Internal: the OWL API objects behind the knowledge base, for reasoning/, explain/ and rdf/. No
 * compatibility promise, and no Javadoc: the library's API (Mcrc, answers, records, explanations)
 * has no OWL API type.
 */
package org.mcrckg.ontology.owl;
