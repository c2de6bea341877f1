package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.generate.CohortGenerator;

/**
 * The persistent cache shared by processes, as users run them: two {@code bin/mcrc classify}
 * processes, each on half of a generated cohort, run at the same time on one cache directory;
 * then a third classifies the whole cohort from the merged file. Every answer equals a run
 * without the persistent cache, and the third run asks HermiT nothing new (it leaves the file as
 * it is: a run that learned nothing does not write).
 */
class PersistentCacheIT {
    @TempDir
    Path dir;

    private Process start(Path out, Path err, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bin/mcrc", "classify", "--format", "jsonl", "--quiet", "--threads", "1", "--out", out.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve(out.getFileName() + ".stdout").toFile()).redirectError(err.toFile()).start();
    }

    private void finish(Process p, Path err) throws Exception {
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bin/mcrc did not finish");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err), "no warning");
    }

    @Test
    void twoConcurrentProcessesShareOneCacheAndAThirdReadsWhatBothLearned() throws Exception {
        Path all = dir.resolve("all.csv"), first = dir.resolve("first.csv"), second = dir.resolve("second.csv");
        try (Writer w = Files.newBufferedWriter(all)) {
            new CohortGenerator(20261203L).write(1500, w);
        }
        List<String> lines = Files.readAllLines(all);
        int half = lines.size() / 2;
        Files.write(first, lines.subList(0, half));
        List<String> rest = new ArrayList<>(List.of(lines.get(0)));
        rest.addAll(lines.subList(half, lines.size()));
        Files.write(second, rest);
        Path cache = dir.resolve("cache");

        Path reference = dir.resolve("reference.jsonl"), a = dir.resolve("a.jsonl"), b = dir.resolve("b.jsonl"), warm = dir.resolve("warm.jsonl");
        Process pa = start(a, dir.resolve("a.err"), first.toString(), "--cache", cache.toString());
        Process pb = start(b, dir.resolve("b.err"), second.toString(), "--cache", cache.toString());
        finish(pa, dir.resolve("a.err"));
        finish(pb, dir.resolve("b.err"));
        Path file = onlyCacheFile(cache);
        byte[] merged = Files.readAllBytes(file);
        FileTime written = Files.getLastModifiedTime(file);

        Process pw = start(warm, dir.resolve("warm.err"), all.toString(), "--cache", cache.toString());
        finish(pw, dir.resolve("warm.err"));
        Process pr = start(reference, dir.resolve("reference.err"), all.toString(), "--no-cache");
        finish(pr, dir.resolve("reference.err"));

        List<String> expected = Files.readAllLines(reference);
        assertEquals(1500, expected.size());
        List<String> halves = new ArrayList<>(Files.readAllLines(a));
        halves.addAll(Files.readAllLines(b));
        assertSame(expected, halves, "each concurrent process gives the uncached answers");
        assertSame(expected, Files.readAllLines(warm), "the warm process gives the uncached answers");
        assertArrayEquals(merged, Files.readAllBytes(file), "the warm run found every answer in the merged file, so it learned nothing and wrote nothing");
        assertEquals(written, Files.getLastModifiedTime(file));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temporary file is left behind");
        }
    }

    /**
     * Line by line, naming the first difference (a cohort's output is too long for one message);
     * JSON Lines after the first start with a blank (Jackson's root separator), so a file's first
     * line and another's middle line differ by it.
     */
    private static void assertSame(List<String> expected, List<String> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": line count");
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i).strip(), actual.get(i).strip(), what + ": line " + (i + 1));
    }

    private static Path onlyCacheFile(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            List<Path> fs = s.filter(p -> p.toString().endsWith(PersistentCache.SUFFIX)).toList();
            assertEquals(1, fs.size(), fs.toString());
            return fs.get(0);
        }
    }
}
