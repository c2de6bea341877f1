package org.mcrckg.cli;

import java.io.PrintWriter;
import org.mcrckg.Mcrc;
import org.mcrckg.endpoint.EndpointException;
import org.mcrckg.ontology.OntologyException;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.query.QueryException;
import org.mcrckg.reasoning.HermitReasoners;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mcrc}: the command line. A thin layer over the library; only {@link #main} exits.
 * Exit status (docs/patient-record.md §3): 0 done, 2 bad usage or a data error, 1 anything else; {@code diff --fail-on-change}
 * exits 3 when answers differ (1 would be read as "the run failed").
 */
@Command(name = "mcrc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Reasons over the evidence on surgical treatment of metastatic colorectal cancer.",
        footer = {"", "Patient records, status words, procedure keys and exit codes: docs/patient-record.md (record contract, version 2)."},
        subcommands = {ClassifyCommand.class, ExplainCommand.class, DiffCommand.class, QueryCommand.class, GenerateCommand.class, LoadCommand.class,
                ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** {@code diff --fail-on-change}: the run succeeded and some answers differ. */
    public static final int CHANGED = 3;

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
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof DataErrorException d) {
                err.println("mcrc: data error" + (d.errors().size() > 1 ? "s (" + d.errors().size() + ")" : "") + "; nothing was written");
                err.println(d.getMessage());
                return USAGE;
            }
            if (ex instanceof UsageException u) {
                err.println("mcrc: " + u.getMessage());
                return USAGE;
            }
            if (ex instanceof org.mcrckg.explain.ExplainException x) {
                err.println("mcrc: " + x.getMessage() + " [" + x.errorId() + "]");
                return USAGE;
            }
            if (ex instanceof org.mcrckg.diff.DiffException x) {
                err.println("mcrc: " + x.getMessage() + " [" + x.errorId() + "]");
                return USAGE;
            }
            if (ex instanceof QueryException q) {
                err.println("mcrc: " + q.getMessage() + " [" + q.errorId() + "]");
                return q.errorId().equals("query#not-found") || q.errorId().equals("query#service-disabled") ? USAGE : FAILURE;
            }
            if (ex instanceof EndpointException e) {
                err.println("mcrc: " + e.getMessage() + " [" + e.errorId() + "]");
                return e.errorId().equals("store#missing") || e.errorId().equals("store#not-a-store") ? USAGE : FAILURE;
            }
            if (ex instanceof org.mcrckg.report.OutputException o) {
                err.println("mcrc: " + o.getMessage() + " [" + o.errorId() + "]");
                return o.errorId().equals("io#write-failed") ? FAILURE : USAGE;
            }
            if (ex instanceof OntologyException o) {
                err.println("mcrc: " + o.getMessage() + " [" + o.errorId() + "]");
                return FAILURE;
            }
            err.println("mcrc: failed: " + ex);
            if (System.getenv("MCRC_DEBUG") != null) ex.printStackTrace(err);
            return FAILURE;
        });
        return cl.execute(args);
    }

    /** A usage problem found after parsing (for example a file that does not exist). */
    static final class UsageException extends RuntimeException {
        UsageException(String m) { super(m); }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Mcrc m = Mcrc.load();
            return new String[] {
                "mcrc-kg " + Mcrc.toolVersion(),
                "ontology " + m.ontologyIri() + " version " + m.ontologyVersion(),
                "reasoner " + HermitReasoners.describe(),
                "OWL API " + Mcrc.buildProperty("owlapi") + ", Apache Jena " + Mcrc.buildProperty("jena"),
                "java " + System.getProperty("java.version")
            };
        }
    }
}
