package org.mcrckg.store;

/**
 * What a store holds, as the VoID and service descriptions report it.
 *
 * @param ontologyTriples   triples in the ontology graph
 * @param patientTriples    triples in the patients graph
 * @param inferenceTriples  triples in the inferences graph
 * @param summaryTriples    triples in the summary graph
 * @param patients          resources typed {@code mcrc:Patient} in the patients graph
 * @param answers           answers ({@code mcrc:TreatmentAnswer}s: subjects of {@code mcrc:answersPatient}) in the inferences graph
 */
public record StoreStatistics(long ontologyTriples, long patientTriples, long inferenceTriples, long summaryTriples, long patients, long answers) {}
