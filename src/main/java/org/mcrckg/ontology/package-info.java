/** The TBox and what the toolkit reads from it: record fields, procedures, rules, evidence and tags, all from annotations and ranges in the ontology. */
package org.mcrckg.ontology;
