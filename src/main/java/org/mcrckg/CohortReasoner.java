package org.mcrckg;

import java.util.List;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.patient.PatientFiles;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.reasoning.Engine;
import org.mcrckg.reasoning.Materialisation;

/**
 * What a {@link CohortRun} needs of the {@code Mcrc} that made it: the reader, the reasoners, the
 * cache. An interface of its own, so that the run does not depend back on the facade.
 */
interface CohortReasoner {
    KnowledgeBase knowledgeBase();

    Engine engine();

    PatientFiles files();

    /** Starts the default engine's cache (and its background check) now; false when the engine has none. */
    boolean startCache();

    void saveCache();

    PatientAnswer classify(PatientRecord record, Materialisation materialisation);

    /** Every record in one reasoning pass, where the engine does that (the naive baseline); answers in the records' order. */
    List<PatientAnswer> classifyTogether(List<PatientRecord> records, Materialisation materialisation);

    PatientExplanation explain(PatientRecord record, String procedureKey, ExplainOptions options);
}
