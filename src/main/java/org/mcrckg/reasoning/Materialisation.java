package org.mcrckg.reasoning;

/** Which class memberships a classification reports in {@code PatientAnswer.entailedClasses}. */
public enum Materialisation {
    /** only the classes the answers needed anyway (rules, applicability, tags): no extra reasoning */
    ANSWER_CLASSES,
    /** every defined class of the ontology (for the SPARQL inferences graph); costs one test per class */
    ALL_DEFINED_CLASSES
}
