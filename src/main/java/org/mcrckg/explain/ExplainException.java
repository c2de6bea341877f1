package org.mcrckg.explain;

import org.mcrckg.error.McrcException;

/** A request the explainer cannot answer (an unknown procedure key); {@code errorId} is stable, for example {@code explain#unknown-procedure}. */
public final class ExplainException extends McrcException {
    public ExplainException(String errorId, String message) {
        super(errorId, Kind.USAGE, message, null);
    }
}
