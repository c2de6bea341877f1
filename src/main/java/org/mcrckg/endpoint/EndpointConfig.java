package org.mcrckg.endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * How the endpoint is served. The defaults ({@link #defaults()}) are the safe ones: loopback
 * only, read-only, a 30 s query timeout and at most 100,000 result rows.
 *
 * <pre>{@code
 * EndpointConfig c = EndpointConfig.defaults().withPort(0).withTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * @param host        the interface to bind: {@code 127.0.0.1} (loopback only), a host name or
 *                    address, or {@code 0.0.0.0} for every interface
 * @param port        the TCP port; 0 picks a free one ({@link Endpoint#port()} tells which)
 * @param updates     whether SPARQL Update is accepted
 * @param timeout     the longest a query may run, from its start to its last result; a query
 *                    that runs longer is cancelled and answered with status 503
 * @param maxResults  the most rows a SELECT returns (and the most solutions a CONSTRUCT or
 *                    DESCRIBE is built from); a result cut short carries the response header
 *                    {@value #TRUNCATED_HEADER}{@code : true}
 */
public record EndpointConfig(String host, int port, UpdatePolicy updates, Duration timeout, int maxResults) {
    /** The dataset's name in the URLs: /mcrc/sparql (here, not in Endpoint, so the servlets need not depend on the server that holds them). */
    public static final String DATASET = "mcrc";
    /** Set to true on a result cut short by {@code maxResults}. */
    public static final String TRUNCATED_HEADER = "Mcrc-Results-Truncated";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3030;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESULTS = 100_000;

    public EndpointConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(timeout, "timeout");
        if (host.isBlank()) throw new IllegalArgumentException("the host is empty");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the timeout must be positive: " + timeout);
        if (maxResults < 1) throw new IllegalArgumentException("the result limit must be at least 1: " + maxResults);
    }

    /** Loopback, port 3030, read-only, 30 s, 100,000 rows. */
    public static EndpointConfig defaults() {
        return new EndpointConfig(DEFAULT_HOST, DEFAULT_PORT, UpdatePolicy.READ_ONLY, DEFAULT_TIMEOUT, DEFAULT_MAX_RESULTS);
    }

    public EndpointConfig withHost(String h) { return new EndpointConfig(h, port, updates, timeout, maxResults); }

    public EndpointConfig withPort(int p) { return new EndpointConfig(host, p, updates, timeout, maxResults); }

    public EndpointConfig withUpdates(UpdatePolicy u) { return new EndpointConfig(host, port, u, timeout, maxResults); }

    public EndpointConfig withTimeout(Duration t) { return new EndpointConfig(host, port, updates, t, maxResults); }

    public EndpointConfig withMaxResults(int n) { return new EndpointConfig(host, port, updates, timeout, n); }
}
