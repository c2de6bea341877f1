package org.mcrckg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A side of a diff named by a git revision, in a small repository made for the test. */
class OntologyRevisionTest {
    @TempDir
    Path repo;

    @TempDir
    Path scratch;

    private void git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=test", "-c", "user.email=test@example.org",
                "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
    }

    @Test
    void revisionsFilesAndErrors() throws Exception {
        git("init", "-q");
        Files.writeString(repo.resolve("README.md"), "first\n");
        git("add", "README.md");
        git("commit", "-q", "-m", "first");
        Path ontology = repo.resolve("ontology/mcrc.owl");
        Files.createDirectories(ontology.getParent());
        Files.writeString(ontology, "Ontology(<https://example.org/o>)\n");
        Files.writeString(repo.resolve("ontology/catalog-v001.xml"), "<catalog/>\n");
        git("add", "ontology");
        git("commit", "-q", "-m", "second");
        Files.writeString(ontology, "Ontology(<https://example.org/o> Declaration(Class(<https://example.org/C>)))\n");  // a working-copy edit

        Path head = OntologyRevision.resolve("HEAD", ontology, scratch.resolve("head"));
        assertEquals("Ontology(<https://example.org/o>)\n", Files.readString(head), "the committed file, not the working copy");
        assertTrue(Files.isRegularFile(head.resolveSibling("catalog-v001.xml")), "the catalog of the same revision comes along");
        assertEquals(ontology, OntologyRevision.resolve(ontology.toString(), ontology, scratch.resolve("file")), "a file is itself");

        DiffException none = assertThrows(DiffException.class, () -> OntologyRevision.resolve("HEAD~1", ontology, scratch.resolve("first")));
        assertEquals("diff#no-ontology-at-revision", none.errorId());
        assertTrue(none.getMessage().contains("has no ontology/mcrc.owl"), none.getMessage());

        DiffException unknown = assertThrows(DiffException.class, () -> OntologyRevision.resolve("v9.9.9", ontology, scratch.resolve("x")));
        assertEquals("diff#no-such-side", unknown.errorId());
    }

    @Test
    void outsideARepository() throws IOException {
        Path ontology = repo.resolve("mcrc.owl");
        Files.writeString(ontology, "Ontology()\n");
        DiffException e = assertThrows(DiffException.class, () -> OntologyRevision.resolve("HEAD", ontology, scratch.resolve("x")));
        assertEquals("diff#git-failed", e.errorId());
    }
}
