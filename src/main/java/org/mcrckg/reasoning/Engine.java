package org.mcrckg.reasoning;

import org.mcrckg.ontology.KnowledgeBase;

/**
 * How patients are handed to HermiT. Every engine gives the same answers (tests compare them);
 * they differ in speed, and the slow ones exist to verify the fast one.
 */
public enum Engine {
    /**
     * The default: one HermiT per worker over the whole ontology, each patient a class expression
     * {@code P}; memberships by satisfiability of {@code P ⊓ C} and {@code P ⊓ ¬C}, answered from an
     * exact cache shared by the workers where an earlier patient had the same relevant cells. See
     * {@link PatientClassifier} and {@link CachedOracle}.
     */
    FAST("fast"),
    /** As {@link #FAST} without the cache: every question goes to HermiT. */
    UNCACHED("uncached"),
    /**
     * The straightforward method, for verification: a fresh HermiT per patient over the whole
     * ontology (ABox included) with the patient as a named individual. See {@link ReferenceClassifier}.
     */
    PER_PATIENT("per-patient"),
    /**
     * The baseline: all patients in one ontology and one HermiT realisation, as Protégé and ROBOT
     * users reason. Holds the whole cohort in memory and slows down far faster than linearly; for
     * measurement and verification on small cohorts. See {@link NaiveClassifier}.
     */
    NAIVE("naive");

    private final String word;

    Engine(String word) { this.word = word; }

    public String word() { return word; }

    public static Engine fromWord(String w) {
        for (Engine e : values()) if (e.word.equals(w)) return e;
        throw new IllegalArgumentException("unknown engine '" + w + "': use fast, uncached, per-patient or naive");
    }

    /** A classifier for one worker thread; {@code cache} is shared by the workers of {@link #FAST}. */
    public Classifier create(KnowledgeBase kb, CachedOracle cache) {
        return switch (this) {
            case FAST -> new PatientClassifier(kb, cache);
            case UNCACHED -> new PatientClassifier(kb);
            case PER_PATIENT -> new ReferenceClassifier(kb);
            case NAIVE -> new NaiveClassifier(kb);
        };
    }

    @Override
    public String toString() { return word; }
}
