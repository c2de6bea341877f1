package org.mcrckg.ontology;

import java.util.List;

/**
 * An evidence statement (brief §c) as the ontology holds it.
 *
 * @param id E01 … E57
 * @param iri the individual
 * @param label short label
 * @param claim the claim in our words
 * @param design study design
 * @param level Oxford CEBM 2011 level
 * @param certainty GRADE-style certainty
 * @param citation the study as cited
 * @param year publication year, or empty
 * @param pmids PubMed ids
 * @param dois DOIs
 * @param verification verified, partly_verified or unverified
 */
public record Evidence(String id, String iri, String label, String claim, String design, String level,
                       String certainty, String citation, String year, List<String> pmids, List<String> dois,
                       String verification) {
    public Evidence {
        pmids = List.copyOf(pmids);
        dois = List.copyOf(dois);
    }
}
