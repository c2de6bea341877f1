package org.mcrckg.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.mcrckg.ClassifiedPatient;
import org.mcrckg.CohortRun;
import org.mcrckg.Mcrc;
import org.mcrckg.explain.ExplainException;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.ExplanationFormat;
import org.mcrckg.explain.ExplanationWriter;
import org.mcrckg.explain.PatientExplanation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Explains one patient's answers: for each status, a minimal set of the patient's facts that proves it "
                + "(HermiT judges every smaller record), the thresholds compared, the rule and its evidence; for undetermined answers, "
                + "the missing fields that would settle them, and a ranking of what to measure next."})
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    PatientFileParameters input;

    @Option(names = "--patient", required = true, paramLabel = "ID", description = "The patient_id to explain.")
    String patient;

    @Option(names = "--procedure", paramLabel = "KEY", description = "One procedure key (default: every procedure).")
    String procedure;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
    ExplanationFormat format;

    static final class FormatConverter extends Converters.EnumConverter<ExplanationFormat> {
        FormatConverter() { super(ExplanationFormat.class, "a format"); }
    }

    @Option(names = "--max", defaultValue = "1", paramLabel = "N", description = "Up to N different minimal sets of facts per deciding rule (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Time budget per answer, for example 500ms, 30s, 2m (default: ${DEFAULT-VALUE}); an explanation cut short says so.")
    Duration timeout;

    @Option(names = "--settle-size", defaultValue = "2", paramLabel = "N", description = "Largest set of missing fields tried to settle an undetermined answer (default: ${DEFAULT-VALUE}).")
    int settleSize;

    @Mixin
    OntologyOptions ontology;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (max < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max must be at least 1");
        if (settleSize < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--settle-size must be at least 1");
        Mcrc mcrc = ontology.load();
        if (procedure != null && mcrc.procedures().stream().noneMatch(p -> p.key().equals(procedure))) {
            throw new ExplainException("explain#unknown-procedure", "no procedure '" + procedure + "'; procedures: "
                    + String.join(", ", mcrc.procedures().stream().map(p -> p.key()).toList()));
        }
        CohortRun run = mcrc.cohort(input.files).threads(1).select(r -> r.id().equals(patient))
                .explain(new ExplainOptions(max, timeout, settleSize), procedure);
        long patients = run.validate();
        List<ClassifiedPatient> found = run.toList();  // patient ids are unique: at most one
        if (found.isEmpty()) {
            throw new ExplainException("explain#unknown-patient", "no patient '" + patient + "' in " + input.files
                    + " (" + patients + " patient" + (patients == 1 ? "" : "s") + " read)");
        }
        PatientExplanation e = found.get(0).explanation();
        var buf = new ByteArrayOutputStream();
        new ExplanationWriter(mcrc.ontologyIri(), mcrc.ontologyVersion()).write(List.of(e), format, buf);
        spec.commandLine().getOut().print(buf.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        ontology.save(mcrc);
        return ExitCodes.OK;
    }
}
