package org.mcrckg.diff;

import java.util.List;

/**
 * One patient and procedure whose answer differs between the two ontologies.
 *
 * @param patient the patient_id
 * @param procedure the procedure key, or {@value #TAGS} when the patient's tags differ
 * @param before the answer with the first ontology
 * @param after the answer with the second
 * @param because IRIs of the changed terms ({@link TermChange#iri()}) this answer depends on, sorted
 * @param attribution how {@code because} was found
 */
public record AnswerChange(String patient, String procedure, AnswerState before, AnswerState after, List<String> because,
                           Attribution attribution) {
    /** The procedure column of a row about the patient's tags. */
    public static final String TAGS = "tags";

    public AnswerChange {
        because = List.copyOf(because);
    }
}
