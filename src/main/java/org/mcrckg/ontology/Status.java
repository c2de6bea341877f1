package org.mcrckg.ontology;

import java.util.List;

/**
 * The status words of the contract (docs/patient-record.md §2). The first four are the ones a rule
 * may give, in the order of precedence where several rules apply; the last two are computed.
 */
public enum Status {
    NOT_RECOMMENDED("not_recommended"),
    RECOMMENDED("recommended"),
    CONSIDER("consider"),
    /** the disease is present but no modelled indication applies, and nothing advises against it */
    NOT_INDICATED("not_indicated"),
    NOT_APPLICABLE("not_applicable"),
    UNDETERMINED("undetermined");

    /** The statuses a rule may give ({@code mcrc:recommendationStatus}), highest precedence first. */
    public static final List<Status> RULE_PRECEDENCE = List.of(NOT_RECOMMENDED, RECOMMENDED, CONSIDER, NOT_INDICATED);

    private final String word;

    Status(String word) { this.word = word; }

    /** The contract's spelling. */
    public String word() { return word; }

    /** Whether a rule of this status is an indication: it offers the procedure. */
    public boolean indication() { return this == RECOMMENDED || this == CONSIDER; }

    public static Status fromWord(String word) {
        for (Status s : values()) {
            if (s.word.equals(word)) return s;
        }
        throw new IllegalArgumentException("unknown status word '" + word + "'");
    }

    @Override
    public String toString() { return word; }
}
