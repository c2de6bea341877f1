/** Patient records: CSV, JSON and Turtle readers, validation against the ranges the ontology declares, the staging_complete closure, and records as OWL assertions. */
package org.mcrckg.patient;
