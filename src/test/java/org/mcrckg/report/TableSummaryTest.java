package org.mcrckg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Status;

/** The table ends with one line: patients, inconsistent ones, answers per status word. */
class TableSummaryTest {
    static TreatmentAnswer t(String procedure, Status s) {
        return new TreatmentAnswer(procedure, s, List.of(), List.of(), List.of(), Optional.empty(), Basis.RULE_ENTAILED);
    }

    static String lastLine(StatusVocabulary vocabulary, List<PatientAnswer> answers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AnswerWriter("https://example.org/o", "1", "0").withStatusVocabulary(vocabulary).write(answers, AnswerFormat.TABLE, out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("", lines.get(lines.size() - 2), "a blank line before the summary");
        return lines.get(lines.size() - 1);
    }

    final List<PatientAnswer> cohort = List.of(
            new PatientAnswer("A", true, List.of(), List.of(t("hepatectomy", Status.RECOMMENDED), t("hipec", Status.NOT_INDICATED),
                    t("ablation", Status.NOT_RECOMMENDED)), List.of(), List.of()),
            new PatientAnswer("B", true, List.of(), List.of(t("hepatectomy", Status.UNDETERMINED), t("hipec", Status.NOT_INDICATED),
                    t("ablation", Status.RECOMMENDED)), List.of(), List.of()),
            new PatientAnswer("X", false, List.of("ecog = 9"), List.of(), List.of(), List.of()));

    @Test
    void countsPatientsInconsistentAndAnswersInTheContractsOrder() throws Exception {
        assertEquals("3 patients (1 inconsistent); answers: 2 recommended, 1 not_recommended, 2 not_indicated, 1 undetermined",
                lastLine(StatusVocabulary.V2, cohort));
    }

    @Test
    void version1WordsAreCountedOnce() throws Exception {
        assertEquals("3 patients (1 inconsistent); answers: 2 recommended, 3 not_recommended, 1 undetermined", lastLine(StatusVocabulary.V1, cohort));
    }

    @Test
    void anEmptyCohortSaysSo() throws Exception {
        assertEquals("0 patients (0 inconsistent)", lastLine(StatusVocabulary.V2, List.of()));
    }
}
