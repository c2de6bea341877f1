/**
 * What a change to the knowledge does to patients: {@link org.mcrckg.diff.Differ} classifies every
 * patient with two versions of the ontology and reports each answer that moved, with the changed
 * terms (from the axiom difference) that the answer depends on (from the rules' definitions).
 * Values are records; the OWL API stays inside {@link org.mcrckg.diff.KnowledgeDelta}.
 */
package org.mcrckg.diff;
