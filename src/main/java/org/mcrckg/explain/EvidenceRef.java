package org.mcrckg.explain;

import java.util.List;

/**
 * The evidence behind a rule, as the ontology records it.
 *
 * @param id E01 …
 * @param claim the claim
 * @param citation the study as cited
 * @param design study design
 * @param level Oxford CEBM level
 * @param certainty GRADE certainty
 * @param pmids PubMed ids
 * @param dois DOIs
 */
public record EvidenceRef(String id, String claim, String citation, String design, String level, String certainty,
                          List<String> pmids, List<String> dois) {
    public EvidenceRef {
        pmids = List.copyOf(pmids);
        dois = List.copyOf(dois);
    }
}
