/**
 * The mcrc-kg toolkit. {@link org.mcrckg.Mcrc} is the Java API: load the ontology once, classify
 * records or files, read typed answers. {@link org.mcrckg.CohortRun} ({@code Mcrc.cohort(files)})
 * is the one pipeline for cohorts of any size: it validates every record, then classifies on
 * worker threads in a bounded window and hands on each {@link org.mcrckg.ClassifiedPatient}
 * (record, answer, explanation when asked) in input order; every command that classifies files
 * runs through it.
 */
package org.mcrckg;
