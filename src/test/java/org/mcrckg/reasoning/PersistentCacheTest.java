package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.support.Cohort;

/**
 * The persistent cache gives HermiT's answers, whatever state its file is in: empty, warm, damaged,
 * truncated, another ontology's, or written before the ontology was edited. The reference is the
 * in-memory fast engine, which {@link EngineEquivalenceTest} and {@link GeneratedCohortEquivalenceIT}
 * hold to the per-patient engine.
 */
class PersistentCacheTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Mcrc cached(Path ontology) { return Mcrc.load(ontology).withCache(dir, warnings::add); }

    private static List<PatientAnswer> all(Mcrc m, List<PatientRecord> records) {
        return m.classifyAll(records, 2, Materialisation.ALL_DEFINED_CLASSES);
    }

    private static List<PatientAnswer> reference() { return all(Cohort.mcrc(), Cohort.records()); }

    private Path onlyCacheFile() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> fs = s.filter(p -> p.toString().endsWith(PersistentCache.SUFFIX)).toList();
            assertEquals(1, fs.size(), "cache files: " + fs);
            return fs.get(0);
        }
    }

    /** A cold run fills the file, and a warm run answers every question from it, with the same answers. */
    @Test
    void warmAnswersEqualColdAndUncachedAndAskHermitNothing() throws IOException {
        Mcrc cold = cached(Cohort.ONTOLOGY);
        assertEquals(reference(), all(cold, Cohort.records()));
        assertTrue(cold.cacheCounts()[1] > 0, "a cold cache must ask HermiT");
        assertTrue(cold.saveCache());
        assertFalse(cold.saveCache(), "nothing new to save");
        Path file = onlyCacheFile();
        assertEquals(file, cold.cacheFile().orElseThrow());

        Mcrc warm = cached(Cohort.ONTOLOGY);
        assertEquals(reference(), all(warm, Cohort.records()));
        assertEquals(0, warm.cacheCounts()[1], "a warm cache answers every question of the same cohort");
        assertTrue(warm.cacheEntriesRead() > 100, "entries read: " + warm.cacheEntriesRead());
        assertFalse(warm.saveCache(), "a run that learned nothing leaves the file alone");
        assertEquals(List.of(), warnings);
    }

    /** Two instances that learned different patients merge into one file; neither loses the other's entries. */
    @Test
    void writersMergeWhatOthersWroteMeanwhile() throws IOException {
        List<PatientRecord> rs = Cohort.records();
        List<PatientRecord> first = rs.subList(0, rs.size() / 2), second = rs.subList(rs.size() / 2, rs.size());
        Mcrc a = cached(Cohort.ONTOLOGY), b = cached(Cohort.ONTOLOGY);
        all(a, first);
        all(b, second);
        assertTrue(a.saveCache());
        assertTrue(b.saveCache());  // read a's file under the lock and wrote the union
        Mcrc warm = cached(Cohort.ONTOLOGY);
        assertEquals(reference(), all(warm, rs));
        assertEquals(0, warm.cacheCounts()[1], "the merged file holds both halves");
        assertEquals(List.of(), warnings);
    }

    /** A writer killed between writing its temporary file and renaming it leaves the file behind; the next writer removes it. */
    @Test
    void aKilledWritersTemporaryFileIsRemovedByTheNextWrite() throws IOException {
        String digest = ExactCache.digest(Cohort.mcrc().knowledgeBase());
        Files.createDirectories(dir);
        Path stale = dir.resolve(digest + ".12345.tmp"), otherDigest = dir.resolve("0".repeat(64) + ".12345.tmp");
        Files.writeString(stale, "half a file");
        Files.writeString(otherDigest, "another digest's writer may be writing this one now");
        Mcrc m = cached(Cohort.ONTOLOGY);
        all(m, Cohort.records().subList(0, 5));
        assertTrue(m.saveCache());
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(otherDigest), "another digest's lock does not cover it");
        assertEquals(List.of(), warnings);
    }

    private void damagedFileIsIgnoredWithOneWarning(String what, java.util.function.UnaryOperator<byte[]> damage) throws IOException {
        Mcrc cold = cached(Cohort.ONTOLOGY);
        all(cold, Cohort.records());
        cold.saveCache();
        Path file = onlyCacheFile();
        Files.write(file, damage.apply(Files.readAllBytes(file)));

        Mcrc m = cached(Cohort.ONTOLOGY);
        assertEquals(reference(), all(m, Cohort.records()), what);
        assertEquals(0, m.cacheEntriesRead(), what + ": nothing may be trusted");
        assertTrue(m.cacheCounts()[1] > 0, what + ": the answers came from HermiT");
        assertEquals(1, warnings.size(), what + ": " + warnings);
        assertTrue(warnings.get(0).contains(file.toString()), warnings.get(0));
        // the next write replaces the damaged file with a whole one
        assertTrue(m.saveCache(), what);
        warnings.clear();
        Mcrc again = cached(Cohort.ONTOLOGY);
        assertEquals(reference(), all(again, Cohort.records()), what);
        assertEquals(0, again.cacheCounts()[1], what + ": the rewritten file is read");
        assertEquals(List.of(), warnings, what);
    }

    @Test
    void aFlippedByteIsDetected() throws IOException {
        damagedFileIsIgnoredWithOneWarning("flipped byte", b -> {
            b[b.length / 2] ^= 0x10;
            return b;
        });
    }

    @Test
    void aFlippedByteInTheChecksumIsDetected() throws IOException {
        damagedFileIsIgnoredWithOneWarning("flipped checksum", b -> {
            b[b.length - 1] ^= 0x01;
            return b;
        });
    }

    @Test
    void aTruncatedFileIsDetected() throws IOException {
        damagedFileIsIgnoredWithOneWarning("truncated", b -> java.util.Arrays.copyOf(b, b.length * 2 / 3));
    }

    @Test
    void anEmptyFileIsDetected() throws IOException {
        damagedFileIsIgnoredWithOneWarning("empty", b -> new byte[0]);
    }

    @Test
    void aFileThatIsNotACacheIsDetected() throws IOException {
        damagedFileIsIgnoredWithOneWarning("garbage", b -> "not a cache at all, but long enough to have a header and a checksum".getBytes());
    }

    /**
     * Another ontology's file under this ontology's name (copied or renamed by hand): its checksum is
     * right, but its header names another digest.
     */
    @Test
    void anotherDigestsFileIsNotTrusted() throws IOException {
        Path edited = editedOntology();
        Mcrc other = cached(edited);
        all(other, Cohort.records());
        other.saveCache();
        Path otherFile = onlyCacheFile();
        Path mine = dir.resolve(ExactCache.digest(Cohort.mcrc().knowledgeBase()) + PersistentCache.SUFFIX);
        assertNotEquals(otherFile, mine);
        Files.move(otherFile, mine);

        Mcrc m = cached(Cohort.ONTOLOGY);
        assertEquals(reference(), all(m, Cohort.records()));
        assertEquals(0, m.cacheEntriesRead());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("another ontology"), warnings.get(0));
    }

    /** The example edit: RemnantAtLeast30Percent's threshold, 30 to 25. */
    private Path editedOntology() throws IOException {
        String src = Files.readString(Cohort.ONTOLOGY);
        String from = "\"30.0\"^^xsd:decimal";
        StringBuilder out = new StringBuilder();
        int changed = 0;
        for (String line : src.split("\n", -1)) {
            if (line.startsWith("EquivalentClasses(:RemnantAtLeast30Percent ") && line.contains(from)) {
                line = line.replace(from, "\"25.0\"^^xsd:decimal");
                changed++;
            }
            out.append(line).append('\n');
        }
        assertEquals(1, changed, "RemnantAtLeast30Percent's definition should hold " + from);
        Path copy = Files.createTempDirectory(dir.getParent(), "edited").resolve("mcrc.owl");
        Files.writeString(copy, out.substring(0, out.length() - 1));
        return copy;
    }

    /**
     * A stale cache is never read: after an edit the digest differs, so a cache warmed on the
     * original ontology gives the edited ontology's answers (its own file, learned from HermiT).
     */
    @Test
    void anEditedThresholdIsNeverAnsweredFromTheOriginalsCache() throws IOException {
        Mcrc original = cached(Cohort.ONTOLOGY);
        List<PatientAnswer> before = all(original, Cohort.records());
        assertTrue(original.saveCache());
        Path originalFile = onlyCacheFile();

        Path edited = editedOntology();
        Mcrc m = cached(edited);
        List<PatientAnswer> after = all(m, Cohort.records());
        assertNotEquals(originalFile, m.cacheFile().orElseThrow(), "the edit must change the digest");
        assertEquals(0, m.cacheEntriesRead());
        List<PatientAnswer> expected = all(Mcrc.load(edited), Cohort.records());
        assertEquals(expected, after);
        assertNotEquals(before, after, "the edit should change some answer of the example cohort");
        assertTrue(m.saveCache());

        // and warm, each ontology reads its own file
        Mcrc warmEdited = cached(edited);
        assertEquals(expected, all(warmEdited, Cohort.records()));
        assertEquals(0, warmEdited.cacheCounts()[1]);
        Mcrc warmOriginal = cached(Cohort.ONTOLOGY);
        assertEquals(before, all(warmOriginal, Cohort.records()));
        assertEquals(0, warmOriginal.cacheCounts()[1]);
        assertEquals(List.of(), warnings);
    }

    /** The digest covers imports: editing an imported file changes it, though the importing file is unchanged. */
    @Test
    void theDigestCoversImports() throws IOException {
        Path d = Files.createTempDirectory(dir.getParent(), "imports");
        String main = Files.readString(Cohort.ONTOLOGY);
        // imports come after the ontology and version IRIs, before the annotations
        int at = main.indexOf("\nAnnotation(", main.indexOf("Ontology(<"));
        Files.writeString(d.resolve("mcrc.owl"), main.substring(0, at + 1) + "Import(<https://example.org/extra.owl>)\n" + main.substring(at + 1));
        String extra = "Prefix(:=<https://example.org/extra#>)\nOntology(<https://example.org/extra.owl>\nDeclaration(Class(:A))\n%s)\n";
        Files.writeString(d.resolve("extra.ofn"), extra.formatted(""));
        String one = org.mcrckg.ontology.KnowledgeBase.load(org.mcrckg.ontology.OntologySource.file(d.resolve("mcrc.owl"))).contentDigest();
        String same = org.mcrckg.ontology.KnowledgeBase.load(org.mcrckg.ontology.OntologySource.file(d.resolve("mcrc.owl"))).contentDigest();
        Files.writeString(d.resolve("extra.ofn"), extra.formatted("Declaration(Class(:B))\n"));
        String two = org.mcrckg.ontology.KnowledgeBase.load(org.mcrckg.ontology.OntologySource.file(d.resolve("mcrc.owl"))).contentDigest();
        assertEquals(one, same, "the digest is stable");
        assertNotEquals(one, two, "an edit to an import changes the digest");
        assertNotEquals(Cohort.mcrc().knowledgeBase().contentDigest(), one, "adding an import changes the digest");
    }

    /** Every field of HermiT's configuration is part of the key, under its own name. */
    @Test
    void theReasonerConfigurationIsRecordedFieldByField() {
        String r = HermitReasoners.configurationRecord();
        for (java.lang.reflect.Field f : org.semanticweb.HermiT.Configuration.class.getFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) assertTrue(r.contains("\n" + f.getName() + "="), f.getName() + " in " + r);
        }
        assertTrue(r.contains("\nignoreUnsupportedDatatypes=false"), r);
        assertEquals(r, HermitReasoners.configurationRecord(), "stable");
    }
}
