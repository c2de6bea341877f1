package org.mcrckg.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.commons.io.output.WriterOutputStream;
import org.mcrckg.CohortRun;
import org.mcrckg.Mcrc;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.report.AnswerFormat;
import org.mcrckg.report.AnswerWriter;
import org.mcrckg.report.AtomicFile;
import org.mcrckg.report.StatusVocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "classify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Classifies every patient in the files and answers, for every procedure key, one of recommended, consider, "
                + "not_recommended, not_indicated, not_applicable or undetermined (with the fields that would settle it); "
                + "the record format and the status words are those of docs/patient-record.md.",
                "Every file is read and validated before anything is classified; a data error writes nothing (exit 2)."})
final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    PatientFileParameters input;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, csv or jsonl (JSON Lines: one patient per line) (default: ${DEFAULT-VALUE}).", converter = FormatConverter.class)
    AnswerFormat format;

    @Option(names = "--out", paramLabel = "PATH", description = "Write to this file (atomically) instead of standard output.")
    Path out;

    static final class FormatConverter extends Converters.EnumConverter<AnswerFormat> {
        FormatConverter() { super(AnswerFormat.class, "a format"); }
    }

    static final class VocabularyConverter extends Converters.EnumConverter<StatusVocabulary> {
        VocabularyConverter() { super(StatusVocabulary.class, "a status vocabulary"); }
    }


    @Option(names = "--quiet", description = "No progress line on the terminal.")
    boolean quiet;

    @Option(names = "--status-vocabulary", defaultValue = "v2", paramLabel = "VERSION", converter = VocabularyConverter.class,
            description = "Status words of version v1 or v2 of docs/patient-record.md (default: ${DEFAULT-VALUE}). v1 writes not_indicated as "
                    + "not_recommended, for readers of version 1; 'basis' still says no_indication_met.")
    StatusVocabulary vocabulary;

    @Option(names = "--explain", description = "With --format json or jsonl: add to each treatment an 'explanation' (the facts, rules, thresholds and "
            + "evidence behind it; for undetermined answers the fields that would settle it) and to each patient 'next_measurements'. "
            + "Slower (seconds per patient): meant for small cohorts.")
    boolean explain;

    @Mixin
    OntologyOptions ontology;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (explain && format != AnswerFormat.JSON && format != AnswerFormat.JSONL) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--explain needs --format json or jsonl");
        }
        // before any work: --out must not replace an input, a directory, a device or a link
        if (out != null) AtomicFile.checkTarget(out, input.files);
        Mcrc mcrc = ontology.load();
        AnswerWriter writer = new AnswerWriter(mcrc.ontologyIri(), mcrc.ontologyVersion(), Mcrc.toolVersion()).withStatusVocabulary(vocabulary);
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        CohortRun run = mcrc.cohort(input.files).threads(ontology.threads()).progress(progress::update)
                .explain(explain ? ExplainOptions.defaults() : null);
        // validate everything before touching the output: a data error leaves no file and no directory
        run.validate();
        if (out != null) {
            AtomicFile.write(out, input.files, o -> write(run, writer, new BufferedOutputStream(o, 1 << 16), progress));
        } else {
            OutputStream stdout = WriterOutputStream.builder()
                    .setWriter(spec.commandLine().getOut()).setCharset(StandardCharsets.UTF_8).get();
            write(run, writer, stdout, progress);
            stdout.flush();
            spec.commandLine().getOut().flush();
        }
        ontology.save(mcrc);
        Mcrc.hermitTestCounts().ifPresent(c -> spec.commandLine().getErr().println("mcrc: " + c));
        return ExitCodes.OK;
    }

    /** Streams the answers of a validated run to {@code o} as they come (with their explanations, when asked). */
    private void write(CohortRun run, AnswerWriter writer, OutputStream o, Progress progress) throws IOException {
        AnswerWriter.Sink sink = writer.open(format, o);
        try {
            run.forEach(p -> sink.accept(p.answer(), p.explanation()));
        } finally {
            progress.finish();
        }
        sink.close();
        o.flush();
    }
}
