package org.mcrckg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mcrckg.Mcrc;
import org.mcrckg.reasoning.Materialisation;
import org.mcrckg.report.AnswerFormat;
import org.mcrckg.report.AnswerWriter;
import org.mcrckg.report.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "classify", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Classifies every patient in the files and answers, for every procedure key, one of recommended, consider, "
                + "not_recommended, not_applicable or undetermined (with the fields that would settle it).",
                "Every file is read and validated before anything is classified; a data error writes nothing (exit 2)."})
final class ClassifyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Patient files: .csv, .json or .ttl (contract §1).")
    List<Path> files;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, csv or jsonl (JSON Lines: one patient per line) (default: ${DEFAULT-VALUE}).", converter = FormatConverter.class)
    AnswerFormat format;

    @Option(names = "--out", paramLabel = "PATH", description = "Write to this file (atomically) instead of standard output.")
    Path out;


    @Option(names = "--quiet", description = "No progress line on the terminal.")
    boolean quiet;

    @Mixin
    OntologyOptions ontology;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Mcrc mcrc = ontology.load();
        AnswerWriter writer = new AnswerWriter(mcrc.ontologyIri(), mcrc.ontologyVersion(), Mcrc.toolVersion());
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        // validate everything before touching the output: a data error leaves no file and no directory
        long total = mcrc.validate(files);
        if (out != null) {
            AtomicFile.write(out, o -> run(mcrc, total, writer, new java.io.BufferedOutputStream(o, 1 << 16), progress));
        } else {
            java.io.OutputStream stdout = org.apache.commons.io.output.WriterOutputStream.builder()
                    .setWriter(spec.commandLine().getOut()).setCharset(java.nio.charset.StandardCharsets.UTF_8).get();
            run(mcrc, total, writer, stdout, progress);
            stdout.flush();
            spec.commandLine().getOut().flush();
        }
        return Main.OK;
    }

    /** Validates every file, then streams answers to {@code o} as they come; the output is opened only when all input is valid. */
    private void run(Mcrc mcrc, long total, AnswerWriter writer, java.io.OutputStream o, Progress progress) throws java.io.IOException {
        AnswerWriter.Sink[] sink = new AnswerWriter.Sink[1];
        try {
            mcrc.classifyValidated(files, total, ontology.threads(), Materialisation.ANSWER_CLASSES, n -> {
                try {
                    sink[0] = writer.open(format, o);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return a -> {
                    try {
                        sink[0].accept(a);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
            }, progress::update);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            progress.finish();
        }
        sink[0].close();
        o.flush();
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<AnswerFormat> {
        @Override
        public AnswerFormat convert(String v) {
            try {
                return AnswerFormat.valueOf(v.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + v + "' is not a format: use table, json, csv or jsonl");
            }
        }
    }
}
