package org.mcrckg.diff;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One side of a diff as the user names it: an ontology file, or a git revision of the checkout's
 * ontology ({@code HEAD~1}, a commit, a tag). A revision is written with {@code git show} into a
 * directory of its own, together with the other ontology files and the catalog of the same folder
 * at that revision, so that imports and catalog entries resolve as they did then.
 */
public final class OntologyRevision {
    private static final List<String> ONTOLOGY_FILES = List.of(".owl", ".ofn", ".omn", ".ttl", ".obo", ".xml");

    private OntologyRevision() {}

    /**
     * The ontology file {@code spec} names.
     *
     * @param spec a path to an ontology file, or a git revision
     * @param checkoutOntology the ontology file of the checkout ({@code ontology/mcrc.owl}), whose
     *     repository and path a revision is read from
     * @param scratch an empty directory for the files of a revision
     * @throws DiffException {@code diff#no-such-side}, {@code diff#no-ontology-at-revision} or {@code diff#git-failed}
     */
    public static Path resolve(String spec, Path checkoutOntology, Path scratch) {
        Path asFile = Path.of(spec);
        if (Files.isRegularFile(asFile)) return asFile;
        if (spec.isBlank() || spec.startsWith("-")) throw notFound(spec, "");
        Path dir = checkoutOntology.toAbsolutePath().getParent();
        Run top = git(dir, "rev-parse", "--show-toplevel");
        if (top.code() != 0) {
            throw new DiffException("diff#git-failed", "'" + spec + "' is not a file, and it cannot be read as a git revision: "
                    + dir + " is not in a git repository (" + top.err().strip() + ")");
        }
        Path root = Path.of(top.out().strip());
        String rel;
        try {
            rel = root.toRealPath().relativize(checkoutOntology.toAbsolutePath().toRealPath()).toString().replace('\\', '/');
        } catch (IOException e) {
            rel = "ontology/" + checkoutOntology.getFileName();
        }
        if (git(root, "rev-parse", "--verify", "--quiet", spec + "^{commit}").code() != 0) throw notFound(spec, " of " + root);
        if (git(root, "cat-file", "-e", spec + ":" + rel).code() != 0) {
            throw new DiffException("diff#no-ontology-at-revision", "git revision '" + spec + "' has no " + rel);
        }
        String folder = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/') + 1) : "";
        Run ls = git(root, "ls-tree", "--name-only", spec, folder.isEmpty() ? "." : folder);
        List<String> files = new ArrayList<>();
        for (String line : ls.out().split("\n")) {
            String name = line.strip();
            if (name.isEmpty()) continue;
            String lower = name.toLowerCase(Locale.ROOT);
            if (ONTOLOGY_FILES.stream().anyMatch(lower::endsWith)) files.add(name);
        }
        if (!files.contains(rel)) files.add(rel);
        try {
            Files.createDirectories(scratch);
            for (String f : files) {
                Path target = scratch.resolve(f.substring(folder.length()));
                if (show(root, spec + ":" + f, target) != 0 && f.equals(rel)) {
                    throw new DiffException("diff#git-failed", "git show " + spec + ":" + rel + " failed");
                }
            }
        } catch (IOException e) {
            throw new DiffException("diff#git-failed", "cannot write the ontology of revision " + spec + ": " + e.getMessage());
        }
        return scratch.resolve(rel.substring(folder.length()));
    }

    private static DiffException notFound(String spec, String where) {
        return new DiffException("diff#no-such-side", "'" + spec + "' is neither an ontology file nor a git revision" + where);
    }

    private record Run(int code, String out, String err) {}

    private static Run git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(124, "", "git timed out");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(127, "", "git cannot be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(130, "", "interrupted");
        }
    }

    private static int show(Path root, String object, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".git-show", ".tmp");
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "show", object)
                    .redirectOutput(tmp.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 124;
            }
            if (p.exitValue() == 0) Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
