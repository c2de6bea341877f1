package org.mcrckg.reasoning;

/** Three-valued membership of a patient in a class: open world, missing data is unknown. */
public enum Truth {
    /** the patient is entailed to be a member */
    PROVEN,
    /** the patient is entailed to be a member of the complement */
    REFUTED,
    /** neither: the facts that would settle it are missing */
    UNKNOWN
}
