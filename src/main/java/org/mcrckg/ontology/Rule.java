package org.mcrckg.ontology;

import java.util.List;
import java.util.Optional;

/**
 * A decision rule of the brief: a defined patient class with a rule id. A rule that decides a
 * procedure carries a status and the procedures; a defining rule (for example L1, resectability)
 * or a tag rule carries neither.
 *
 * @param id the brief's rule id, for example {@code L2}
 * @param iri the defined class
 * @param label its label
 * @param status the status it gives its procedures when it applies, if it decides any
 * @param procedureIris the procedure classes it decides
 * @param evidenceIds the evidence statements behind it
 * @param tag the tag it adds to the answer, if any
 */
public record Rule(String id, String iri, String label, Optional<Status> status, List<String> procedureIris,
                   List<String> evidenceIds, Optional<String> tag) {
    public Rule {
        procedureIris = List.copyOf(procedureIris);
        evidenceIds = List.copyOf(evidenceIds);
    }
}
