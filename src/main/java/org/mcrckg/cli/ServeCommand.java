package org.mcrckg.cli;

import jakarta.servlet.http.HttpServlet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mcrckg.Mcrc;
import org.mcrckg.cds.CdsService;
import org.mcrckg.cds.CdsServlet;
import org.mcrckg.endpoint.Endpoint;
import org.mcrckg.endpoint.EndpointConfig;
import org.mcrckg.store.PatientStore;
import org.mcrckg.endpoint.UpdatePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Serves a store that mcrc load wrote as a SPARQL endpoint (dataset mcrc), until stopped (Ctrl-C).",
                "SPARQL 1.1 Query at /mcrc/sparql (GET and POST; JSON, XML, CSV or TSV by Accept or ?format=), "
                        + "graph store (read) at /mcrc/get, VoID at /mcrc/void, a query page at /.",
                "Safe defaults: loopback only, read-only, a query timeout (parsing included) and a result-row limit, requests of at most 1 MiB "
                        + "and queries of at most 100,000 characters, no SPARQL SERVICE (no outbound requests), CORS without credentials, no access log. "
                        + "The default graph is the union of the named graphs."})
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
            description = "Cancel a query this long after its request arrived (parsing included), answering 503; a request's ?timeout= "
                    + "(seconds) may only lower it (default: ${DEFAULT-VALUE}; for example 500ms, 10s, 2m).")
    Duration timeout;

    @Option(names = "--max-results", defaultValue = "100000", paramLabel = "N",
            description = "Return at most N rows per query; a cut result has the header Mcrc-Results-Truncated: true (default: ${DEFAULT-VALUE}).")
    int maxResults;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Let pages of this origin (https://host[:port]) read responses; repeat for several. Default: any origin, "
                    + "without credentials (Access-Control-Allow-Origin: *). Credentials are never allowed.")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--access-log", paramLabel = "FILE|-",
            description = "Append one line per request (time, remote address, method, path without query string, status, bytes, ms) "
                    + "to FILE, or to standard output with -. Default: off.")
    String accessLog;

    @Option(names = "--access-log-queries", description = "Also write each query's text into the access log (it may hold patient ids).")
    boolean accessLogQueries;

    @Option(names = "--cds", description = "Also serve CDS Hooks 2.0 at /cds-services: discovery (GET) and the patient-view service "
            + CdsService.ID + " (POST), answering with cards from the FHIR resources of the request's prefetch.")
    boolean cds;

    @Option(names = "--cds-fhir-allow", split = ",", paramLabel = "HOST",
            description = "Hosts whose FHIR server a CDS request without prefetch may make this server read (default: none; without prefetch the answer is 412).")
    List<String> cdsFhirAllow = new ArrayList<>();

    @Option(names = "--ontology", paramLabel = "FILE", description = "With --cds: the ontology to reason with (default: -Dmcrc.ontology, else the copy in the jar).")
    Path ontology;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EndpointConfig config;
        try {
            config = new EndpointConfig(host, port, allowUpdate ? UpdatePolicy.ALLOW_UPDATE : UpdatePolicy.READ_ONLY, timeout, maxResults)
                    .withCorsOrigins(corsOrigins);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (accessLogQueries && accessLog == null) throw new UsageException("--access-log-queries needs --access-log FILE|-");
        AccessLogWriter log = accessLog == null ? null : AccessLogWriter.open(accessLog, spec.commandLine().getOut());
        if (log != null) config = config.withAccessLog(log, accessLogQueries);

        if (!cds && !cdsFhirAllow.isEmpty()) throw new UsageException("--cds-fhir-allow needs --cds");
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        Mcrc cdsMcrc = null;
        if (cds) {
            cdsMcrc = ontology == null ? Mcrc.load() : Mcrc.load(ontology);
            servlets.put("/cds-services/*", new CdsServlet(new CdsService(cdsMcrc, Set.copyOf(cdsFhirAllow))));
        }
        // with --cds the pages and /mcrc/classify reason with the same loaded ontology as the CDS service
        final Mcrc shared = cdsMcrc;
        PatientStore s = PatientStore.openExisting(store);
        s.summaryUpgrade().ifPresent(d -> upgraded(spec.commandLine().getErr(), store, d));
        Endpoint endpoint;
        try {
            endpoint = shared == null ? Endpoint.start(s, config) : Endpoint.start(s, config, () -> shared, servlets);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        // Ctrl-C (SIGINT) or SIGTERM: stop serving, then release the store and its lock.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            endpoint.close();
            s.close();
            if (log != null) log.close();
        }, "mcrc-serve-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("mcrc: serving %s (SPARQL: %s) from %s; %s; Ctrl-C stops%n", endpoint.baseUri(), endpoint.sparqlUri(), store,
                config.updates() == UpdatePolicy.READ_ONLY ? "read-only" : "SPARQL Update allowed at /" + Endpoint.DATASET + "/update");
        if (cds) {
            out.printf("mcrc: CDS Hooks at %scds-services (service %s; FHIR servers allowed: %s)%n", endpoint.baseUri(), CdsService.ID,
                    cdsFhirAllow.isEmpty() ? "none, prefetch required" : String.join(", ", cdsFhirAllow));
        }
        out.flush();
        endpoint.awaitStop();
        return ExitCodes.OK;
    }

    /** Opening a store written by an earlier version counted its summary graph again (once: it is written). */
    static void upgraded(PrintWriter err, Path store, Duration took) {
        err.printf(Locale.ROOT, "mcrc: counted the summary graph of %s in %.1f s: the store was written by an earlier version (done once)%n",
                store, took.toNanos() / 1e9);
        err.flush();
    }
}
