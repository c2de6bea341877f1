package org.mcrckg.answer;

/** Why a treatment answer has its status; reported as {@code basis} in the JSON (an added key). */
public enum Basis {
    /** a rule of the status is entailed and every rule of higher precedence is refuted */
    RULE_ENTAILED("rule_entailed"),
    /** every indication (recommended or consider rule) for the procedure is refuted, and no rule against it is proven: not_indicated */
    NO_INDICATION_MET("no_indication_met"),
    /** the patient is proven outside the procedure's applicability class */
    DISEASE_ABSENT("disease_absent"),
    /** whether the procedure applies at all is not known */
    APPLICABILITY_UNKNOWN("applicability_unknown"),
    /** a rule is entailed but a rule of higher precedence is neither entailed nor refuted */
    HIGHER_PRECEDENCE_UNDECIDED("higher_precedence_undecided"),
    /** no rule is entailed and some are neither entailed nor refuted */
    RULES_UNDECIDED("rules_undecided"),
    /** the ontology has no rule for this procedure yet */
    NO_RULE("no_rule");

    private final String word;

    Basis(String word) { this.word = word; }

    public String word() { return word; }

    @Override
    public String toString() { return word; }
}
