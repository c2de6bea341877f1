package org.mcrckg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
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
            description = "table, json or csv (default: ${DEFAULT-VALUE}).", converter = FormatConverter.class)
    AnswerFormat format;

    @Option(names = "--out", paramLabel = "PATH", description = "Write to this file (atomically) instead of standard output.")
    Path out;


    @Mixin
    OntologyOptions ontology;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Mcrc mcrc = ontology.load();
        int n = ontology.threads();
        List<PatientAnswer> answers = mcrc.classifyAll(mcrc.read(files), n);
        AnswerWriter writer = new AnswerWriter(mcrc.ontologyIri(), mcrc.ontologyVersion(), Mcrc.toolVersion());
        if (out != null) {
            AtomicFile.write(out, o -> writer.write(answers, format, o));
        } else {
            var stdout = new java.io.ByteArrayOutputStream();
            writer.write(answers, format, stdout);
            spec.commandLine().getOut().print(stdout.toString(java.nio.charset.StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        }
        return Main.OK;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<AnswerFormat> {
        @Override
        public AnswerFormat convert(String v) {
            try {
                return AnswerFormat.valueOf(v.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + v + "' is not a format: use table, json or csv");
            }
        }
    }
}
