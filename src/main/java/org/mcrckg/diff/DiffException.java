package org.mcrckg.diff;

/**
 * An ontology side that cannot be found: neither a file nor a git revision that has the ontology.
 * {@code errorId} is stable: {@code diff#no-such-side} (not a file, not a revision),
 * {@code diff#no-ontology-at-revision} (the revision exists but has no ontology file),
 * {@code diff#git-failed} (git is missing or not a repository).
 */
public final class DiffException extends RuntimeException {
    private final String errorId;

    public DiffException(String errorId, String message) {
        super(message);
        this.errorId = errorId;
    }

    public String errorId() { return errorId; }
}
