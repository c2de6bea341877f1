package org.mcrckg.ontology;

/** The status words of the contract (§2), in the order of precedence where several rules apply. */
public enum Status {
    NOT_RECOMMENDED("not_recommended"),
    RECOMMENDED("recommended"),
    CONSIDER("consider"),
    NOT_APPLICABLE("not_applicable"),
    UNDETERMINED("undetermined");

    private final String word;

    Status(String word) { this.word = word; }

    /** The contract's spelling. */
    public String word() { return word; }

    public static Status fromWord(String word) {
        for (Status s : values()) {
            if (s.word.equals(word)) return s;
        }
        throw new IllegalArgumentException("unknown status word '" + word + "'");
    }

    @Override
    public String toString() { return word; }
}
