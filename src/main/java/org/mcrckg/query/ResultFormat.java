package org.mcrckg.query;

/** Output formats of {@code mcrc query}: the W3C SPARQL result formats plus a text table. */
public enum ResultFormat {
    TABLE, CSV, TSV, JSON
}
