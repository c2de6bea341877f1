/**
 * Internal: a validated record as OWL API assertions, for reasoning/ and rdf/. No compatibility
 * promise, and no Javadoc: the library's API has no OWL API type.
 */
package org.mcrckg.patient.owl;
