package org.mcrckg.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;

/** The working tree's ontology and example cohort, classified once per JVM (it takes seconds). */
public final class Cohort {
    public static final Path ONTOLOGY = Path.of("ontology/mcrc.owl");
    public static final Path COHORT = Path.of("ontology/examples/cohort.csv");
    private static Mcrc mcrc;
    private static List<PatientRecord> records;
    private static Map<String, PatientAnswer> answers;

    private Cohort() {}

    public static synchronized Mcrc mcrc() {
        if (mcrc == null) mcrc = Mcrc.load(ONTOLOGY);
        return mcrc;
    }

    public static synchronized List<PatientRecord> records() {
        if (records == null) records = mcrc().read(List.of(COHORT));
        return records;
    }

    public static synchronized Map<String, PatientAnswer> answers() {
        if (answers == null) {
            answers = mcrc().classifyAll(records(), 2).stream().collect(Collectors.toMap(PatientAnswer::id, Function.identity()));
        }
        return answers;
    }
}
