package org.mcrckg.ontology;

/**
 * A procedure the answer reports on: an ontology class carrying a contract procedure key.
 *
 * @param key the contract key, for example {@code portal_vein_embolization}
 * @param iri the procedure class
 * @param label its label
 * @param applicableWhen the patient class in which it is applicable; proven outside it means not_applicable
 * @param order position in reports (the contract's order)
 */
public record Procedure(String key, String iri, String label, String applicableWhen, int order) {}
