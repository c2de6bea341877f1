package org.mcrckg.report;

import org.mcrckg.ontology.Status;

/**
 * The status words written in answers. Version 2 of the patient-record contract
 * (docs/patient-record.md) added {@code not_indicated}; a reader built for version 1 knows only the
 * five words of that version.
 */
public enum StatusVocabulary {
    /**
     * Contract version 1: {@code not_indicated} is written {@code not_recommended}, as version 1
     * reported it. {@code basis} stays, so {@code no_indication_met} still tells the two apart.
     */
    V1,
    /** Contract version 2 (the default): every status word as the answer has it. */
    V2;

    /** The word for {@code status} in this vocabulary. */
    public String word(Status status) {
        if (this == V1 && status == Status.NOT_INDICATED) return Status.NOT_RECOMMENDED.word();
        return status.word();
    }
}
