package org.mcrckg.cli;

import java.io.PrintWriter;
import org.mcrckg.error.McrcException;
import org.mcrckg.patient.DataErrorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mcrc}: the command line. A thin layer over the library; only {@link #main} exits.
 * Exit status (docs/patient-record.md §3): 0 done, 2 bad usage or a data error, 1 anything else; {@code diff --fail-on-change}
 * exits 3 when answers differ (1 would be read as "the run failed").
 */
@Command(name = "mcrc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Reasons over the evidence on surgical treatment of metastatic colorectal cancer.",
        footer = {"", "Patient records, status words, procedure keys and exit codes: docs/patient-record.md (record contract, version 2)."},
        subcommands = {ClassifyCommand.class, ExplainCommand.class, DiffCommand.class, QueryCommand.class, GenerateCommand.class, LoadCommand.class,
                ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = ExitCodes.OK;
    public static final int FAILURE = ExitCodes.FAILURE;
    public static final int USAGE = ExitCodes.USAGE;
    /** {@code diff --fail-on-change}: the run succeeded and some answers differ. */
    public static final int CHANGED = ExitCodes.CHANGED;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: classify, explain, diff, query, generate, load or serve");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        int code = execute(args, out, new PrintWriter(System.err, true));
        // System.out swallows write errors (a full disk, > /dev/full): a run whose output was lost did not succeed
        out.flush();
        if (System.out.checkError() && code == OK) {
            System.err.println("mcrc: cannot write to standard output (a full disk?); the output is incomplete [io#write-failed]");
            code = FAILURE;
        }
        System.exit(code);
    }

    /** Runs the command line and returns the exit status; the integration tests call this. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(Main::exitCode);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println(message(ex));
            if (!(ex instanceof McrcException) && System.getenv("MCRC_DEBUG") != null) ex.printStackTrace(err);
            return cmd.getExitCodeExceptionMapper().getExitCode(ex);
        });
        return cl.execute(args);
    }

    /** The exit status of a failed command: its kind decides (docs/patient-record.md §3). */
    static int exitCode(Throwable ex) {
        if (ex instanceof CommandLine.ParameterException) return USAGE;  // picocli's own usage errors, and ours found in call()
        if (!(ex instanceof McrcException m)) return FAILURE;
        return switch (m.kind()) {
            case USAGE, DATA -> USAGE;
            case FAILURE -> FAILURE;
        };
    }

    /** What a failed command says on standard error. */
    static String message(Throwable ex) {
        if (ex instanceof DataErrorException d) {
            return "mcrc: data error" + (d.errors().size() > 1 ? "s (" + d.errors().size() + ")" : "") + "; nothing was written"
                    + System.lineSeparator() + d.getMessage();
        }
        if (ex instanceof UsageException u) return "mcrc: " + u.getMessage();
        if (ex instanceof McrcException m) return "mcrc: " + m.getMessage() + " [" + m.errorId() + "]";
        return "mcrc: failed: " + ex;
    }

}
