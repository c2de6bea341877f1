package org.mcrckg.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.io.output.WriterOutputStream;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.reasoning.Materialisation;
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
            + "Slower: meant for small cohorts (they are held in memory).")
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
        if (explain) return explained(mcrc);
        AnswerWriter writer = new AnswerWriter(mcrc.ontologyIri(), mcrc.ontologyVersion(), Mcrc.toolVersion()).withStatusVocabulary(vocabulary);
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        // validate everything before touching the output: a data error leaves no file and no directory
        long total = mcrc.validate(input.files, ontology.threads());
        if (out != null) {
            AtomicFile.write(out, input.files, o -> run(mcrc, total, writer, new BufferedOutputStream(o, 1 << 16), progress));
        } else {
            OutputStream stdout = WriterOutputStream.builder()
                    .setWriter(spec.commandLine().getOut()).setCharset(StandardCharsets.UTF_8).get();
            run(mcrc, total, writer, stdout, progress);
            stdout.flush();
            spec.commandLine().getOut().flush();
        }
        ontology.save(mcrc);
        Mcrc.hermitTestCounts().ifPresent(c -> spec.commandLine().getErr().println("mcrc: " + c));
        return ExitCodes.OK;
    }

    /** --explain: every record read and explained before anything is written (a data error still writes nothing). */
    private Integer explained(Mcrc mcrc) throws Exception {
        List<PatientRecord> records = mcrc.read(input.files);
        List<PatientExplanation> es = mcrc.explainAll(records, ontology.threads(), ExplainOptions.defaults());
        Map<PatientAnswer, PatientExplanation> byAnswer = new IdentityHashMap<>();
        es.forEach(e -> byAnswer.put(e.answer(), e));
        AnswerWriter writer = new AnswerWriter(mcrc.ontologyIri(), mcrc.ontologyVersion(), Mcrc.toolVersion()).withExplanations(byAnswer::get)
                .withStatusVocabulary(vocabulary);
        List<PatientAnswer> answers = es.stream().map(PatientExplanation::answer).toList();
        if (out != null) {
            AtomicFile.write(out, input.files, o -> writer.write(answers, format, o));
        } else {
            var buf = new ByteArrayOutputStream();
            writer.write(answers, format, buf);
            spec.commandLine().getOut().print(buf.toString(StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        }
        ontology.save(mcrc);
        return ExitCodes.OK;
    }

    /** Validates every file, then streams answers to {@code o} as they come; the output is opened only when all input is valid. */
    private void run(Mcrc mcrc, long total, AnswerWriter writer, OutputStream o, Progress progress) throws IOException {
        AnswerWriter.Sink[] sink = new AnswerWriter.Sink[1];
        try {
            mcrc.classifyValidated(input.files, total, ontology.threads(), Materialisation.ANSWER_CLASSES, n -> {
                try {
                    sink[0] = writer.open(format, o);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return a -> {
                    try {
                        sink[0].accept(a);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
            }, progress::update);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            progress.finish();
        }
        sink[0].close();
        o.flush();
    }
}
