/**
 * The TDB2 store of classified patients ({@link org.mcrckg.store.PatientStore}): {@code mcrc load}
 * classifies files into it, {@code mcrc serve} ({@link org.mcrckg.endpoint}) reads it. It holds the
 * named graphs that {@link org.mcrckg.rdf.CohortDataset} makes of a cohort (ontology, patients,
 * inferences, summary, explanations); its default graph is their union, and queries over it run
 * through {@link org.mcrckg.store.GuardedOpExecutor}. The serving side depends on this package,
 * never the other way.
 */
package org.mcrckg.store;
