package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrckg.support.TempDirs;

/**
 * README's commands run as a newcomer would type them (as ROBOT's CommandLineIT does): every line
 * of a {@code sh} code block that starts with {@code bin/mcrc} is run from the project root, must
 * exit 0, and must print what {@code src/test/resources/readme/<command>.out} holds (for a command
 * with {@code --out}, the file it writes). The documentation cannot rot.
 *
 * <p>Only what a run may honestly vary is normalised before comparing: elapsed times and rates,
 * on-disk sizes, the Java version. {@code -Dreadme.regenerate=true} rewrites the expected files
 * from the current output (then read the diff before committing it).
 */
class ReadmeIT {
    /** The commands' output files: deleted when the JVM exits (they were left in the system's temporary directory). */
    private static final Path OUTPUTS = TempDirs.create("readme-it-outputs-");
    static final Path EXPECTED = Path.of("src/test/resources/readme");

    static Stream<String> commands() throws IOException {
        List<String> out = new ArrayList<>();
        boolean inSh = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("```")) {
                inSh = !inSh && line.strip().equals("```sh");
                continue;
            }
            if (inSh && line.startsWith("bin/mcrc ")) out.add(line.strip());
        }
        assertFalse(out.isEmpty(), "README shows no bin/mcrc command");
        return out.stream();
    }

    /** The expected output's file name: the command's words joined by '-'. */
    static String slug(String command) {
        String s = command.substring("bin/mcrc ".length()).replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return (s.length() > 80 ? s.substring(0, 80) : s) + ".out";
    }

    /** What may differ between two honest runs: elapsed time, rates, sizes on disk, the JVM. */
    static String normalise(String s) {
        return s.replace("\r\n", "\n")
                .replaceAll("in \\d+(\\.\\d+)? s \\(\\d+(\\.\\d+)? patients/s\\)", "in <t> s (<r> patients/s)")
                .replaceAll("\\d+(\\.\\d+)? MB -> \\d+(\\.\\d+)? MB on disk", "<a> MB -> <b> MB on disk")
                .replaceAll("takes \\d+(\\.\\d+)? MB on disk", "takes <b> MB on disk")
                .replaceAll("(?m)^java .*$", "java <version>");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void runsAndPrintsWhatReadmeShows(String command) throws Exception {
        if (command.contains("load --store target/mcrc-store")) deleteTree(Path.of("target/mcrc-store"));  // a newcomer's first load
        Path out = Files.createTempFile(OUTPUTS, "readme-it", ".out"), err = Files.createTempFile(OUTPUTS, "readme-it", ".err");
        Process p = new ProcessBuilder("bash", "-c", command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), command + " did not finish");
        assertEquals(0, p.exitValue(), command + " failed:\n" + Files.readString(err));
        String actual = Files.readString(out);
        if (command.contains("--out ")) {
            assertEquals("", actual, command + " writes to its --out file, not to standard output");
            actual = Files.readString(Path.of(command.substring(command.indexOf("--out ") + 6).split("\\s+")[0]));
        }
        actual = normalise(actual);
        Path expected = EXPECTED.resolve(slug(command));
        if (Boolean.getBoolean("readme.regenerate")) {
            Files.createDirectories(EXPECTED);
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expected), "no expected output " + expected + " for README's '" + command + "': run ReadmeIT with -Dreadme.regenerate=true");
        assertEquals(Files.readString(expected), actual, command + " no longer prints what " + expected + " holds");
    }

    @Test
    void everyExpectedOutputBelongsToACommandOfReadme() throws IOException {
        List<String> wanted = commands().map(ReadmeIT::slug).sorted().toList();
        List<String> present;
        try (Stream<Path> s = Files.list(EXPECTED)) {
            present = s.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertEquals(wanted, present, "src/test/resources/readme/ and README's commands differ");
    }

    @Test
    void normalisingKeepsWhatMatters() {
        assertEquals("loaded 118 patients (0 replaced, 8 inconsistent) into s in <t> s (<r> patients/s); the store holds 118 patients",
                normalise("loaded 118 patients (0 replaced, 8 inconsistent) into s in 19.1 s (6.2 patients/s); the store holds 118 patients"));
        assertEquals("compacted the store: <a> MB -> <b> MB on disk", normalise("compacted the store: 11.1 MB -> 9.0 MB on disk"));
        assertEquals("the store takes <b> MB on disk", normalise("the store takes 9.0 MB on disk"));
        assertEquals("118 patients (8 inconsistent)", normalise("118 patients (8 inconsistent)"));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
