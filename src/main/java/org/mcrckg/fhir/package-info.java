/**
 * FHIR R4 / mCODE input: the only package that sees HAPI FHIR types. {@link org.mcrckg.fhir.FhirFormat}
 * reads Bundles (collection, searchset, transaction, batch) and Bulk Data NDJSON into the project's
 * raw records, which the core validates like any CSV row. The mapping, field by field, is the table
 * in {@link org.mcrckg.fhir.FhirMapping} and is documented in {@code docs/fhir-mapping.md}.
 */
package org.mcrckg.fhir;
