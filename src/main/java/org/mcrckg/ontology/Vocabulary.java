package org.mcrckg.ontology;

/**
 * IRIs of the mcrc-kg vocabulary. Java reads the ontology through these annotation properties
 * only; what a rule means is in its class definition, never here.
 */
public final class Vocabulary {
    public static final String NS = "https://w3id.org/mcrc-kg/mcrc#";
    public static final String PATIENT_NS = "https://w3id.org/mcrc-kg/patient/";
    public static final String GRAPH_NS = "https://w3id.org/mcrc-kg/graph/";
    public static final String SUMMARY_NS = "https://w3id.org/mcrc-kg/summary/";

    public static final String PATIENT = NS + "Patient";
    public static final String RECORD_FIELD = NS + "recordField";
    public static final String AT_MOST_VALUE_OF = NS + "atMostValueOf";
    public static final String CLOSED_BY_COMPLETE_STAGING = NS + "closedByCompleteStaging";
    public static final String PROCEDURE_KEY = NS + "procedureKey";
    public static final String DISPLAY_ORDER = NS + "displayOrder";
    public static final String APPLICABLE_WHEN = NS + "applicableWhen";
    public static final String RULE_ID = NS + "ruleId";
    public static final String FOR_PROCEDURE = NS + "forProcedure";
    public static final String RECOMMENDATION_STATUS = NS + "recommendationStatus";
    public static final String HAS_EVIDENCE = NS + "hasEvidence";
    public static final String TAG = NS + "tag";
    public static final String EVIDENCE_ID = NS + "evidenceId";
    public static final String CLAIM = NS + "claim";
    public static final String KEY_NUMBERS = NS + "keyNumbers";
    public static final String STUDY_DESIGN = NS + "studyDesign";
    public static final String OXFORD_LEVEL = NS + "oxfordLevel";
    public static final String GRADE_CERTAINTY = NS + "gradeCertainty";
    public static final String PUBLICATION_YEAR = NS + "publicationYear";
    public static final String PMID = NS + "pmid";
    public static final String DOI = NS + "doi";
    public static final String VERIFICATION = NS + "verification";
    public static final String POST_REVIEW = NS + "postReview";
    public static final String PROVENANCE = NS + "provenance";
    public static final String MODELLING_CHOICE = NS + "modellingChoice";

    // answer vocabulary (inferences named graph)
    public static final String TREATMENT_ANSWER = NS + "TreatmentAnswer";
    public static final String ANSWERS_PATIENT = NS + "answersPatient";
    public static final String ABOUT_PROCEDURE = NS + "aboutProcedure";
    public static final String HAS_STATUS = NS + "hasStatus";
    public static final String FIRED_RULE = NS + "firedRule";
    public static final String REFUTED_RULE = NS + "refutedRule";
    public static final String CITES_EVIDENCE = NS + "citesEvidence";
    public static final String MISSING_FIELD = NS + "missingField";
    public static final String HAS_TAG = NS + "hasTag";
    public static final String IS_CONSISTENT = NS + "isConsistent";
    public static final String INCONSISTENCY_EXPLANATION = NS + "inconsistencyExplanation";

    // summary vocabulary (summary named graph): patients per procedure key and status
    public static final String STATUS_COUNT = NS + "StatusCount";
    public static final String COUNTED_PROCEDURE_KEY = NS + "countedProcedureKey";
    public static final String COUNTED_STATUS = NS + "countedStatus";
    public static final String PATIENT_COUNT = NS + "patientCount";
    // the patients in the patients graph, and the layout version of the summary graph's counts
    public static final String PATIENT_TOTAL = NS + "PatientTotal";
    public static final String COUNTS_VERSION = NS + "countsVersion";
    // patients per yes/no or numeric field of the patients graph: true or above zero, false or not
    public static final String FIELD_VALUE_COUNT = NS + "FieldValueCount";
    public static final String COUNTED_PROPERTY = NS + "countedProperty";
    public static final String COUNTED_PRESENT = NS + "countedPresent";
    // answers per status and set of fired rules (the evidence they cite is the rules' evidence)
    public static final String RULE_SET_COUNT = NS + "RuleSetCount";
    public static final String COUNTED_RULE = NS + "countedRule";

    public static final String DCTERMS_BIBLIOGRAPHIC_CITATION = "http://purl.org/dc/terms/bibliographicCitation";
    public static final String IAO_DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115";

    /** Named graphs of the dataset that {@code query} and the endpoint serve. */
    public static final String GRAPH_ONTOLOGY = GRAPH_NS + "ontology";
    public static final String GRAPH_PATIENTS = GRAPH_NS + "patients";
    public static final String GRAPH_INFERENCES = GRAPH_NS + "inferences";
    /** Counts kept as patients are written (aggregates without a scan): see {@code org.mcrckg.rdf.SummaryCounts}. */
    public static final String GRAPH_SUMMARY = GRAPH_NS + "summary";

    /** Explanations of answers (mcrc explain; query --explain), PROV-style. */
    public static final String GRAPH_EXPLANATIONS = GRAPH_NS + "explanations";

    // explanation vocabulary (explanations named graph); PROV-O for the derivation chain
    public static final String PROV_NS = "http://www.w3.org/ns/prov#";
    public static final String JUSTIFICATION = NS + "Justification";
    public static final String PATIENT_FACT = NS + "PatientFact";
    public static final String HAS_JUSTIFICATION = NS + "hasJustification";
    public static final String EXPLAINS_ROLE = NS + "explanationRole";
    public static final String JUSTIFIES_CLASS = NS + "justifiesClass";
    public static final String FACT_FIELD = NS + "factField";
    public static final String FACT_VALUE = NS + "factValue";
    public static final String FROM_STAGING_CLOSURE = NS + "fromStagingClosure";
    public static final String COMPARISON = NS + "comparison";
    public static final String SETTLED_BY = NS + "settledBy";
    public static final String SETTLING_FIELD = NS + "settlingField";
    public static final String NEXT_MEASUREMENT = NS + "nextMeasurement";
    public static final String SETTLES = NS + "settlesDecisions";
    public static final String MAY_SETTLE = NS + "maySettleDecisions";
    public static final String EXPLANATION_COMPLETE = NS + "explanationComplete";

    private Vocabulary() {}
}
