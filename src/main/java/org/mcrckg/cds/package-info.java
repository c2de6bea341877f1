/** CDS Hooks 2.0: the patient-view service that answers an EHR with cards, over the FHIR mapping and the Java API. */
package org.mcrckg.cds;
