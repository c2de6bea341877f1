package org.mcrckg.report;

/** Output formats of {@code mcrc classify}. */
public enum AnswerFormat {
    /** a text table per patient, for people */
    TABLE,
    /** the contract's JSON shape (docs/patient-record.md §2) */
    JSON,
    /** one row per patient and procedure */
    CSV,
    /** JSON Lines: one patient object (the contract's patient shape) per line, for streams and big cohorts */
    JSONL
}
