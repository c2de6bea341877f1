package org.mcrckg.diff;

import java.util.List;

/**
 * The whole diff of a cohort held in memory ({@link org.mcrckg.Mcrc#diff}); for cohorts of any size,
 * {@link Differ#compareFiles} streams the changes instead.
 *
 * @param before the first ontology
 * @param after the second
 * @param changedTerms the terms whose axioms differ, sorted by name
 * @param changes one row per patient and procedure whose answer differs, in input order
 * @param summary the counts
 */
public record DiffReport(OntologyInfo before, OntologyInfo after, List<TermChange> changedTerms, List<AnswerChange> changes,
                         DiffSummary summary) {
    public DiffReport {
        changedTerms = List.copyOf(changedTerms);
        changes = List.copyOf(changes);
    }

    public boolean answersChanged() { return !changes.isEmpty(); }
}
