package org.mcrckg.endpoint;

import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.jena.fuseki.FusekiException;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.server.DataService;
import org.apache.jena.fuseki.server.Operation;
import org.apache.jena.fuseki.servlets.ActionProcessor;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.tdb2.TDB2;
import org.mcrckg.query.NoService;
import org.mcrckg.query.SafeCsv;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.mcrckg.Mcrc;
import org.mcrckg.store.GuardedOpExecutor;
import org.mcrckg.store.PatientStore;

/**
 * The SPARQL endpoint: a Fuseki server over a {@link PatientStore}, serving the dataset
 * {@value #DATASET}.
 *
 * <pre>{@code
 * try (PatientStore store = PatientStore.openExisting(Path.of("target/store"));
 *      Endpoint endpoint = Endpoint.start(store, EndpointConfig.defaults().withPort(0))) {
 *     URI sparql = endpoint.sparqlUri();        // http://127.0.0.1:<port>/mcrc/sparql
 * }
 * }</pre>
 *
 * <table>
 *   <caption>What it serves</caption>
 *   <tr><th>path</th><th>what</th></tr>
 *   <tr><td>{@code /mcrc/sparql}, {@code /mcrc/query}</td><td>SPARQL 1.1 Query (GET, POST form, POST
 *       {@code application/sparql-query}); results in JSON, XML, CSV or TSV by the Accept header or by
 *       {@code ?format=json|xml|csv|tsv} (also {@code output=}); a GET without a query returns the
 *       service description</td></tr>
 *   <tr><td>{@code /mcrc/get}</td><td>SPARQL Graph Store Protocol, read only ({@code ?graph=IRI},
 *       {@code ?graph=union}, {@code ?default})</td></tr>
 *   <tr><td>{@code /mcrc/update}</td><td>SPARQL 1.1 Update, only with {@link UpdatePolicy#ALLOW_UPDATE}</td></tr>
 *   <tr><td>{@code /mcrc/void}</td><td>the VoID description (triples per graph, patients, answers)</td></tr>
 *   <tr><td>{@code /}</td><td>the query editor (YASGUI) with the shipped queries as examples</td></tr>
 *   <tr><td>{@code /patient/<id>}, {@code /cohort}, {@code /classify}, {@code /mcrc/classify}</td><td>the pages and the
 *       classification service of {@link PageRoutes}</td></tr>
 * </table>
 *
 * <p>Responses allow cross-origin reads without credentials ({@link CorsFilter}). The default
 * graph is the union of the named graphs. The server binds only {@link EndpointConfig#host()}.
 * SPARQL {@code SERVICE} is refused ({@link org.mcrckg.query.NoService}): the server never makes
 * an outbound request. Requests and queries are bounded ({@link GuardFilter}, {@link QueryLimits},
 * {@link GuardedOpExecutor}); CSV results have spreadsheet formulas neutralised
 * ({@link org.mcrckg.query.SafeCsv}).
 */
public final class Endpoint implements AutoCloseable {
    /** The dataset name: the endpoints are under {@code /mcrc/}. */
    public static final String DATASET = EndpointConfig.DATASET;
    /** Response header of a SELECT: {@code true} when rows were cut at the result limit, else {@code false}. */
    public static final String TRUNCATED_HEADER = EndpointConfig.TRUNCATED_HEADER;

    /** Jetty's response buffer: within its buffer pool's largest size (64 KiB), so buffers are reused. */
    static final int OUTPUT_BUFFER_BYTES = 32 * 1024;

    private final FusekiServer server;
    private final EndpointConfig config;
    private final PageRoutes pages;

    private Endpoint(FusekiServer server, EndpointConfig config, PageRoutes pages) {
        this.server = server;
        this.config = config;
        this.pages = pages;
    }

    /**
     * Builds and starts the server; it runs in the background until {@link #close()}.
     *
     * @throws EndpointException {@code endpoint#cannot-start}, for example when the port is in use
     */
    public static Endpoint start(PatientStore store, EndpointConfig config) {
        return start(store, config, PageRoutes::defaultClassifier, Map.of());
    }

    /**
     * As {@link #start(PatientStore, EndpointConfig)}, with the classifier of the patient pages and
     * of {@code /mcrc/classify} (loaded in the background when the server starts).
     */
    public static Endpoint start(PatientStore store, EndpointConfig config, Supplier<Mcrc> classifier) {
        return start(store, config, classifier, Map.of());
    }

    /**
     * As {@link #start(PatientStore, EndpointConfig, Supplier)}, with more servlets by path spec (for
     * example the CDS Hooks service at {@code /cds-services/*}); they share the server's host, port,
     * limits and CORS.
     */
    public static Endpoint start(PatientStore store, EndpointConfig config, Supplier<Mcrc> classifier, Map<String, HttpServlet> servlets) {
        DatasetGraph dsg = store.dataset().asDatasetGraph();
        // Per endpoint, so that servers over one store (tests) can differ.
        Context cxt = new Context();
        cxt.set(ARQ.queryTimeout, Long.toString(config.timeout().toMillis()));
        cxt.set(TDB2.symUnionDefaultGraph, true);
        QC.setFactory(cxt, GuardedOpExecutor.FACTORY);
        NoService.disable(cxt);
        SafeCsv.install();
        SafeCsv.neutralising(cxt);
        DatasetDescription description = new DatasetDescription(store, config);
        LimitedQueryService query = new LimitedQueryService(config, description);

        DataService.Builder service = DataService.newBuilder(dsg)
                .addEndpoint(endpoint(Operation.Query, "sparql", query, cxt))
                .addEndpoint(endpoint(Operation.Query, "query", query, cxt))
                .addEndpoint(endpoint(Operation.GSP_R, "get", new UnionGraphStoreRead(), cxt));
        if (config.updates() == UpdatePolicy.ALLOW_UPDATE) service.addEndpoint(endpoint(Operation.Update, "update", new GuardedUpdateService(), cxt));

        FusekiServer server;
        PageRoutes pages = null;
        try {
            FusekiServer.Builder builder = FusekiServer.create()
                    .port(config.port())
                    .add("/" + DATASET, service.build())
                    // Fuseki's CORS filter echoes any origin with credentials allowed: ours never allows credentials
                    .enableCors(false)
                    .addFilter("/*", new GuardFilter(config))
                    .addFilter("/*", new CorsFilter(config.corsOrigins()))
                    .addServlet("/" + DATASET + "/void", new DescriptionServlet(description));
            servlets.forEach(builder::addServlet);
            builder.addServlet("", new PageServlet(config));
            pages = PageRoutes.add(builder, store, config, classifier);
            server = builder.build();
            for (Connector c : server.getJettyServer().getConnectors()) {
                // Fuseki's loopback(true) means "localhost"; bind exactly the configured interface instead.
                if (c instanceof ServerConnector sc) sc.setHost(config.host());
                // Fuseki asks Jetty for a 5 MB output buffer, too large for Jetty's buffer pool, so
                // every response allocated and zeroed 5 MB of direct memory: about 20 ms of a small
                // query's latency on a busy machine. A SELECT's rows are read before the response
                // starts (LimitedQueryService), so the status is still decided before the body.
                HttpConnectionFactory http = c.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) http.getHttpConfiguration().setOutputBufferSize(OUTPUT_BUFFER_BYTES);
            }
            // A form body without a length (chunked) is parsed by Jetty: bound it as GuardFilter bounds the others.
            if (server.getJettyServer().getHandler() instanceof ServletContextHandler h) {
                h.setMaxFormContentSize((int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes()));
            } else {
                for (ServletContextHandler h : server.getJettyServer().getDescendants(ServletContextHandler.class)) {
                    h.setMaxFormContentSize((int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes()));
                }
            }
            server.start();
        } catch (FusekiException | IllegalStateException e) {
            if (pages != null) pages.close();
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new EndpointException("endpoint#cannot-start", "cannot serve on " + config.host() + ":" + config.port() + ": " + why, e);
        }
        return new Endpoint(server, config, pages);
    }

    private static org.apache.jena.fuseki.server.Endpoint endpoint(Operation op, String name, ActionProcessor processor, Context cxt) {
        return org.apache.jena.fuseki.server.Endpoint.create().operation(op).endpointName(name).processor(processor).context(cxt).build();
    }

    public EndpointConfig config() { return config; }

    /** The port served (the one chosen when the configuration said 0). */
    public int port() { return server.getHttpPort(); }

    /** {@code http://<host>:<port>/}; a wildcard host is shown as {@code 127.0.0.1}. */
    public URI baseUri() {
        String h = config.host();
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) h = "127.0.0.1";
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** The SPARQL query endpoint. */
    public URI sparqlUri() { return baseUri().resolve(DATASET + "/sparql"); }

    /** Blocks until the server stops. */
    public void awaitStop() { server.join(); }

    /** Stops the server; the store stays open. */
    @Override
    public void close() {
        server.stop();
        pages.close();
    }
}
