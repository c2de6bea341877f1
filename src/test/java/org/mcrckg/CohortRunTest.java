package org.mcrckg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.reasoning.Engine;
import org.mcrckg.reasoning.Materialisation;
import org.mcrckg.support.Cohort;
import org.mcrckg.support.GeneratedCohort;

/** The one cohort pipeline: validation first, answers in input order from a bounded window, explanations beside them. */
class CohortRunTest {
    @TempDir
    Path dir;

    @Test
    void patientsComeInInputOrderWithTheirOwnRecordsAndTheAnswersOfOneAtATime() throws IOException {
        Mcrc m = Cohort.mcrc();
        Path csv = dir.resolve("generated.csv");
        // more patients than two workers' window holds, so the window is drained while it is refilled
        int n = 2 * CohortRun.WINDOW_PER_THREAD + 44;
        List<String> ids = GeneratedCohort.write(csv, n);
        CohortRun run = m.cohort(List.of(csv)).threads(2);
        assertEquals(n, run.validate());
        List<ClassifiedPatient> ps = run.toList();
        assertEquals(ids, ps.stream().map(ClassifiedPatient::id).toList());
        for (ClassifiedPatient p : ps) {
            assertEquals(p.record().id(), p.answer().id());
            assertNull(p.explanation(), "no explanation unless asked");
            // a copy of example row V21 has V21's answer
            PatientAnswer alone = Cohort.answers().get(GeneratedCohort.template(p.id()));
            assertEquals(alone.treatments(), p.answer().treatments(), p.id());
            assertEquals(alone.consistent(), p.answer().consistent(), p.id());
        }
    }

    @Test
    void aDataErrorStopsTheRunBeforeAnyPatientIsHandedOn() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "patient_id,ecog\nP1,0\nP2,7\n");
        List<String> seen = new ArrayList<>();
        CohortRun run = Cohort.mcrc().cohort(List.of(csv)).threads(2);
        DataErrorException e = assertThrows(DataErrorException.class, () -> run.forEach(p -> seen.add(p.id())));
        assertTrue(e.getMessage().contains("ecog"), e.getMessage());
        assertEquals(List.of(), seen);
    }

    @Test
    void aCheckedExceptionOfTheSinkComesOutAsItIs() {
        IOException full = new IOException("disk full");
        CohortRun run = Cohort.mcrc().cohort(List.of(Cohort.COHORT)).threads(2);
        IOException thrown = assertThrows(IOException.class, () -> run.forEach(p -> {
            throw full;
        }));
        assertSame(full, thrown);
        assertThrows(IllegalStateException.class, run::toList, "a run is used once");
    }

    @Test
    void explanationsComeWithTheAnswersTheyExplain() throws IOException {
        Mcrc m = Cohort.mcrc();
        Path csv = dir.resolve("two.csv");
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/vignettes/V21.csv"));
        List<String> other = Files.readAllLines(Path.of("src/test/resources/vignettes/V01.csv"));
        Files.write(csv, List.of(lines.get(0), lines.get(1)));
        Path csv2 = dir.resolve("other.csv");
        Files.write(csv2, List.of(other.get(0), other.get(1)));
        List<ClassifiedPatient> ps = m.cohort(List.of(csv, csv2)).threads(2).explain(ExplainOptions.defaults()).toList();
        assertEquals(List.of("V21", "V01"), ps.stream().map(ClassifiedPatient::id).toList());
        for (ClassifiedPatient p : ps) {
            assertNotNull(p.explanation(), p.id());
            assertEquals(p.id(), p.explanation().patientId());
            assertSame(p.explanation().answer(), p.answer(), "with the answer classes, the answer is the one explained");
        }
        // with every defined class materialised the answer is classified apart, and agrees
        List<ClassifiedPatient> all = m.cohort(List.of(csv, csv2)).threads(2).materialisation(Materialisation.ALL_DEFINED_CLASSES)
                .explain(ExplainOptions.defaults()).toList();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(ps.get(i).answer().treatments(), all.get(i).answer().treatments());
            assertTrue(all.get(i).answer().entailedClasses().size() >= ps.get(i).answer().entailedClasses().size());
            assertEquals(ps.get(i).explanation().treatments().size(), all.get(i).explanation().treatments().size());
        }
    }

    @Test
    void aSelectionClassifiesOnlyTheRecordsItTakes() {
        List<ClassifiedPatient> ps = Cohort.mcrc().cohort(List.of(Cohort.COHORT)).threads(2).select(r -> r.id().equals("V05")).toList();
        assertEquals(List.of("V05"), ps.stream().map(ClassifiedPatient::id).toList());
        assertEquals(Cohort.answers().get("V05").treatments(), ps.get(0).answer().treatments());
    }

    @Test
    void theNaiveBaselineGivesTheSameAnswersThroughTheSameRun() {
        List<PatientRecord> some = Cohort.records().subList(0, 6);
        List<PatientAnswer> naive = Cohort.mcrc().withEngine(Engine.NAIVE).classifyAll(some, 2);
        assertEquals(some.stream().map(PatientRecord::id).toList(), naive.stream().map(PatientAnswer::id).toList());
        for (PatientAnswer a : naive) assertEquals(Cohort.answers().get(a.id()).treatments(), a.treatments(), a.id());
    }
}
