package org.mcrckg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mcrckg.endpoint.Endpoint;
import org.mcrckg.endpoint.EndpointConfig;
import org.mcrckg.endpoint.PatientStore;
import org.mcrckg.endpoint.UpdatePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Serves a store that mcrc load wrote as a SPARQL endpoint (dataset mcrc), until stopped (Ctrl-C).",
                "SPARQL 1.1 Query at /mcrc/sparql (GET and POST; JSON, XML, CSV or TSV by Accept or ?format=), "
                        + "graph store (read) at /mcrc/get, VoID at /mcrc/void, a query page at /.",
                "Safe defaults: loopback only, read-only, a query timeout and a result-row limit. The default graph is the union of the named graphs."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The store directory (written by mcrc load).")
    Path store;

    @Option(names = "--port", defaultValue = "3030", paramLabel = "PORT", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = EndpointConfig.DEFAULT_HOST, paramLabel = "HOST",
            description = "Interface to bind (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--allow-update", description = "Accept SPARQL Update at /mcrc/update (default: read-only; updates are refused).")
    boolean allowUpdate;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Cancel a query after this long, answering 503 (default: ${DEFAULT-VALUE}; for example 500ms, 10s, 2m).")
    Duration timeout;

    @Option(names = "--max-results", defaultValue = "100000", paramLabel = "N",
            description = "Return at most N rows per query; a cut result has the header Mcrc-Results-Truncated: true (default: ${DEFAULT-VALUE}).")
    int maxResults;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EndpointConfig config;
        try {
            config = new EndpointConfig(host, port, allowUpdate ? UpdatePolicy.ALLOW_UPDATE : UpdatePolicy.READ_ONLY, timeout, maxResults);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PatientStore s = PatientStore.openExisting(store);
        Endpoint endpoint;
        try {
            endpoint = Endpoint.start(s, config);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        // Ctrl-C (SIGINT) or SIGTERM: stop serving, then release the store and its lock.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            endpoint.close();
            s.close();
        }, "mcrc-serve-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("mcrc: serving %s (SPARQL: %s) from %s; %s; Ctrl-C stops%n", endpoint.baseUri(), endpoint.sparqlUri(), store,
                config.updates() == UpdatePolicy.READ_ONLY ? "read-only" : "SPARQL Update allowed at /" + Endpoint.DATASET + "/update");
        out.flush();
        endpoint.awaitStop();
        return ExitCodes.OK;
    }
}
