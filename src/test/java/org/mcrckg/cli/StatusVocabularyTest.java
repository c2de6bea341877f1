package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.cli.ClassifyErrorsTest.Run;
import org.mcrckg.ontology.Status;
import org.mcrckg.report.StatusVocabulary;

/**
 * {@code classify --status-vocabulary v1|v2}: version 2 of the contract (the default) writes
 * not_indicated; v1 writes it as not_recommended, as version 1 did, and keeps {@code basis}, so
 * nothing else of the answer changes.
 */
class StatusVocabularyTest {
    // N06: hepatectomy with every indication refuted (FLR 25% after 12 weeks of chemotherapy)
    static final String N06 = "src/test/resources/vignettes/N06-chemo12wk-flr25.csv";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Run classify(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("classify", N06, "--ontology", ClassifyErrorsTest.ONTOLOGY));
        args.addAll(List.of(extra));
        return ClassifyErrorsTest.run(args.toArray(new String[0]));
    }

    static JsonNode treatment(String json, String key) throws IOException {
        for (JsonNode t : JSON.readTree(json).get("patients").get(0).get("treatments")) {
            if (t.get("procedure").asText().equals(key)) return t;
        }
        throw new AssertionError("no " + key + " in " + json);
    }

    @Test
    void version2IsTheDefaultAndWritesNotIndicated() throws IOException {
        Run dflt = classify("--format", "json");
        Run v2 = classify("--format", "json", "--status-vocabulary", "v2");
        assertEquals(0, dflt.code(), dflt.err());
        assertEquals(dflt.out(), v2.out());
        JsonNode h = treatment(dflt.out(), "hepatectomy");
        assertEquals("not_indicated", h.get("status").asText());
        assertEquals("no_indication_met", h.get("basis").asText());
    }

    @Test
    void version1WritesNotIndicatedAsNotRecommendedAndKeepsBasis() throws IOException {
        Run v1 = classify("--format", "json", "--status-vocabulary", "v1");
        Run v2 = classify("--format", "json");
        assertEquals(0, v1.code(), v1.err());
        JsonNode h = treatment(v1.out(), "hepatectomy");
        assertEquals("not_recommended", h.get("status").asText());
        assertEquals("no_indication_met", h.get("basis").asText());
        assertFalse(v1.out().contains("not_indicated"), v1.out());
        // the only difference is that word
        assertTrue(v2.out().contains("\"not_indicated\""));
        assertEquals(v2.out().replace("\"not_indicated\"", "\"not_recommended\""), v1.out());
    }

    @Test
    void version1AppliesToCsvTableAndExplainedJson() throws IOException {
        Run csv = classify("--format", "csv", "--status-vocabulary", "V1");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().lines().anyMatch(l -> l.startsWith("N06-chemo12wk-flr25,true,hepatectomy,not_recommended,") && l.contains(",no_indication_met,")), csv.out());
        assertFalse(csv.out().contains("not_indicated"), csv.out());
        Run table = classify("--status-vocabulary", "v1");
        assertTrue(table.out().lines().anyMatch(l -> l.matches("\\s+hepatectomy\\s+not_recommended\\s+none met: .*")), table.out());
        assertFalse(table.out().contains("not_indicated"), table.out());
        Path out = tmp.resolve("explained.json");
        Run explained = classify("--format", "json", "--explain", "--status-vocabulary", "v1", "--out", out.toString());
        assertEquals(0, explained.code(), explained.err());
        JsonNode h = treatment(Files.readString(out), "hepatectomy");
        assertEquals("not_recommended", h.get("status").asText());
        assertEquals("ruled_out", h.get("explanation").get("reasons").get(0).get("role").asText());
    }

    @Test
    void anUnknownVocabularyIsBadUsage() {
        Run r = classify("--status-vocabulary", "v3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'v3' is not a status vocabulary: use v1 or v2"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void onlyNotIndicatedIsMapped() {
        for (Status s : Status.values()) {
            assertEquals(s.word(), StatusVocabulary.V2.word(s));
            assertEquals(s == Status.NOT_INDICATED ? "not_recommended" : s.word(), StatusVocabulary.V1.word(s), s.word());
        }
    }
}
