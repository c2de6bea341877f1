package org.mcrckg.patient;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologySource;
import org.mcrckg.support.TempDirs;

/**
 * Every bad input of docs/patient-record.md §1 is refused as the contract says: a data error
 * with a stable id that names the file, the line (CSV, JSON) or JSON path, and the field. Good
 * inputs that look odd (BOM, yes/no booleans, free column order, quoted commas, 2.0 for an
 * integer, null JSON values) are accepted. Fixtures are in src/test/resources/bad-input/, one
 * file per case, read from the source tree (the tests run in the project root).
 */
class BadInputTest {
    static final Path DIR = Path.of("src/test/resources/bad-input");

    static KnowledgeBase kb;
    static PatientFiles files;

    @BeforeAll
    static void loadKnowledgeBase() {
        kb = KnowledgeBase.load(OntologySource.file(Path.of("ontology/mcrc.owl")));
        files = new PatientFiles(kb);
    }

    // ------------------------------------------------------------------ helpers

    static Path fixture(String name) {
        Path p = DIR.resolve(name);
        assertTrue(Files.isRegularFile(p), "fixture missing: " + p);
        return p;
    }

    /** Reads the fixture and expects it to be refused; returns every error reported. */
    static List<DataError> refused(String name) {
        Path p = fixture(name);
        DataErrorException e = assertThrows(DataErrorException.class, () -> files.read(p),
                name + " must be refused with a data error");
        assertFalse(e.errors().isEmpty());
        for (DataError d : e.errors()) {
            assertEquals(p.toString(), d.location().file(), "every error names the file: " + d);
        }
        return e.errors();
    }

    /** The fixture must be refused with exactly one error, which is returned. */
    static DataError onlyError(String name) {
        List<DataError> errors = refused(name);
        assertEquals(1, errors.size(), () -> "expected exactly one error, got " + errors);
        return errors.get(0);
    }

    static List<PatientRecord> accepted(String name) {
        Path p = fixture(name);
        try {
            return files.read(p);
        } catch (DataErrorException e) {
            return fail(name + " must be accepted, but was refused: " + e.errors());
        }
    }

    static void assertError(DataError e, String id, long line, String field) {
        assertAll(e.toString(),
                () -> assertEquals(id, e.errorId(), "error id"),
                () -> assertEquals(line, e.location().line(), "line"),
                () -> assertEquals(field, e.field(), "field"),
                // the rendered message (what the CLI prints) names the field and the id too
                () -> assertTrue(field == null || e.toString().contains(field), "message names the field"),
                () -> assertTrue(e.toString().contains("[" + id + "]"), "message carries the id"));
    }

    static Map<String, PatientRecord> byId(List<PatientRecord> records) {
        return records.stream().collect(Collectors.toMap(PatientRecord::id, r -> r));
    }

    static Set<String> ids(List<DataError> errors) {
        return errors.stream().map(DataError::errorId).collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------ CSV: refused

    @Test
    void unknownColumnIsAnErrorWithADidYouMeanSuggestion() {
        DataError e = onlyError("unknown-column-typo.csv");
        assertEquals("data#unknown-field", e.errorId());
        assertEquals("flr_percnt", e.field());
        // reported at the header (line 1) or at the row that carries the column (line 2)
        assertTrue(e.location().line() == 1 || e.location().line() == 2, "line of the error: " + e);
        assertTrue(e.message().contains("did you mean 'flr_percent'"), "suggestion: " + e.message());
    }

    @ParameterizedTest(name = "{0}: {2} -> {3} at line {1}")
    @CsvSource({
        // fixture,                              line, field,                 id
        "out-of-range-ecog-high.csv,             3,    ecog,                  data#out-of-range",
        "out-of-range-ecog-low.csv,              2,    ecog,                  data#out-of-range",
        "out-of-range-age-low.csv,               3,    age,                   data#out-of-range",
        "out-of-range-age-high.csv,              2,    age,                   data#out-of-range",
        "out-of-range-flr.csv,                   3,    flr_percent,           data#out-of-range",
        "out-of-range-flr-negative.csv,          2,    flr_percent,           data#out-of-range",
        "out-of-range-liver-diameter-zero.csv,   2,    liver_max_diameter_cm, data#out-of-range",
        "not-an-integer-ecog.csv,                2,    ecog,                  data#not-an-integer",
        "not-a-decimal-comma.csv,                2,    liver_max_diameter_cm, data#not-a-decimal",
        "not-a-boolean.csv,                      2,    fit_for_major_surgery, data#not-a-boolean",
        "unknown-word-uppercase.csv,             3,    primary_site,          data#unknown-word",
        "duplicate-patient-id.csv,               4,    patient_id,            data#duplicate-patient-id",
        "missing-patient-id.csv,                 3,    patient_id,            data#missing-patient-id",
        // OWL cannot compare two fields: the reader checks mcrc:atMostValueOf (P3 leaves the count unknown: no error)
        "lesions-up-to-3cm-above-count.csv,      3,    liver_lesions_up_to_3cm_count, data#exceeds-field",
    })
    void valueErrorNamesFileLineAndField(String fixture, long line, String field, String id) {
        assertError(onlyError(fixture), id, line, field);
    }

    @Test
    void lesionsUpTo3cmAboveTheCountNameTheOtherFieldInJsonToo() {
        DataError e = onlyError("lesions-up-to-3cm-above-count.json");
        assertEquals("data#exceeds-field", e.errorId());
        assertEquals("liver_lesions_up_to_3cm_count", e.field());
        assertTrue(e.location().toString().contains("[1]"), e.location().toString());
        assertTrue(e.message().contains("liver_met_count (1)"), e.message());
    }

    @Test
    void outOfRangeMessageSaysWhatIsAllowed() {
        assertTrue(onlyError("out-of-range-ecog-high.csv").message().contains("from 0 to 4"));
        assertTrue(onlyError("out-of-range-age-low.csv").message().contains("from 18 to 120"));
        // the lower bound of liver_max_diameter_cm is exclusive: "> 0", not ">= 0"
        String m = onlyError("out-of-range-liver-diameter-zero.csv").message();
        assertTrue(m.contains("> 0") && !m.contains(">= 0"), m);
    }

    @Test
    void decimalCommaHintsAtThePoint() {
        DataError e = onlyError("not-a-decimal-comma.csv");
        assertTrue(e.message().contains("'2,5'"), e.message());
        assertTrue(e.message().contains("'.'"), "hint at '.': " + e.message());
    }

    @Test
    void capitalisedEnumerationWordHintsAtLowerCase() {
        DataError e = onlyError("unknown-word-uppercase.csv");
        assertTrue(e.message().contains("lower case"), e.message());
        assertTrue(e.message().contains("'left_colon'"), e.message());
    }

    @Test
    void duplicatePatientIdPointsAtTheFirstUse() {
        DataError e = onlyError("duplicate-patient-id.csv");
        assertTrue(e.message().contains("'P1'"), e.message());
        assertTrue(e.message().contains(fixture("duplicate-patient-id.csv") + ":2"), "names the first occurrence: " + e.message());
    }

    @Test
    void rowWithTheWrongNumberOfCellsIsMalformed() {
        List<DataError> errors = refused("wrong-cell-count.csv");
        assertEquals(2, errors.size(), errors::toString);
        assertError(errors.get(0), "data#malformed", 2, null);
        assertTrue(errors.get(0).message().contains("4 cells") && errors.get(0).message().contains("header has 3"), errors.get(0).message());
        assertError(errors.get(1), "data#malformed", 3, null);
        assertTrue(errors.get(1).message().contains("2 cells"), errors.get(1).message());
    }

    @Test
    void nonUtf8BytesAreRefused() {
        DataError e = onlyError("non-utf8.csv");
        assertEquals("data#malformed", e.errorId());
        assertNull(e.field(), "a whole-file problem has no field");
        assertTrue(e.message().contains("UTF-8"), e.message());
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        assertEquals(0, Files.size(fixture("empty.csv")));
        DataError e = onlyError("empty.csv");
        assertEquals("data#malformed", e.errorId());
        assertEquals(1, e.location().line());
        assertTrue(e.message().contains("header"), e.message());
    }

    @Test
    void lineNumbersStayRightAfterAQuotedCellThatSpansTwoLines() {
        // P1 line 2, "P\n2" lines 3-4 (a line break is not allowed in an id), P3 (ecog 7) line 5
        List<DataError> errors = refused("multiline-quoted-cell.csv");
        assertEquals(2, errors.size(), errors.toString());
        assertError(errors.get(0), "data#bad-character", 3, "patient_id");
        assertError(errors.get(1), "data#out-of-range", 5, "ecog");
    }

    @Test
    void lineNumbersStayRightAfterABlankLine() {
        // header line 1, P1 line 2, blank line 3, P2 (ecog 5) line 4
        assertError(onlyError("blank-line-then-error.csv"), "data#out-of-range", 4, "ecog");
    }

    @Test
    void unknownColumnInAHeaderOnlyFileIsAnError() {
        DataError e = onlyError("unknown-column-header-only.csv");
        assertError(e, "data#unknown-field", 1, "flr_percnt");
    }

    // ------------------------------------------------------------------ CSV: accepted

    @Test
    void byteOrderMarkAtTheStartIsAccepted() throws Exception {
        byte[] head = Files.readAllBytes(fixture("bom-header.csv"));
        assertEquals((byte) 0xEF, head[0], "the fixture really starts with a BOM");
        List<PatientRecord> rs = accepted("bom-header.csv");
        assertEquals(1, rs.size());
        assertEquals("P1", rs.get(0).id());
        assertEquals("1", rs.get(0).values().get("ecog"));
    }

    @Test
    void booleanWordsAreAccepted() {
        PatientRecord r = accepted("boolean-words.csv").get(0);
        assertEquals("true", r.values().get("fit_for_major_surgery"));   // yes
        assertEquals("false", r.values().get("expert_centre"));          // no
        assertEquals("true", r.values().get("liver_bilobar"));           // 1
        assertEquals("false", r.values().get("liver_r0_feasible"));      // 0
        assertEquals("true", r.values().get("bone_mets"));               // TRUE
        assertEquals("false", r.values().get("staging_complete"));       // False
    }

    @Test
    void columnOrderIsFree() {
        PatientRecord a = accepted("column-order-a.csv").get(0);
        PatientRecord b = accepted("column-order-b.csv").get(0);
        assertEquals(a.values(), b.values());
        assertEquals(Map.of("patient_id", "P1", "age", "60", "ecog", "1", "primary_site", "left_colon", "flr_percent", "45.5"), a.values());
    }

    @Test
    void quotedCellsWithCommasAndQuotesAreAccepted() {
        Map<String, PatientRecord> rs = byId(accepted("quoted-cells.csv"));
        assertEquals(Set.of("Smith, J. \"P1\"", "P2, second"), rs.keySet());
        assertEquals("60", rs.get("Smith, J. \"P1\"").values().get("age"));
        assertEquals("left_colon", rs.get("Smith, J. \"P1\"").values().get("primary_site"));
        assertEquals("right_colon", rs.get("P2, second").values().get("primary_site"));
    }

    @Test
    void wholeNumberWrittenAsDecimalIsAnInteger() {
        PatientRecord r = accepted("integer-written-as-decimal.csv").get(0);
        assertEquals("2", r.values().get("ecog"));
        assertEquals("3", r.values().get("liver_met_count"));
    }

    @Test
    void rangeBoundsThemselvesAreAccepted() {
        Map<String, PatientRecord> rs = byId(accepted("range-boundaries.csv"));
        assertEquals("18", rs.get("P1").values().get("age"));
        assertEquals("0", rs.get("P1").values().get("ecog"));
        assertEquals("0", rs.get("P1").values().get("flr_percent"));
        assertEquals("0.01", rs.get("P1").values().get("liver_max_diameter_cm"));
        assertEquals("120", rs.get("P2").values().get("age"));
        assertEquals("4", rs.get("P2").values().get("ecog"));
        assertEquals("100", rs.get("P2").values().get("flr_percent"));
        assertEquals("39", rs.get("P2").values().get("pci"));
    }

    // ------------------------------------------------------------------ JSON

    @Test
    void bothShapesAreAcceptedAndGiveTheSameRecords() {
        List<PatientRecord> array = accepted("array-shape.json");
        List<PatientRecord> object = accepted("patients-object-shape.json");
        assertEquals(2, array.size());
        assertEquals(array.stream().map(PatientRecord::values).toList(), object.stream().map(PatientRecord::values).toList());
        assertEquals("45.5", array.get(0).values().get("flr_percent"));
        assertEquals("true", array.get(0).values().get("fit_for_major_surgery"));
        assertEquals("$.patients[1]", object.get(1).location().path());
        assertEquals("$[1]", array.get(1).location().path());
    }

    @Test
    void nullAndAbsentKeysMeanUnknown() {
        Map<String, PatientRecord> rs = byId(accepted("null-and-absent.json"));
        assertEquals(Map.of("patient_id", "N1"), rs.get("N1").values());
        assertEquals(Map.of("patient_id", "N2"), rs.get("N2").values());
        assertFalse(rs.get("N1").isKnown("ecog"));
        assertFalse(rs.get("N1").isKnown("liver_bilobar"));
    }

    @Test
    void unknownKeyNamesItsPath() {
        DataError e = onlyError("unknown-key.json");
        assertError(e, "data#unknown-field", 3, "flr_percnt");
        assertEquals("$[0].flr_percnt", e.location().path());
        assertTrue(e.message().contains("did you mean 'flr_percent'"), e.message());
    }

    @Test
    void objectAsAValueIsRefused() {
        DataError e = onlyError("wrong-type-object.json");
        assertEquals("data#malformed", e.errorId());
        assertEquals(3, e.location().line());
        assertEquals("$[0].ecog", e.location().path(), "the JSON path names the field");
        assertTrue(e.toString().contains("ecog"), e.toString());
    }

    @Test
    void malformedJsonNamesTheLine() {
        DataError e = onlyError("malformed.json");
        assertEquals("data#malformed", e.errorId());
        assertEquals(3, e.location().line(), e.toString());
        assertTrue(e.message().contains("not valid JSON"), e.message());
    }

    @Test
    void outOfRangeNamesTheArrayPath() {
        DataError e = onlyError("out-of-range-path.json");
        assertError(e, "data#out-of-range", 4, "flr_percent");
        assertEquals("$[1].flr_percent", e.location().path());
        assertTrue(e.toString().contains("$[1].flr_percent"), e.toString());
    }

    @Test
    void outOfRangeNamesThePatientsObjectPath() {
        DataError e = onlyError("out-of-range-patients-object.json");
        assertError(e, "data#out-of-range", 3, "ecog");
        assertEquals("$.patients[0].ecog", e.location().path());
    }

    @Test
    void trailingContentAfterTheArrayIsMalformed() {
        List<DataError> errors = refused("trailing-content.json");
        assertTrue(ids(errors).contains("data#malformed"), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.location().line() == 4), errors::toString);
    }

    @Test
    void exponentNumbersInJsonAreDecimals() {
        PatientRecord r = accepted("exponent-number.json").get(0);
        assertEquals("0.00001", r.values().get("cea_ng_ml"));
        assertEquals("45", r.values().get("flr_percent"));
    }

    // ------------------------------------------------------------------ Turtle

    @Test
    void validTurtleIsAccepted() {
        List<PatientRecord> rs = accepted("valid.ttl");
        assertEquals(1, rs.size());
        PatientRecord r = rs.get(0);
        assertEquals("T1", r.id());
        assertEquals("25", r.values().get("flr_percent"));
        assertEquals("1", r.values().get("ecog"));
        assertEquals("true", r.values().get("fit_for_major_surgery"));
        assertEquals("left_colon", r.values().get("primary_site"));
    }

    @Test
    void unknownMcrcPropertyIsAnUnknownField() {
        DataError e = onlyError("unknown-property.ttl");
        assertEquals("data#unknown-field", e.errorId());
        assertEquals("flr_percnt", e.field());
        assertTrue(e.location().path().contains("<https://w3id.org/mcrc-kg/patient/T1>"), "names the subject: " + e);
        assertTrue(e.location().path().contains("mcrc:flr_percnt"), e.toString());
    }

    @Test
    void malformedTurtleIsRefused() {
        DataError e = onlyError("malformed.ttl");
        assertEquals("data#malformed", e.errorId());
        assertTrue(e.message().contains("Turtle"), e.message());
        assertTrue(e.message().contains("line: 5"), "the parser's line is in the message: " + e.message());
    }

    @Test
    void twoValuesForOneFieldAreAnError() {
        DataError e = onlyError("two-values.ttl");
        assertEquals("data#malformed", e.errorId());
        assertEquals("ecog", e.field());
        assertTrue(e.message().contains("two values"), e.message());
        assertTrue(e.location().path().contains("mcrc:ecog"), e.toString());
    }

    @Test
    void outOfRangeValueNamesSubjectAndField() {
        DataError e = onlyError("out-of-range.ttl");
        assertEquals("data#out-of-range", e.errorId());
        assertEquals("flr_percent", e.field());
        assertEquals("<https://w3id.org/mcrc-kg/patient/T1> mcrc:flr_percent", e.location().path());
    }

    // ------------------------------------------------------------------ files

    @Test
    void unsupportedExtensionIsRefused() {
        DataError e = onlyError("unsupported.xlsx");
        assertEquals("data#unsupported-format", e.errorId());
        assertNull(e.field());
        assertTrue(e.message().contains(".csv"), e.message());
    }

    @Test
    void missingFileIsUnreadable() {
        Path missing = DIR.resolve("no-such-file.csv");
        assertFalse(Files.exists(missing));
        DataErrorException x = assertThrows(DataErrorException.class, () -> files.read(missing));
        assertEquals(1, x.errors().size());
        DataError e = x.errors().get(0);
        assertEquals("data#unreadable", e.errorId());
        assertEquals(missing.toString(), e.location().file());
    }

    @Test
    void severalErrorsInOneCsvAreAllReported() {
        List<DataError> errors = refused("several-errors.csv");
        assertEquals(4, errors.size(), errors::toString);
        assertError(errors.get(0), "data#out-of-range", 2, "age");
        assertError(errors.get(1), "data#out-of-range", 2, "ecog");
        assertError(errors.get(2), "data#out-of-range", 3, "flr_percent");
        assertError(errors.get(3), "data#unknown-word", 3, "sex");
    }

    @Test
    void severalErrorsInOneJsonAreAllReported() {
        List<DataError> errors = refused("several-errors.json");
        assertEquals(3, errors.size(), errors::toString);
        assertError(errors.get(0), "data#out-of-range", 2, "age");
        assertEquals("$[0].age", errors.get(0).location().path());
        assertError(errors.get(1), "data#unknown-word", 3, "sex");
        assertEquals("$[1].sex", errors.get(1).location().path());
        assertError(errors.get(2), "data#duplicate-patient-id", 5, "patient_id");
        assertEquals("$[3].patient_id", errors.get(2).location().path());
    }

    @Test
    void errorsFromEveryFileAreCollected() {
        Path a = fixture("out-of-range-flr.csv");
        Path b = fixture("out-of-range-path.json");
        DataErrorException x = assertThrows(DataErrorException.class, () -> files.readAll(List.of(a, b)));
        assertEquals(2, x.errors().size(), x.errors()::toString);
        assertEquals(a.toString(), x.errors().get(0).location().file());
        assertEquals(b.toString(), x.errors().get(1).location().file());
    }

    @Test
    void samePatientIdInTwoFilesIsADuplicate() {
        Path a = fixture("dup-across-a.csv");
        Path b = fixture("dup-across-b.json");
        // each file is fine on its own
        assertEquals(2, files.read(a).size());
        assertEquals(2, files.read(b).size());
        DataErrorException x = assertThrows(DataErrorException.class, () -> files.readAll(List.of(a, b)));
        assertEquals(1, x.errors().size(), x.errors()::toString);
        DataError e = x.errors().get(0);
        assertEquals("data#duplicate-patient-id", e.errorId());
        assertEquals("patient_id", e.field());
        assertEquals(b.toString(), e.location().file());
        assertEquals(3, e.location().line());
        assertEquals("$[1]", e.location().path());
        assertTrue(e.message().contains("'D7'") && e.message().contains(a + ":3"), "names the other file and line: " + e.message());
    }

    // ------------------------------------------------------------------ staging_complete closure

    @Test
    void completeStagingClosesEmptySiteFields() {
        PatientRecord s1 = byId(accepted("staging-closure.csv")).get("S1");
        assertEquals("0", s1.values().get("liver_met_count"));
        assertTrue(s1.closedFields().contains("liver_met_count"));
        // boolean site fields are closed to false
        assertEquals("false", s1.values().get("peritoneal_mets"));
        assertTrue(s1.closedFields().contains("peritoneal_mets"));
        // a value from the file is kept and is not a closure
        assertEquals("3", s1.values().get("lung_met_count"));
        assertFalse(s1.closedFields().contains("lung_met_count"));
        // a field the ontology does not mark closedByCompleteStaging stays unknown
        assertFalse(s1.isKnown("liver_bilobar"));
        assertFalse(s1.closedFields().contains("liver_bilobar"));
    }

    @Test
    void yesCountsAsCompleteStagingButAnExplicitCountIsKept() {
        PatientRecord s4 = byId(accepted("staging-closure.csv")).get("S4");
        assertEquals("5", s4.values().get("liver_met_count"));
        assertFalse(s4.closedFields().contains("liver_met_count"));
        assertEquals("0", s4.values().get("lung_met_count"));
        assertTrue(s4.closedFields().contains("lung_met_count"));
    }

    @Test
    void incompleteOrUnknownStagingLeavesEmptyFieldsUnknown() {
        Map<String, PatientRecord> rs = byId(accepted("staging-closure.csv"));
        for (String id : List.of("S2", "S3")) {
            PatientRecord r = rs.get(id);
            assertFalse(r.isKnown("liver_met_count"), id + ": " + r);
            assertFalse(r.isKnown("peritoneal_mets"), id + ": " + r);
            assertTrue(r.closedFields().isEmpty(), id + ": " + r);
        }
    }

    @Test
    void closureThroughTheValidatorApi() {
        RecordValidator v = new RecordValidator(kb);
        List<DataError> errors = new java.util.ArrayList<>();
        java.util.LinkedHashMap<String, String> raw = new java.util.LinkedHashMap<>();
        raw.put("patient_id", "A1");
        raw.put("staging_complete", "true");
        raw.put("liver_met_count", "");
        PatientRecord closed = v.validate(new RawRecord(SourceLocation.api(), raw, Map.of()), errors);
        assertTrue(errors.isEmpty(), errors::toString);
        assertEquals("0", closed.values().get("liver_met_count"));
        assertTrue(closed.closedFields().contains("liver_met_count"));

        raw.put("staging_complete", "false");
        PatientRecord open = v.validate(new RawRecord(SourceLocation.api(), raw, Map.of()), errors);
        assertTrue(errors.isEmpty(), errors::toString);
        assertFalse(open.isKnown("liver_met_count"));
        assertFalse(open.closedFields().contains("liver_met_count"));

        raw.put("staging_complete", null);
        PatientRecord unknown = v.validate(new RawRecord(SourceLocation.api(), raw, Map.of()), errors);
        assertTrue(errors.isEmpty(), errors::toString);
        assertFalse(unknown.isKnown("liver_met_count"));
        assertTrue(unknown.closedFields().isEmpty());
    }

    // ------------------------------------------------------------------ limits checked before parsing

    @Test
    void aHugeExponentIsTooLongNotAnOutOfMemory() {
        DataError e = onlyError("huge-exponent.json");
        assertError(e, "data#too-long", 1, "cea_ng_ml");
        assertEquals("$[0].cea_ng_ml", e.location().path());
        assertTrue(e.message().contains("1e999999999"), e.message());
        assertError(onlyError("tiny-exponent.json"), "data#too-long", 1, "cea_ng_ml");
    }

    static Path temp(String name, String content) throws Exception {
        Path dir = TempDirs.create("mcrc-bad-input");
        return Files.writeString(dir.resolve(name), content);
    }

    static DataError onlyError(Path p) {
        DataErrorException e = assertThrows(DataErrorException.class, () -> files.read(p));
        assertEquals(1, e.errors().size(), e.errors().toString());
        return e.errors().get(0);
    }

    @Test
    void aMillionDigitCellIsRefusedByItsLengthAndTheMessageIsShort() throws Exception {
        String digits = "1".repeat(1_000_000);
        Path p = temp("million.csv", "patient_id,cea_ng_ml\nP1," + digits + "\n");
        DataError e = onlyError(p);
        assertError(e, "data#too-long", 2, "cea_ng_ml");
        assertTrue(e.toString().length() < 300, "the value is not echoed whole: " + e.toString().length() + " chars");
        assertTrue(e.message().contains("1".repeat(InputLimits.SHOWN_CHARS) + "… (1000000 chars)"), e.message());
    }

    @Test
    void numberLengthEdges() throws Exception {
        // 40 characters is the most a number may have; 41 is too long
        String forty = "1." + "0".repeat(38), fortyOne = forty + "0";
        assertEquals(40, forty.length());
        assertEquals("1", files.read(temp("n40.csv", "patient_id,cea_ng_ml\nP1," + forty + "\n")).get(0).values().get("cea_ng_ml"));
        assertError(onlyError(temp("n41.csv", "patient_id,cea_ng_ml\nP1," + fortyOne + "\n")), "data#too-long", 2, "cea_ng_ml");
    }

    @Test
    void anyLongCellIsRefusedWithAShortMessage() throws Exception {
        String word = "x".repeat(10_000_000);
        DataError e = onlyError(temp("word.csv", "patient_id,primary_site\nP1," + word + "\n"));
        assertError(e, "data#too-long", 2, "primary_site");
        assertTrue(e.toString().length() < 300, e.toString().length() + " chars");
        DataError col = onlyError(temp("column.csv", "patient_id," + "y".repeat(100_000) + "\nP1,1\n"));
        assertEquals("data#unknown-field", col.errorId());
        assertTrue(col.toString().length() < 300, col.toString().length() + " chars");
    }

    @Test
    void idLengthEdges() throws Exception {
        String ok = "P".repeat(InputLimits.MAX_ID_CHARS), tooLong = ok + "P";
        assertEquals(ok, files.read(temp("id128.csv", "patient_id,ecog\n" + ok + ",1\n")).get(0).id());
        assertError(onlyError(temp("id129.csv", "patient_id,ecog\n" + tooLong + ",1\n")), "data#too-long", 2, "patient_id");
    }

    @Test
    void aControlCharacterInAnIdIsADataError() throws Exception {
        DataError csv = onlyError("control-character-id.csv");
        assertError(csv, "data#bad-character", 3, "patient_id");
        assertTrue(csv.message().contains("P\\u00072"), "the character is shown escaped: " + csv.message());
        assertFalse(csv.toString().contains("\u0007"), "no raw control character reaches the terminal");
        DataError json = onlyError("control-character-id.json");
        assertError(json, "data#bad-character", 2, "patient_id");
        for (String bad : List.of("P\t1", "P\u00851", "P\uFFFE1", "P\uD800x", "P\u007f1")) {
            assertEquals("data#bad-character", onlyError(temp("bad.json", "[{\"patient_id\": \"" + jsonEscape(bad) + "\"}]")).errorId(), bad);
        }
        // what XML 1.0 allows, beyond ASCII, is fine
        assertEquals("Muñoz-𝔸", files.read(temp("ok.json", "[{\"patient_id\": \"Muñoz-𝔸\"}]")).get(0).id());
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return b.toString();
    }

    @Test
    void shownValues() {
        assertEquals("abc", InputLimits.shown("abc"));
        assertEquals("a\\u0000b", InputLimits.shown("a\u0000b"));
        assertEquals("x".repeat(40) + "… (41 chars)", InputLimits.shown("x".repeat(41)));
        assertEquals("x".repeat(40), InputLimits.shown("x".repeat(40)));
    }

    // ------------------------------------------------------------------ Turtle and JSON structure

    @Test
    void aBadPercentEncodingInASubjectIsALocatedDataError() {
        DataError e = onlyError("percent-zz.ttl");
        assertEquals("data#malformed", e.errorId());
        assertEquals("patient_id", e.field());
        assertTrue(e.location().path().contains("T%zz"), "names the subject: " + e);
    }

    @Test
    void aSubjectWhosePropertiesAreAllMisspeltIsReported() {
        List<DataError> errors = refused("all-properties-misspelt.ttl");
        assertEquals(Set.of("ecgo", "flr_percnt"), errors.stream().map(DataError::field).collect(Collectors.toSet()), errors.toString());
        for (DataError e : errors) {
            assertEquals("data#unknown-field", e.errorId());
            assertTrue(e.location().path().contains("patient/T2"), e.toString());
        }
    }

    @Test
    void turtleThatIsNotUtf8IsRefused() {
        DataError e = onlyError("latin1.ttl");
        assertEquals("data#malformed", e.errorId());
        assertTrue(e.message().contains("UTF-8"), e.message());
        assertEquals(4, e.location().line());
    }

    @Test
    void aRepeatedPatientsKeyIsRefused() {
        DataError e = onlyError("repeated-patients-key.json");
        assertEquals("data#malformed", e.errorId());
        assertTrue(e.message().contains("patients"), e.message());
        assertEquals(2, e.location().line());
    }

    @Test
    void whatTheConsumerThrowsIsNotACsvError() {
        var failure = new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
        var thrown = assertThrows(java.io.UncheckedIOException.class,
                () -> new CsvPatientReader(kb.fields().keySet()).forEach(fixture("good-patient.csv"), r -> { throw failure; }));
        assertTrue(thrown == failure, "the consumer's exception, not a data#malformed: " + thrown);
    }
}
