package org.mcrckg.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mcrckg.generate.CohortGenerator;
import org.mcrckg.report.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes a synthetic cohort as CSV in the record format of docs/patient-record.md: site frequencies of the brief, values around every threshold, "
                + "missing values and a few contradictory records; the same seed gives the same file."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--patients", required = true, paramLabel = "N", description = "Number of patients.")
    int patients;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "PATH", description = "Write to this file (atomically) instead of standard output.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (patients < 0) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--patients must be 0 or more");
        CohortGenerator g = new CohortGenerator(seed);
        if (out != null) {
            AtomicFile.write(out, o -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8), 1 << 16);
                g.write(patients, w);
                w.flush();
            });
        } else {
            g.write(patients, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
