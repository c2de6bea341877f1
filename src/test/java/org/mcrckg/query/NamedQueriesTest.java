package org.mcrckg.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.rdf.CohortDataset;
import org.mcrckg.store.PatientStore;
import org.mcrckg.rdf.CohortDataset.Explanations;
import org.mcrckg.reasoning.Materialisation;

/**
 * Golden tests for the named queries users run: every {@code .rq} directly in {@code queries/}
 * (not {@code queries/qc/}, which {@code OntologyQcTest} covers) is run over the example cohort
 * ({@code ontology/examples/cohort.csv}, classified once for the whole class, as
 * {@code bin/mcrc query --data} sees it) and compared with
 * {@code src/test/resources/queries/<name>.expected.tsv}. A query without a golden file fails,
 * and so does a golden file without a query.
 *
 * <p>Golden file format: a header line with the variable names (without {@code ?}), then one line
 * per row; cells separated by tabs; each cell the lexical value (IRIs written in full, literals
 * without quotes, datatype or language tag), empty when unbound; a backslash, tab, newline or
 * carriage return inside a value is written {@code \\}, {@code \t}, {@code \n}, {@code \r}.
 *
 * <p>Comparison is by meaning: cells that both read as numbers are compared as numbers
 * ({@code 20} equals {@code 20.0}); rows are compared as a multiset, and, when the query has an
 * ORDER BY, also in order (so a query with ORDER BY must order its rows totally).
 *
 * <p>After a deliberate change to a query, the ontology or the reasoning, regenerate the golden
 * files and review the diff before committing it:
 * <pre>{@code
 * mvn -q test -Dtest=NamedQueriesTest -Dmcrc.regenerate=true
 * git diff src/test/resources/queries/
 * }</pre>
 * With {@code mcrc.regenerate=true} the golden test writes the files instead of comparing; it
 * never runs that way in a normal build.
 */
class NamedQueriesTest {
    static final Path QUERIES = Path.of("queries");
    static final Path GOLDEN = Path.of("src/test/resources/queries");
    static final boolean REGENERATE = Boolean.getBoolean("mcrc.regenerate");

    /** The queries the project promises (README, docs/patient-record.md §3); competency questions are {@code cqNN-*.rq}. */
    static final List<String> CORE = List.of("applicable-treatments", "evidence-for-procedure", "cohort-summary");
    static final int MIN_COMPETENCY_QUESTIONS = 15;

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    static final Set<String> EXPLAINED = Set.of("V05", "N06-chemo12wk-flr25", "N45-r0-unknown");

    private static KnowledgeBase kb;
    private static Model ontology;
    private static Dataset cohort;
    /** The same cohort in a temporary TDB2 store, as {@code mcrc query --data} writes it. */
    private static PatientStore store;
    private static int consistentPatients;

    @BeforeAll
    static void classifyCohortOnce() {
        Mcrc m = Mcrc.load(Path.of("ontology/mcrc.owl"));
        List<PatientRecord> records = m.read(List.of(Path.of("ontology/examples/cohort.csv")));
        List<PatientAnswer> answers = m.classifyAll(records, Math.max(2, Runtime.getRuntime().availableProcessors()),
                Materialisation.ALL_DEFINED_CLASSES);
        kb = m.knowledgeBase();
        ontology = CohortDataset.ontology(kb);
        // explanations of a few patients, as query --explain adds them (the whole cohort would take minutes)
        List<PatientRecord> explained = records.stream().filter(r -> EXPLAINED.contains(r.id())).toList();
        Map<String, PatientExplanation> explanations = new TreeMap<>();
        m.explainAll(explained, 2, ExplainOptions.defaults().withTimeout(Duration.ofMinutes(10))).forEach(e -> explanations.put(e.patientId(), e));
        CohortDataset c = CohortDataset.create(kb, Explanations.INCLUDED);
        for (int i = 0; i < records.size(); i++) c.add(records.get(i), answers.get(i), explanations.get(records.get(i).id()));
        cohort = c.dataset();
        store = PatientStore.temporary();
        store.replaceOntology(ontology);
        store.replace(c);
        consistentPatients = (int) answers.stream().filter(PatientAnswer::consistent).count();
    }

    @org.junit.jupiter.api.AfterAll
    static void deleteStore() {
        if (store != null) store.close();
        assertFalse(store != null && Files.exists(store.directory()), "a temporary store is deleted when closed");
    }

    static Stream<String> namedQueries() {
        try (Stream<Path> files = Files.list(QUERIES)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rq"))
                    .map(n -> n.substring(0, n.length() - ".rq".length())).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + QUERIES, e);
        }
    }

    @Test
    void coreQueriesAndEnoughCompetencyQuestionsArePresent() {
        Set<String> present = namedQueries().collect(Collectors.toCollection(TreeSet::new));
        assertTrue(present.containsAll(CORE), "core queries missing from " + QUERIES + ": " + CORE + " vs " + present);
        long cqs = present.stream().filter(n -> n.matches("cq\\d\\d-[a-z0-9-]+")).count();
        assertTrue(cqs >= MIN_COMPETENCY_QUESTIONS, "at least " + MIN_COMPETENCY_QUESTIONS + " competency questions (cqNN-*.rq), found " + cqs);
    }

    @Test
    void everyGoldenFileHasItsQuery() throws IOException {
        Set<String> queries = namedQueries().collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(GOLDEN)) {
            List<String> orphans = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.tsv"))
                    .map(n -> n.substring(0, n.length() - ".expected.tsv".length())).filter(n -> !queries.contains(n))
                    .sorted().toList();
            assertTrue(orphans.isEmpty(), "golden files without a query in " + QUERIES + " (renamed or deleted query?): " + orphans);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedQueries")
    void headerStatesQuestionGraphsAndColumns(String name) {
        String text = read(QUERIES.resolve(name + ".rq"));
        List<String> header = text.lines().takeWhile(l -> l.startsWith("#")).toList();
        assertFalse(header.isEmpty(), name + ": the query must start with a comment header");
        assertTrue(header.stream().anyMatch(l -> l.matches("^#\\s*Question:\\s*\\S.*")), name + ": the header needs '# Question: ...'");
        assertTrue(header.stream().anyMatch(l -> l.matches("^#\\s*Graphs:\\s*\\S.*")), name + ": the header needs '# Graphs: ...'");
        assertTrue(header.stream().anyMatch(l -> l.matches("^#\\s*Columns.*")), name + ": the header needs '# Columns ...'");
        Query q = QueryRunner.parse(text);
        assertTrue(q.isSelectType(), name + ": a named query is a SELECT");
        for (String v : q.getResultVars()) {
            assertTrue(header.stream().anyMatch(l -> l.contains("?" + v)), name + ": the header does not describe column ?" + v);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedQueries")
    void matchesGoldenFile(String name) throws IOException {
        matchesGoldenFile(name, cohort);
    }

    /**
     * {@code mcrc query --data} queries a temporary TDB2 store, not the in-memory dataset: the
     * same rows (TDB2 keeps numbers by value, the summary graph is kept by the store).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("namedQueries")
    void aTemporaryStoreGivesTheGoldenRows(String name) throws IOException {
        if (REGENERATE) return;
        matchesGoldenFile(name, store.dataset());
    }

    private void matchesGoldenFile(String name, Dataset data) throws IOException {
        String text = read(QUERIES.resolve(name + ".rq"));
        Query q = QueryRunner.parse(text);
        List<String> vars = q.getResultVars();
        List<List<String>> actual = rows(vars, QueryRunner.select(text, data));
        Path golden = GOLDEN.resolve(name + ".expected.tsv");
        if (REGENERATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, format(vars, actual), StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.isRegularFile(golden), name + ": no golden file " + golden
                + " (write it with: mvn -q test -Dtest=NamedQueriesTest -Dmcrc.regenerate=true, then review it)");
        List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty(), golden + " is empty: it needs at least the header line");
        List<String> expectedVars = cells(lines.get(0));
        assertEquals(expectedVars, vars, name + ": columns differ from " + golden);
        List<List<String>> expected = lines.stream().skip(1).map(NamedQueriesTest::cells).toList();
        for (List<String> row : expected) assertEquals(vars.size(), row.size(), golden + ": a row with the wrong number of cells: " + row);
        compare(name, expected, actual, q.hasOrderBy());
    }

    @Test
    void evidenceForProcedureNeedsNoPatients() {
        // the question is about the ontology alone: the same rows with no patient data at all
        String text = QueryCatalog.load(QUERIES.resolve("evidence-for-procedure.rq").toString());
        Dataset ontologyOnly = CohortDataset.create(kb, Explanations.NONE).dataset();
        List<String> vars = QueryRunner.parse(text).getResultVars();
        List<List<String>> alone = rows(vars, QueryRunner.select(text, ontologyOnly));
        assertFalse(alone.isEmpty(), "evidence-for-procedure returned nothing without patient data");
        compare("evidence-for-procedure (ontology only)", rows(vars, QueryRunner.select(text, cohort)), alone, true);
        Set<String> keys = alone.stream().map(r -> r.get(vars.indexOf("procedure"))).collect(Collectors.toSet());
        Set<String> all = kb.procedures().stream().map(p -> p.key()).collect(Collectors.toSet());
        assertEquals(all, keys, "every procedure key is listed");
    }

    @Test
    void cohortSummaryCountsEveryConsistentPatientOncePerProcedure() {
        String text = read(QUERIES.resolve("cohort-summary.rq"));
        Map<String, Integer> perProcedure = new TreeMap<>();
        for (Map<String, String> row : QueryRunner.select(text, cohort)) {
            perProcedure.merge(row.get("procedure"), Integer.parseInt(row.get("patients")), Integer::sum);
        }
        assertEquals(kb.procedures().size(), perProcedure.size(), "one group of rows per procedure key: " + perProcedure.keySet());
        perProcedure.forEach((k, n) -> assertEquals(consistentPatients, n,
                k + ": the statuses must add up to the consistent patients (inconsistent ones have no answers)"));
    }

    @Test
    void catalogFindsTheBundledQuery() {
        // with no -Dmcrc.queries the catalog reads the copy bundled in the jar (target/classes)
        String saved = System.clearProperty("mcrc.queries");
        try {
            String bundled = QueryCatalog.load("applicable-treatments");
            assertEquals(read(QUERIES.resolve("applicable-treatments.rq")), bundled,
                    "the bundled copy is the file in queries/");
            assertTrue(QueryRunner.parse(bundled).isSelectType());
        } finally {
            if (saved != null) System.setProperty("mcrc.queries", saved);
        }
    }

    @Test
    void unknownNameIsNotFound() {
        QueryException e = assertThrows(QueryException.class, () -> QueryCatalog.load("no-such-query-anywhere"));
        assertEquals("query#not-found", e.errorId());
        assertTrue(e.getMessage().contains("no-such-query-anywhere"), e.getMessage());
    }

    // ---- rows, golden files and comparison ----

    /** Rows in column order; an unbound variable is an empty cell. */
    static List<List<String>> rows(List<String> vars, List<Map<String, String>> solutions) {
        List<List<String>> out = new ArrayList<>();
        for (Map<String, String> s : solutions) {
            List<String> row = new ArrayList<>(vars.size());
            for (String v : vars) row.add(s.getOrDefault(v, ""));
            out.add(row);
        }
        return out;
    }

    static String format(List<String> vars, List<List<String>> rows) {
        StringBuilder b = new StringBuilder(String.join("\t", vars)).append('\n');
        for (List<String> row : rows) b.append(row.stream().map(NamedQueriesTest::escape).collect(Collectors.joining("\t"))).append('\n');
        return b.toString();
    }

    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.split("\t", -1)) out.add(unescape(c));
        return out;
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A cell as compared: numbers in one canonical form, anything else as it is. */
    static String canonical(String cell) {
        if (NUMBER.matcher(cell).matches()) {
            BigDecimal d = new BigDecimal(cell);
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        return cell;
    }

    static List<String> canonical(List<String> row) {
        return row.stream().map(NamedQueriesTest::canonical).toList();
    }

    static void compare(String name, List<List<String>> expected, List<List<String>> actual, boolean ordered) {
        List<List<String>> e = expected.stream().map(NamedQueriesTest::canonical).toList();
        List<List<String>> a = actual.stream().map(NamedQueriesTest::canonical).toList();
        Map<List<String>, Integer> counts = new java.util.HashMap<>();
        e.forEach(r -> counts.merge(r, 1, Integer::sum));
        a.forEach(r -> counts.merge(r, -1, Integer::sum));
        List<String> missing = new ArrayList<>(), extra = new ArrayList<>();
        counts.forEach((row, n) -> {
            for (int i = 0; i < Math.abs(n); i++) (n > 0 ? missing : extra).add(String.join(" | ", row));
        });
        if (!missing.isEmpty() || !extra.isEmpty()) {
            missing.sort(null);
            extra.sort(null);
            fail(name + ": rows differ from the golden file (" + expected.size() + " expected, " + actual.size() + " actual)\n"
                    + "  missing: " + missing + "\n  unexpected: " + extra);
        }
        if (ordered) {
            for (int i = 0; i < e.size(); i++) {
                if (!e.get(i).equals(a.get(i))) {
                    fail(name + ": same rows, but the order differs at row " + (i + 1) + " (the query has ORDER BY)\n  expected: "
                            + e.get(i) + "\n  actual:   " + a.get(i));
                }
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
