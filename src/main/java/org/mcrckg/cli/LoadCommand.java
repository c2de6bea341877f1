package org.mcrckg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mcrckg.CohortRun;
import org.mcrckg.Mcrc;
import org.mcrckg.store.LoadReport;
import org.mcrckg.store.PatientStore;
import org.mcrckg.explain.ExplainOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "load", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Classifies the patients in the files and writes them into a TDB2 store for mcrc serve.",
                "Named graphs: https://w3id.org/mcrc-kg/graph/ontology (replaced by every load), .../patients, .../inferences, .../summary, and with --explain .../explanations.",
                "A patient already in the store (same patient_id) is replaced whole. Patients are committed in batches "
                        + "(about every 5 s), so a reader, or a store reopened after a crash, sees each patient whole or not at all.",
                "Every file is read and validated first; a data error writes nothing (exit 2). Stop mcrc serve before loading: "
                        + "one process at a time may open a store."})
final class LoadCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The store directory (created when missing).")
    Path store;

    @Mixin
    PatientFileParameters input;

    /** When to compact the store after loading. */
    enum Compaction { AUTO, ALWAYS, NEVER }

    @Option(names = "--compact", defaultValue = "auto", paramLabel = "WHEN", converter = CompactionConverter.class,
            description = {"auto, always or never (default: ${DEFAULT-VALUE}). TDB2 leaves dead blocks behind every transaction; "
                    + "compacting copies the live data and drops them, which takes time in proportion to the whole store. "
                    + "auto compacts when the store held patients before this load and the load wrote at least a tenth of the patients "
                    + "it holds; a new store is not compacted (its batches leave little behind)."})
    Compaction compaction;

    static final class CompactionConverter extends Converters.EnumConverter<Compaction> {
        CompactionConverter() { super(Compaction.class, "a compaction policy"); }
    }

    @Option(names = "--explain", description = {"Also write every answer's explanation (mcrc explain, first justification, "
            + "30 s budget per answer) into the graph https://w3id.org/mcrc-kg/graph/explanations. Explaining costs far more than "
            + "classifying: meant for cohorts a tumour board will read, not for registries."})
    boolean explain;

    @Mixin
    OntologyOptions ontology;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Mcrc mcrc = ontology.load();
        CohortRun run = mcrc.cohort(input.files).threads(ontology.threads()).explain(explain ? ExplainOptions.defaults() : null);
        run.validate();  // a data error stops here, before the store is touched
        PrintWriter err = spec.commandLine().getErr();
        long[] lastReport = {System.nanoTime()};
        boolean[] first = {true};
        LoadReport r;
        long[] sizes = null;
        long size;
        try (PatientStore s = PatientStore.open(store)) {
            s.summaryUpgrade().ifPresent(d -> ServeCommand.upgraded(err, store, d));
            r = s.load(run, (done, total) -> {
                long now = System.nanoTime();
                // the first batch, then every 5 s: a long load shows it is moving
                if (done == total || first[0] || now - lastReport[0] > 5_000_000_000L) {
                    err.printf("mcrc: %d/%d patients committed%n", done, total);
                    err.flush();
                    lastReport[0] = now;
                    first[0] = false;
                }
            });
            boolean compact = switch (compaction) {
                case ALWAYS -> true;
                case NEVER -> false;
                // a new store holds only the dead blocks of its own batches (14% of 10,000 generated
                // patients' store), and compacting it took as long as loading it (BENCHMARKS.md)
                case AUTO -> r.inStore() > r.patients() - r.replaced() && r.patients() * 10L >= r.inStore();
            };
            if (compact) sizes = s.compact();
            size = sizes != null ? sizes[1] : s.diskUsage();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "loaded %d patients (%d replaced, %d inconsistent) into %s in %.1f s (%.1f patients/s); the store holds %d patients%n",
                r.patients(), r.replaced(), r.inconsistent(), store, r.elapsed().toNanos() / 1e9, r.patientsPerSecond(), r.inStore());
        if (sizes != null) out.printf(Locale.ROOT, "compacted the store: %s -> %s on disk%n", megabytes(sizes[0]), megabytes(sizes[1]));
        else out.printf(Locale.ROOT, "the store takes %s on disk%n", megabytes(size));
        out.flush();
        ontology.save(mcrc);
        return ExitCodes.OK;
    }

    /** 9.4 MB: a small store's size in whole megabytes would read 0 MB. */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, bytes < 100L << 20 ? "%.1f MB" : "%.0f MB", bytes / (double) (1 << 20));
    }
}
