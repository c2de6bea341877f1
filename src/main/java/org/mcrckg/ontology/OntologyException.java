package org.mcrckg.ontology;

/**
 * The ontology cannot be used: unreadable, not OWL 2 DL usable, or missing something the toolkit
 * reads (a field property without a range, a rule without a status word...). The id is stable and
 * documented in README, for example {@code ontology#unreadable}.
 */
public class OntologyException extends RuntimeException {
    private final String errorId;

    public OntologyException(String errorId, String message) {
        this(errorId, message, null);
    }

    public OntologyException(String errorId, String message, Throwable cause) {
        super(message, cause);
        this.errorId = errorId;
    }

    public String errorId() { return errorId; }
}
