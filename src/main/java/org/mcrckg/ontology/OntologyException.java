package org.mcrckg.ontology;

import org.mcrckg.error.McrcException;

/**
 * The ontology cannot be used: unreadable, not OWL 2 DL usable, or missing something the toolkit
 * reads (a field property without a range, a rule without a status word...). The id is stable and
 * documented in README, for example {@code ontology#unreadable}.
 */
public class OntologyException extends McrcException {
    public OntologyException(String errorId, String message) {
        this(errorId, message, null);
    }

    public OntologyException(String errorId, String message, Throwable cause) {
        super(errorId, Kind.FAILURE, message, cause);
    }
}
