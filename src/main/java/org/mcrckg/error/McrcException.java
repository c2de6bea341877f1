package org.mcrckg.error;

/**
 * The root of the toolkit's exceptions: every one carries a stable error id (README, "Error
 * messages"; for example {@code ontology#unreadable}) and a {@link Kind} that says whose the
 * problem is. The command line maps the kind to its exit status in one place.
 *
 * <pre>{@code
 * try {
 *     mcrc.read(files);
 * } catch (McrcException e) {
 *     log.warn("{} [{}]", e.getMessage(), e.errorId());   // e.kind() == Kind.DATA
 * }
 * }</pre>
 */
public abstract class McrcException extends RuntimeException {
    /** Whose problem it is. */
    public enum Kind {
        /** the request cannot be carried out as asked: a missing file, an unknown name (exit 2) */
        USAGE,
        /** the input is invalid: its errors name the file, line and field (exit 2) */
        DATA,
        /** the toolkit could not do its work: an unusable ontology, a locked store (exit 1) */
        FAILURE
    }

    private final String errorId;
    private final Kind kind;

    protected McrcException(String errorId, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.errorId = errorId;
        this.kind = kind;
    }

    /** The stable id, for example {@code query#not-found}. */
    public String errorId() { return errorId; }

    public Kind kind() { return kind; }
}
