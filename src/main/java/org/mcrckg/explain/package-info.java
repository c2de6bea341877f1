/**
 * Explanations of answers, for people: for each class that decided a status, a minimal set of the
 * patient's facts that still proves it (a black-box justification found by deletion, HermiT judging
 * each smaller record), the thresholds those facts were compared with, read from the rule's
 * definition, and the evidence behind the rule; for undetermined answers, the missing fields that
 * would settle them. Nothing here knows what a rule means: the sentences come from the ontology's
 * data restrictions and labels.
 */
package org.mcrckg.explain;
