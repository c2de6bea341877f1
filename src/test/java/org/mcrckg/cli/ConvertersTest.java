package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mcrckg.reasoning.Engine;
import org.mcrckg.report.AnswerFormat;
import org.mcrckg.report.StatusVocabulary;
import picocli.CommandLine.TypeConversionException;

/** One duration grammar for every --timeout, one way to read an enum's word. */
class ConvertersTest {
    final Converters.DurationConverter duration = new Converters.DurationConverter();

    @Test
    void durationsInEveryUnitAndBareSeconds() {
        assertEquals(Duration.ofMillis(500), duration.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), duration.convert("30s"));
        assertEquals(Duration.ofSeconds(30), duration.convert("30"));
        assertEquals(Duration.ofMillis(1500), duration.convert("1.5s"));
        assertEquals(Duration.ofMinutes(2), duration.convert("2m"));
        assertEquals(Duration.ofHours(1), duration.convert("1h"));
        assertEquals(Duration.ofSeconds(45), duration.convert("PT45S"));
        assertEquals(Duration.ofSeconds(10), duration.convert(" 10S "));
    }

    @Test
    void zeroNegativeAndWordsAreRefused() {
        for (String bad : new String[] {"0", "0s", "-5s", "soon", "5 minutes", "1d", "", "PTXS"}) {
            TypeConversionException e = assertThrows(TypeConversionException.class, () -> duration.convert(bad), bad);
            assertTrue(e.getMessage().contains("not a positive duration"), e.getMessage());
        }
    }

    @Test
    void enumWordsWithDashesAndTheListOfKnownOnes() {
        assertEquals(Engine.PER_PATIENT, new OntologyOptions.EngineConverter().convert("per-patient"));
        assertEquals(AnswerFormat.JSONL, new ClassifyCommand.FormatConverter().convert("JSONL"));
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> new ClassifyCommand.VocabularyConverter().convert("v3"));
        assertEquals("'v3' is not a status vocabulary: use v1 or v2", e.getMessage());
        assertEquals(StatusVocabulary.V1, new ClassifyCommand.VocabularyConverter().convert("v1"));
        e = assertThrows(TypeConversionException.class, () -> new ClassifyCommand.FormatConverter().convert("xml"));
        assertEquals("'xml' is not a format: use table, json, csv or jsonl", e.getMessage());
    }
}
