package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * README's commands run as a newcomer would type them (as ROBOT's CommandLineIT does): every line
 * of a {@code sh} code block that starts with {@code bin/mcrc} is run from the project root and
 * must exit 0 with output. The documentation cannot rot.
 */
class ReadmeIT {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void runs(String command) throws Exception {
        Path log = Files.createTempFile("readme-it", ".out");
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), command + " did not finish");
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), command + " failed:\n" + output);
        boolean writesFile = command.contains("--out ");
        assertTrue(writesFile || !output.isBlank(), command + " printed nothing");
        if (writesFile) {
            Path target = Path.of(command.substring(command.indexOf("--out ") + 6).split("\\s+")[0]);
            assertTrue(Files.size(target) > 0, target + " is empty");
        }
    }
}
