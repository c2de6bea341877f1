package org.mcrckg.explain;

/** Output formats of {@code mcrc explain}. */
public enum ExplanationFormat {
    /** plain text for people */
    TEXT,
    /** the contract's JSON shape with an {@code explanation} object in each treatment */
    JSON,
    /** Markdown, for tumour-board notes and issue trackers */
    MARKDOWN
}
