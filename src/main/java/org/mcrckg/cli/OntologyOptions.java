package org.mcrckg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mcrckg.Mcrc;
import org.mcrckg.reasoning.Engine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options shared by the commands that load the ontology and reason. */
final class OntologyOptions {
    @Option(names = "--ontology", paramLabel = "FILE",
            description = "Ontology to reason with (default: -Dmcrc.ontology, which bin/mcrc sets to ontology/mcrc.owl; else the copy in the jar).")
    Path ontology;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "fast", converter = EngineConverter.class,
            description = "fast (default: one reasoner per worker, answers cached exactly across patients), uncached (the same without the cache) per-patient (a fresh reasoner per patient over the whole ontology) or naive (all patients in one ontology, one realisation: the slow baseline, whole cohort in memory). All give the same answers.")
    Engine engine;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    static final class EngineConverter extends Converters.EnumConverter<Engine> {
        EngineConverter() { super(Engine.class, "an engine"); }
    }

    @Mixin
    CacheOptions cache;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Mcrc load() {
        Mcrc m = (ontology == null ? Mcrc.load() : Mcrc.load(ontology)).withEngine(engine);
        Path dir = engine == Engine.FAST ? cache.resolve() : null;
        if (dir != null) {
            PrintWriter err = command.commandLine().getErr();
            m = m.withCache(dir, message -> {
                err.println("mcrc: warning: " + message);
                err.flush();
            });
        }
        return m;
    }

    /** Keeps what this run learned in the persistent cache (a failure is a warning, never an error). */
    void save(Mcrc mcrc) { mcrc.saveCache(); }

    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
    }
}
