package org.mcrckg.diff;

import org.mcrckg.error.McrcException;

/**
 * An ontology side that cannot be found: neither a file nor a git revision that has the ontology.
 * {@code errorId} is stable: {@code diff#no-such-side} (not a file, not a revision),
 * {@code diff#no-ontology-at-revision} (the revision exists but has no ontology file),
 * {@code diff#git-failed} (git is missing or not a repository). All three are usage errors: the
 * side was named wrongly, or named where no git repository answers.
 */
public final class DiffException extends McrcException {
    private static final long serialVersionUID = 1L;

    public DiffException(String errorId, String message) {
        super(errorId, Kind.USAGE, message, null);
    }
}
