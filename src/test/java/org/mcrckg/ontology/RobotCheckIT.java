package org.mcrckg.ontology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/robot-check} as a process from the project root: ROBOT's OWL 2 DL profile
 * check, HermiT coherence and QC report (with {@code ontology/robot-report-profile.txt}) over the
 * ontology. ROBOT runs in its own JVM (it is built on OWL API 4, the project on OWL API 5), so this
 * is an integration test, run by failsafe in {@code mvn verify}.
 *
 * <p>The first run on a machine downloads ROBOT from Maven Central into
 * {@code ~/.cache/mcrc-robot} (a minute or two), hence the generous timeout.
 *
 * <p>Tests the test as well: on a copy of the ontology with one class's {@code rdfs:label}
 * removed, the script must fail and ROBOT's {@code missing_label} must be an ERROR row.
 */
class RobotCheckIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path SCRIPT = ROOT.resolve("bin/robot-check");
    private static final Path ONTOLOGY = ROOT.resolve("ontology/mcrc.owl");
    private static final String NS = "https://w3id.org/mcrc-kg/mcrc#";
    private static final long TIMEOUT_MINUTES = 10;

    private static final Pattern CLASS_DECLARATION = Pattern.compile("^Declaration\\(Class\\(:(\\w+)\\)\\)$");

    /** What one run of the script gave: its exit code and everything it printed. */
    record Run(int exitCode, String output) {}

    /** One row of ROBOT's report.tsv (Level, Rule Name, Subject, Property, Value). */
    record Row(String level, String rule, String subject, String property, String value) {}

    @Test
    void currentOntologyPassesProfileReasonerAndReport() throws Exception {
        Path out = ROOT.resolve("target/robot");
        Run run = robotCheck(out, List.of());

        assertEquals(0, run.exitCode(), "bin/robot-check failed:\n" + run.output());
        assertTrue(run.output().contains("OWL 2 DL: in profile"), run.output());
        assertTrue(run.output().contains("consistent, all classes satisfiable"), run.output());

        List<Row> errors = errors(report(out));
        assertTrue(errors.isEmpty(), "ROBOT report has ERROR rows:\n" + render(errors));
    }

    @Test
    void aClassWithoutLabelIsAnError(@TempDir Path tmp) throws Exception {
        List<String> lines = Files.readAllLines(ONTOLOGY, StandardCharsets.UTF_8);
        String victim = firstLabelledClass(lines);
        String labelLine = "AnnotationAssertion(rdfs:label :" + victim + " ";
        List<String> mutated = lines.stream().filter(l -> !l.startsWith(labelLine)).collect(Collectors.toList());
        assertEquals(lines.size() - 1, mutated.size(), "expected exactly one rdfs:label on :" + victim);
        Path copy = tmp.resolve("mcrc.owl");
        Files.write(copy, mutated, StandardCharsets.UTF_8);

        Path out = tmp.resolve("robot");
        Run run = robotCheck(out, List.of(copy.toString()));

        assertEquals(1, run.exitCode(), "bin/robot-check should fail on a class without a label:\n" + run.output());
        List<Row> errors = errors(report(out));
        assertTrue(
                errors.stream().anyMatch(r -> r.rule().equals("missing_label") && r.subject().equals(NS + victim)),
                "expected ERROR missing_label for :" + victim + ", got:\n" + render(errors));
    }

    /** The first class declared in the ontology that has an rdfs:label line of its own. */
    private static String firstLabelledClass(List<String> lines) {
        for (String line : lines) {
            Matcher m = CLASS_DECLARATION.matcher(line);
            if (m.matches()) {
                String prefix = "AnnotationAssertion(rdfs:label :" + m.group(1) + " ";
                if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
                    return m.group(1);
                }
            }
        }
        return fail("no labelled class found in " + ONTOLOGY);
    }

    private static Run robotCheck(Path out, List<String> args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(SCRIPT), "missing " + SCRIPT);
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--out", out.toString()));
        command.addAll(args);
        Path log = Files.createTempFile("robot-check", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("bin/robot-check did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            return new Run(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static List<Row> report(Path out) throws IOException {
        Path tsv = out.resolve("report.tsv");
        assertTrue(Files.isRegularFile(tsv), "no report at " + tsv);
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        assertTrue(!lines.isEmpty() && lines.get(0).startsWith("Level\tRule Name\tSubject"),
                "unexpected report header in " + tsv);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            rows.add(new Row(f[0], field(f, 1), field(f, 2), field(f, 3), field(f, 4)));
        }
        return rows;
    }

    private static String field(String[] fields, int i) {
        return i < fields.length ? fields[i] : "";
    }

    private static List<Row> errors(List<Row> rows) {
        return rows.stream().filter(r -> r.level().equals("ERROR")).collect(Collectors.toList());
    }

    private static String render(List<Row> rows) {
        return rows.stream()
                .map(r -> String.join("  ", r.rule(), r.subject(), r.property(), r.value()))
                .sorted()
                .collect(Collectors.joining("\n"));
    }
}
