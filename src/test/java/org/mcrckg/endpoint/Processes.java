package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcrckg.support.TempDirs;

/** {@code bin/mcrc} as a process, for the endpoint's process tests. */
final class Processes {
    /** Where the started processes' output goes: deleted when the JVM exits (it was left behind before). */
    private static final Path OUTPUTS = TempDirs.create("mcrc-processes-");
    /** The line {@code serve} prints once it listens. */
    private static final Pattern SERVING = Pattern.compile("serving (http://\\S+/) ");

    private Processes() {}

    record Run(int exit, String out, String err) {}

    /** A started process whose standard output and error go to files. */
    record Started(Process process, Path outFile, Path errFile) {
        String out() { return read(outFile); }

        String err() { return read(errFile); }
    }

    static Started start(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bin/mcrc"));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(OUTPUTS, "mcrc", ".out"), err = Files.createTempFile(OUTPUTS, "mcrc", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Started(p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Run run(String... args) throws InterruptedException {
        Started s = start(args);
        assertTrue(s.process().waitFor(10, TimeUnit.MINUTES), "bin/mcrc " + String.join(" ", args) + " did not finish");
        return new Run(s.process().exitValue(), s.out(), s.err());
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls a file (output of a started process) until it satisfies {@code done}; fails after {@code seconds}. */
    static String awaitOutput(Started s, Path file, Predicate<String> done, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            String text = read(file);
            if (done.test(text)) return text;
            if (!s.process().isAlive()) throw new AssertionError("the process ended (exit " + s.process().exitValue() + "):\n" + text + "\n" + s.err());
            Thread.sleep(200);
        }
        throw new AssertionError("no expected output after " + seconds + " s:\n" + read(file));
    }

    /** Waits for a started {@code serve} to say it listens (at most 5 minutes); the base URI it serves. */
    static URI awaitServing(Started serve) throws InterruptedException {
        Matcher m = SERVING.matcher(awaitOutput(serve, serve.outFile(), t -> SERVING.matcher(t).find(), 300));
        assertTrue(m.find());
        return URI.create(m.group(1));
    }

    /** Sends a signal by name (KILL, TERM, INT) to a process. */
    static void signal(Process p, String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        assertTrue(k.waitFor(30, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + name + " failed");
    }

    /**
     * Whether a process ignores SIGINT (a process started from a background job of a
     * non-interactive shell inherits that, and then Ctrl-C cannot reach it): bit 2 of SigIgn in
     * {@code /proc/<pid>/status}.
     */
    static boolean ignoresSigint(Process p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2L) != 0;
            }
        } catch (IOException | NumberFormatException e) {
            return true;
        }
        return true;
    }
}
