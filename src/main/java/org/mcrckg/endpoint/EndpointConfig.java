package org.mcrckg.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the endpoint is served. The defaults ({@link #defaults()}) are the safe ones: loopback
 * only, read-only, a 30 s query timeout, at most 100,000 result rows, request bodies of at most
 * 1 MiB and query texts of at most 100,000 characters, CORS for any origin without credentials,
 * no access log.
 *
 * <pre>{@code
 * EndpointConfig c = EndpointConfig.defaults().withPort(0).withTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * @param host        the interface to bind: {@code 127.0.0.1} (loopback only), a host name or
 *                    address, or {@code 0.0.0.0} for every interface
 * @param port        the TCP port; 0 picks a free one ({@link Endpoint#port()} tells which)
 * @param updates     whether SPARQL Update is accepted
 * @param timeout     the longest a query may take, from the arrival of the request (parsing
 *                    included) to its last result; a query that takes longer is cancelled and
 *                    answered with status 503. A request's {@code ?timeout=} may only lower it
 * @param maxResults  the most rows a SELECT returns (and the most solutions a CONSTRUCT or
 *                    DESCRIBE is built from); a result cut short carries the response header
 *                    {@value #TRUNCATED_HEADER}{@code : true}
 * @param maxRequestBytes the largest request body, and the longest query string, accepted;
 *                    a larger request is answered with 413 before it is read
 * @param maxQueryChars the longest query text accepted (413 otherwise), checked before parsing
 * @param corsOrigins the origins whose pages may read responses ({@code Access-Control-Allow-Origin});
 *                    empty means any origin ({@code *}). Never with credentials
 * @param accessLog   where one line per request goes, or null for none
 * @param logQueries  whether the access log lines carry the query text
 */
public record EndpointConfig(String host, int port, UpdatePolicy updates, Duration timeout, int maxResults,
                             long maxRequestBytes, int maxQueryChars, List<String> corsOrigins, AccessLog accessLog, boolean logQueries) {
    /** The dataset's name in the URLs: /mcrc/sparql (here, not in Endpoint, so the servlets need not depend on the server that holds them). */
    public static final String DATASET = "mcrc";
    /** Set to true on a result cut short by {@code maxResults}. */
    public static final String TRUNCATED_HEADER = "Mcrc-Results-Truncated";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3030;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESULTS = 100_000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_QUERY_CHARS = 100_000;

    public EndpointConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(timeout, "timeout");
        corsOrigins = List.copyOf(corsOrigins);
        if (host.isBlank()) throw new IllegalArgumentException("the host is empty");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the timeout must be positive: " + timeout);
        if (maxResults < 1) throw new IllegalArgumentException("the result limit must be at least 1: " + maxResults);
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("the request size limit must be at least 1024 bytes: " + maxRequestBytes);
        if (maxQueryChars < 16) throw new IllegalArgumentException("the query length limit must be at least 16: " + maxQueryChars);
        for (String o : corsOrigins) {
            // an origin is scheme://host[:port]; "null" (sandboxed frames, file: pages) and "*" are not origins to trust
            if (!o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new IllegalArgumentException("'" + o + "' is not an origin (write it as http://host or https://host:port)");
            }
        }
    }

    /** The first five settings, with the default request limits, CORS for any origin and no access log. */
    public EndpointConfig(String host, int port, UpdatePolicy updates, Duration timeout, int maxResults) {
        this(host, port, updates, timeout, maxResults, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_QUERY_CHARS, List.of(), null, false);
    }

    /** Loopback, port 3030, read-only, 30 s, 100,000 rows, 1 MiB requests, 100,000-character queries, CORS {@code *}, no access log. */
    public static EndpointConfig defaults() {
        return new EndpointConfig(DEFAULT_HOST, DEFAULT_PORT, UpdatePolicy.READ_ONLY, DEFAULT_TIMEOUT, DEFAULT_MAX_RESULTS);
    }

    public EndpointConfig withHost(String h) { return new EndpointConfig(h, port, updates, timeout, maxResults, maxRequestBytes, maxQueryChars, corsOrigins, accessLog, logQueries); }

    public EndpointConfig withPort(int p) { return new EndpointConfig(host, p, updates, timeout, maxResults, maxRequestBytes, maxQueryChars, corsOrigins, accessLog, logQueries); }

    public EndpointConfig withUpdates(UpdatePolicy u) { return new EndpointConfig(host, port, u, timeout, maxResults, maxRequestBytes, maxQueryChars, corsOrigins, accessLog, logQueries); }

    public EndpointConfig withTimeout(Duration t) { return new EndpointConfig(host, port, updates, t, maxResults, maxRequestBytes, maxQueryChars, corsOrigins, accessLog, logQueries); }

    public EndpointConfig withMaxResults(int n) { return new EndpointConfig(host, port, updates, timeout, n, maxRequestBytes, maxQueryChars, corsOrigins, accessLog, logQueries); }

    public EndpointConfig withMaxRequestBytes(long n) { return new EndpointConfig(host, port, updates, timeout, maxResults, n, maxQueryChars, corsOrigins, accessLog, logQueries); }

    public EndpointConfig withMaxQueryChars(int n) { return new EndpointConfig(host, port, updates, timeout, maxResults, maxRequestBytes, n, corsOrigins, accessLog, logQueries); }

    public EndpointConfig withCorsOrigins(List<String> o) { return new EndpointConfig(host, port, updates, timeout, maxResults, maxRequestBytes, maxQueryChars, o, accessLog, logQueries); }

    /** @param log where the lines go (null: no access log); @param queries whether lines carry the query text */
    public EndpointConfig withAccessLog(AccessLog log, boolean queries) { return new EndpointConfig(host, port, updates, timeout, maxResults, maxRequestBytes, maxQueryChars, corsOrigins, log, queries); }
}
