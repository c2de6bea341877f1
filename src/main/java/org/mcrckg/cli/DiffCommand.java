package org.mcrckg.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.apache.commons.io.output.WriterOutputStream;
import org.mcrckg.Mcrc;
import org.mcrckg.diff.DiffFormat;
import org.mcrckg.diff.DiffSummary;
import org.mcrckg.diff.DiffWriter;
import org.mcrckg.diff.Differ;
import org.mcrckg.diff.OntologyRevision;
import org.mcrckg.report.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"What a change to the knowledge does to patients: classifies every patient with two ontologies and lists each "
                + "answer that differs (status, provisional status, rules, missing fields, tags), with the changed terms it depends on "
                + "and their changed axioms, then a from-status x to-status matrix per procedure.",
                "Exit status: 0 whether or not answers differ (3 with --fail-on-change when they do), 2 for bad input."})
final class DiffCommand implements Callable<Integer> {
    @Option(names = "--before", required = true, paramLabel = "ONTOLOGY",
            description = "The first ontology: a file, or a git revision of the checkout's ontology/mcrc.owl (HEAD, HEAD~3, a commit).")
    String before;

    @Option(names = "--after", paramLabel = "ONTOLOGY",
            description = "The second ontology, as --before (default: the checkout's ontology/mcrc.owl as it is now, edits included).")
    String after;

    @Option(names = "--before-label", paramLabel = "TEXT", description = "How the report names the first ontology (default: what --before says).")
    String beforeLabel;

    @Option(names = "--after-label", paramLabel = "TEXT", description = "How the report names the second ontology (default: what --after says).")
    String afterLabel;

    @Mixin
    PatientFileParameters input;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "text, markdown, json or csv (csv: the changed answers only) (default: ${DEFAULT-VALUE}).")
    DiffFormat format;

    @Option(names = "--out", paramLabel = "PATH", description = "Write to this file (atomically) instead of standard output.")
    Path out;

    @Mixin
    CacheOptions cache;

    @Option(names = "--fail-on-change", description = "Exit with status 3 when any answer differs (for CI; 1 stays 'the run failed').")
    boolean failOnChange;

    @Option(names = "--max-rows", paramLabel = "N", description = "text and markdown: list at most N changed answers (the summary counts all).")
    Long maxRows;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores); each classifies a patient with both ontologies.")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (maxRows != null && maxRows < 0) throw new ParameterException(spec.commandLine(), "--max-rows must be 0 or more");
        Path checkout = checkoutOntology();
        Path scratch = Files.createTempDirectory("mcrc-diff-");
        try {
            Path a = OntologyRevision.resolve(before, checkout, scratch.resolve("before"));
            Path b = after == null ? checkout : OntologyRevision.resolve(after, checkout, scratch.resolve("after"));
            // two independent knowledge bases: load them side by side
            Path cacheDir = cache.resolve();
            CompletableFuture<Mcrc> fa = CompletableFuture.supplyAsync(() -> cached(Mcrc.load(a), cacheDir));
            Mcrc mb = cached(Mcrc.load(b), cacheDir);
            Mcrc ma;
            try {
                ma = fa.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw e;
            }
            String la = beforeLabel != null ? beforeLabel : describe(before, a);
            String lb = afterLabel != null ? afterLabel : after == null ? shown(checkout) + " (working copy)" : describe(after, b);
            Differ differ = Mcrc.differ(ma, mb).withSources(la, lb);
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
            differ.validate(input.files, n);  // a data error writes nothing
            DiffWriter writer = new DiffWriter(format, maxRows == null ? Long.MAX_VALUE : maxRows);
            DiffSummary[] summary = new DiffSummary[1];
            long[] rows = {0};
            AtomicFile.Content content = o -> {
                DiffWriter.Sink sink = writer.open(differ.before(), differ.after(), differ.changedTerms(), differ.procedureLabels(), o);
                try {
                    summary[0] = differ.compareFiles(input.files, n, c -> {
                        rows[0]++;
                        try {
                            sink.accept(c);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                sink.finish(summary[0]);
            };
            if (out != null) {
                AtomicFile.write(out, content);
            } else {
                OutputStream stdout = WriterOutputStream.builder()
                        .setWriter(spec.commandLine().getOut()).setCharset(StandardCharsets.UTF_8).get();
                content.writeTo(stdout);
                stdout.flush();
                spec.commandLine().getOut().flush();
            }
            // each side keeps what it learned under its own ontology's digest
            ma.saveCache();
            mb.saveCache();
            return failOnChange && rows[0] > 0 ? ExitCodes.CHANGED : ExitCodes.OK;
        } finally {
            deleteTree(scratch);
        }
    }

    /** The side with the persistent cache of its own ontology, when the cache is on. */
    private Mcrc cached(Mcrc m, Path cacheDir) {
        if (cacheDir == null) return m;
        PrintWriter err = spec.commandLine().getErr();
        return m.withCache(cacheDir, message -> {
            synchronized (err) {
                err.println("mcrc: warning: " + message);
                err.flush();
            }
        });
    }

    /** A path as the user would write it: relative to the working directory when it lies below it. */
    private static String shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : p.toString();
    }

    /** The user's words, and the revision's file when it was one. */
    private static String describe(String specified, Path resolved) {
        return Path.of(specified).equals(resolved) || Files.isRegularFile(Path.of(specified)) ? specified : "git revision " + specified;
    }

    /** The ontology of this checkout: what bin/mcrc passes as -Dmcrc.ontology, else ontology/mcrc.owl under the working directory. */
    private static Path checkoutOntology() {
        String p = System.getProperty("mcrc.ontology");
        return p == null || p.isBlank() ? Path.of("ontology/mcrc.owl") : Path.of(p);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    static final class FormatConverter extends Converters.EnumConverter<DiffFormat> {
        FormatConverter() { super(DiffFormat.class, "a format"); }
    }
}
