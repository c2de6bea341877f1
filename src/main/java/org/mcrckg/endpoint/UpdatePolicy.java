package org.mcrckg.endpoint;

/** Whether the endpoint accepts SPARQL Update. */
public enum UpdatePolicy {
    /** the default: queries and graph reads only; SPARQL Update is refused with a 4xx status */
    READ_ONLY,
    /** also SPARQL Update at {@code /mcrc/update} */
    ALLOW_UPDATE
}
