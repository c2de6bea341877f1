package org.mcrckg.explain;

/** What a class did for a treatment's status. */
public enum Role {
    /** a rule proven for the patient that gives the status (or, undetermined, the provisional status) */
    FIRED("fired"),
    /** an indication proven not to apply (the status is not_indicated because none applies) */
    RULED_OUT("ruled_out"),
    /** the procedure's applicability class, proven not to hold: not_applicable */
    NOT_APPLICABLE("not_applicable"),
    /** a rule (or applicability) neither proven nor refuted: why the answer is undetermined, or, for not_indicated, a rule against it still open */
    UNDECIDED("undecided");

    private final String word;

    Role(String word) { this.word = word; }

    public String word() { return word; }

    @Override
    public String toString() { return word; }
}
