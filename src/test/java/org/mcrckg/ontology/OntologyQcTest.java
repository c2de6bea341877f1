package org.mcrckg.ontology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.query.QueryRunner;
import org.mcrckg.rdf.RdfExport;

/**
 * Runs the ontology QC queries ({@code queries/qc/<rule>-violation.rq}, ROBOT style: each row is a
 * violation, zero rows = pass) and tests the tests.
 *
 * <p>Every {@code .rq} file in {@code queries/qc} is picked up by itself. For each one:
 * <ul>
 *   <li>its header has {@code # Problem:}, {@code # Solution:} and {@code # Severity: ERROR|WARN},
 *       and it is a SELECT whose first column is {@code ?entity}, the term to fix;</li>
 *   <li>its fixture {@code src/test/resources/qc/<rule>-violation.ttl} exists and triggers it:
 *       the {@code ?entity} values are exactly the IRIs on the fixture's
 *       {@code # expect-violation: <iri>} comment lines (so the fixture also proves that the
 *       compliant terms next to them are left alone). A new query without a fixture fails;</li>
 *   <li>over the real ontology ({@code ontology/mcrc.owl} rendered as RDF by OWL API, as
 *       {@code bin/mcrc query} sees it) an ERROR query returns no rows; a WARN query only has to
 *       run, and its rows are printed.</li>
 * </ul>
 */
class OntologyQcTest {
    static final Path QC_DIR = Path.of("queries/qc");
    static final Path FIXTURE_DIR = Path.of("src/test/resources/qc");
    private static final Pattern SEVERITY = Pattern.compile("^#\\s*Severity:\\s*(\\S+)\\s*$");
    private static final Pattern EXPECT = Pattern.compile("^#\\s*expect-violation:\\s*<([^>]+)>\\s*$");

    /** The rules this suite must always contain; more may be added without touching this list. */
    private static final List<String> REQUIRED = List.of(
            "missing-label-violation", "missing-definition-violation", "rule-without-evidence-violation",
            "evidence-without-identifier-violation", "procedure-key-without-rule-violation",
            "deprecated-term-in-use-violation", "rule-status-word-violation", "unverified-without-flag-violation");

    enum Severity { ERROR, WARN }

    private static Dataset ontology;

    @BeforeAll
    static void loadOntology() {
        KnowledgeBase kb = KnowledgeBase.load(OntologySource.file(Path.of("ontology/mcrc.owl")));
        ontology = DatasetFactory.create(RdfExport.ontology(kb));
    }

    static Stream<String> qcQueries() {
        try (Stream<Path> files = Files.list(QC_DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rq"))
                    .map(n -> n.substring(0, n.length() - ".rq".length())).sorted().collect(Collectors.toList());
            return names.stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + QC_DIR, e);
        }
    }

    @Test
    void suiteHasEveryRequiredRule() {
        Set<String> present = qcQueries().collect(Collectors.toCollection(TreeSet::new));
        List<String> missing = REQUIRED.stream().filter(r -> !present.contains(r)).collect(Collectors.toList());
        assertTrue(missing.isEmpty(), "QC queries missing from " + QC_DIR + ": " + missing);
    }

    @Test
    void everyFixtureHasItsQuery() throws IOException {
        Set<String> queries = qcQueries().collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(FIXTURE_DIR)) {
            List<String> orphans = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ttl"))
                    .map(n -> n.substring(0, n.length() - ".ttl".length())).filter(n -> !queries.contains(n))
                    .sorted().collect(Collectors.toList());
            assertTrue(orphans.isEmpty(), "fixtures without a query in " + QC_DIR + " (renamed or deleted query?): " + orphans);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("qcQueries")
    void headerAndShape(String rule) {
        String text = read(QC_DIR.resolve(rule + ".rq"));
        List<String> header = header(text);
        assertTrue(rule.endsWith("-violation"), rule + ": QC queries are named <rule>-violation.rq");
        assertTrue(header.stream().anyMatch(l -> l.matches("^#\\s*Problem:\\s*\\S.*")), rule + ": the header needs '# Problem: ...'");
        assertTrue(header.stream().anyMatch(l -> l.matches("^#\\s*Solution:\\s*\\S.*")), rule + ": the header needs '# Solution: ...'");
        severity(rule, text);
        Query q = QueryRunner.parse(text);
        assertTrue(q.isSelectType(), rule + ": a QC query is a SELECT whose rows are the violations");
        assertEquals("entity", q.getResultVars().get(0), rule + ": the first column must be ?entity, the term to fix");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("qcQueries")
    void fixtureTriggersIt(String rule) {
        Path fixture = FIXTURE_DIR.resolve(rule + ".ttl");
        assertTrue(Files.isRegularFile(fixture), rule + ": every QC query needs a fixture that triggers it: add " + fixture);
        Set<String> expected = new TreeSet<>();
        for (String line : read(fixture).split("\\R")) {
            Matcher m = EXPECT.matcher(line.trim());
            if (m.matches()) expected.add(m.group(1));
        }
        assertFalse(expected.isEmpty(), fixture + ": name the terms the query must report on '# expect-violation: <iri>' lines");

        Model model = RDFDataMgr.loadModel(fixture.toString());
        List<Map<String, String>> rows = QueryRunner.select(read(QC_DIR.resolve(rule + ".rq")), DatasetFactory.create(model));
        assertFalse(rows.isEmpty(), rule + ": the fixture " + fixture + " does not trigger the query (zero rows)");
        Set<String> reported = rows.stream().map(r -> r.get("entity")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, reported, rule + ": on its fixture the query must report exactly the expected terms; rows:\n" + render(rows));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("qcQueries")
    void realOntology(String rule) {
        String text = read(QC_DIR.resolve(rule + ".rq"));
        Severity severity = severity(rule, text);
        List<Map<String, String>> rows = QueryRunner.select(text, ontology);
        if (severity == Severity.ERROR) {
            assertTrue(rows.isEmpty(), rule + " (ERROR): ontology/mcrc.owl has " + rows.size() + " violation(s):\n" + render(rows));
        } else {
            // WARN: known gaps are reported, never hidden, but do not fail the build
            System.out.println("[QC WARN] " + rule + ": " + rows.size() + " row(s)" + (rows.isEmpty() ? "" : "\n" + render(rows)));
        }
    }

    /** The deprecated-term query names the class whose definition holds the deprecated term, not a blank node. */
    @Test
    void deprecatedTermInsideAClassExpressionNamesItsOwner() {
        Model model = RDFDataMgr.loadModel(FIXTURE_DIR.resolve("deprecated-term-in-use-violation.ttl").toString());
        List<Map<String, String>> rows = QueryRunner.select(read(QC_DIR.resolve("deprecated-term-in-use-violation.rq")),
                DatasetFactory.create(model));
        Set<String> users = rows.stream().filter(r -> r.get("entity").endsWith("#DeprecatedInExpression"))
                .map(r -> r.get("usedBy")).collect(Collectors.toSet());
        assertEquals(Set.of(Vocabulary.NS + "DefinedWithDeprecated"), users, render(rows));
    }

    private static Severity severity(String rule, String text) {
        List<String> words = new ArrayList<>();
        for (String line : header(text)) {
            Matcher m = SEVERITY.matcher(line);
            if (m.matches()) words.add(m.group(1));
        }
        if (words.size() != 1) fail(rule + ": the header needs exactly one '# Severity: ERROR' or '# Severity: WARN' line, found " + words);
        try {
            return Severity.valueOf(words.get(0));
        } catch (IllegalArgumentException e) {
            return fail(rule + ": severity must be ERROR or WARN, not " + words.get(0));
        }
    }

    /** The leading comment block. */
    private static List<String> header(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.trim();
            if (!t.startsWith("#")) break;
            out.add(t);
        }
        return out;
    }

    private static String render(List<Map<String, String>> rows) {
        return rows.stream().map(r -> "  " + r.get("entity") + "  " + r.entrySet().stream().filter(e -> !e.getKey().equals("entity"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("  "))).sorted().collect(Collectors.joining("\n"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
