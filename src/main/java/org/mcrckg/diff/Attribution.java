package org.mcrckg.diff;

/** How the changed terms of an {@link AnswerChange} were chosen. */
public enum Attribution {
    /**
     * The changed terms in the dependency closure of the answer: the procedure, its applicability
     * class and the rules that decide it (or the tag classes), followed through their definitions
     * into every class and record field they name, on either side.
     */
    DEFINITIONS("definitions"),
    /**
     * No changed term lies in that closure (for example, a record became contradictory through an
     * axiom that links two fields elsewhere): every term with a changed logical axiom is listed.
     */
    WHOLE_ONTOLOGY("whole_ontology");

    private final String word;

    Attribution(String word) { this.word = word; }

    public String word() { return word; }

    @Override
    public String toString() { return word; }
}
