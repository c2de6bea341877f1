package org.mcrckg.diff;

/** Output formats of a diff. */
public enum DiffFormat {
    /** For the terminal: changed terms, one line per changed answer, the matrices. */
    TEXT,
    /** For a pull request or the changelog: the same as tables. */
    MARKDOWN,
    /** Everything, for programs. */
    JSON,
    /** The changed answers only, one per line (the summary is in the other formats). */
    CSV
}
