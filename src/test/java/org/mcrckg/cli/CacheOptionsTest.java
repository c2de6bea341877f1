package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the persistent cache lives, and what the command line says when its file is damaged. */
class CacheOptionsTest {
    @TempDir
    Path tmp;

    private static Path resolve(Path option, boolean disabled, Map<String, String> env) {
        CacheOptions o = new CacheOptions();
        o.directory = option;
        o.disabled = disabled;
        return o.resolve(env, "/home/ed");
    }

    @Test
    void theOptionWinsThenTheEnvironmentThenXdgThenHome() {
        Map<String, String> both = Map.of("MCRC_CACHE", "/srv/mcrc", "XDG_CACHE_HOME", "/var/xdg");
        assertEquals(Path.of("/opt/c"), resolve(Path.of("/opt/c"), false, both));
        assertEquals(Path.of("/srv/mcrc"), resolve(null, false, both));
        assertEquals(Path.of("/var/xdg/mcrc-kg"), resolve(null, false, Map.of("XDG_CACHE_HOME", "/var/xdg")));
        assertEquals(Path.of("/home/ed/.cache/mcrc-kg"), resolve(null, false, Map.of("XDG_CACHE_HOME", "relative/is/invalid")));
        assertEquals(Path.of("/home/ed/.cache/mcrc-kg"), resolve(null, false, Map.of("MCRC_CACHE", " ")));
        assertNull(resolve(null, true, both));
    }

    @Test
    void cacheAndNoCacheExcludeEachOther() {
        ClassifyErrorsTest.Run r = ClassifyErrorsTest.run("classify", "src/test/resources/vignettes/V21.csv", "--ontology", ClassifyErrorsTest.ONTOLOGY,
                "--cache", tmp.toString(), "--no-cache");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--cache and --no-cache"), r.err());
    }

    private static List<Path> cacheFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".cache")).toList();
        }
    }

    /** A damaged file: one warning on stderr naming it, the same answers as without a cache, and a whole file after. */
    @Test
    void aDamagedCacheFileIsReportedOnceAndReplaced() throws IOException {
        String[] base = {"classify", "ontology/examples/cohort.csv", "--ontology", ClassifyErrorsTest.ONTOLOGY, "--format", "jsonl", "--threads", "2"};
        ClassifyErrorsTest.Run none = ClassifyErrorsTest.run(concat(base, "--no-cache"));
        assertEquals(0, none.code(), none.err());
        Path dir = tmp.resolve("cache");
        ClassifyErrorsTest.Run cold = ClassifyErrorsTest.run(concat(base, "--cache", dir.toString()));
        assertEquals(0, cold.code(), cold.err());
        assertEquals(none.out(), cold.out());
        assertEquals("", cold.err());
        List<Path> files = cacheFiles(dir);
        assertEquals(1, files.size(), files.toString());
        Path file = files.get(0);

        byte[] b = Files.readAllBytes(file);
        b[b.length / 3] ^= 0x40;
        Files.write(file, b);
        ClassifyErrorsTest.Run damaged = ClassifyErrorsTest.run(concat(base, "--cache", dir.toString()));
        assertEquals(0, damaged.code(), damaged.err());
        assertEquals(none.out(), damaged.out());
        assertEquals(1, damaged.err().lines().count(), damaged.err());
        assertTrue(damaged.err().startsWith("mcrc: warning: ignoring the cache file " + file), damaged.err());

        ClassifyErrorsTest.Run warm = ClassifyErrorsTest.run(concat(base, "--cache", dir.toString()));
        assertEquals(none.out(), warm.out());
        assertEquals("", warm.err(), "the damaged file was replaced by a whole one");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
