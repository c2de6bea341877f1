package org.mcrckg.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Temporary directories for tests whose stores outlive one test method (a store opened for the whole
 * JVM, say), deleted when the JVM exits: JUnit's {@code @TempDir} would delete them under an open store,
 * and without this every test run left its stores in the system's temporary directory.
 */
public final class TempDirs {
    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(TempDirs::deleteTree), "test-temp-dirs-cleanup"));
    }

    private TempDirs() {}

    /** A new directory under {@code java.io.tmpdir}, deleted with everything in it when the JVM exits. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: what is left stays in the system's temporary directory
        }
    }
}
