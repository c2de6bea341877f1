package org.mcrckg.explain;

/** A request the explainer cannot answer (an unknown procedure key); {@code errorId} is stable, for example {@code explain#unknown-procedure}. */
public final class ExplainException extends RuntimeException {
    private final String errorId;

    public ExplainException(String errorId, String message) {
        super(message);
        this.errorId = errorId;
    }

    public String errorId() { return errorId; }
}
