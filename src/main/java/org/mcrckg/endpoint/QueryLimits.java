package org.mcrckg.endpoint;

import java.math.BigDecimal;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.jena.fuseki.Fuseki;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.fuseki.servlets.ServletOps;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryException;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.util.Context;
import org.mcrckg.store.GuardedOpExecutor;

/**
 * The bounds of one query request, from its arrival to its last result.
 *
 * <ul>
 *   <li><b>Length.</b> A query text longer than {@link EndpointConfig#maxQueryChars()} is answered
 *       with 413 before it is parsed (parsing a 10 MB text took 55 s of CPU).</li>
 *   <li><b>One clock.</b> The timeout counts from the request's arrival ({@link GuardFilter#ARRIVAL}),
 *       so reading and parsing are inside it. Parsing runs on a small bounded pool while the request
 *       thread waits until the deadline: a parse that outlives it is answered with 503 (the parse
 *       itself is bounded by the length limit). The execution gets what is left, and is cancelled
 *       at the deadline ({@link GuardedOpExecutor} makes the cancellation reach every loop).</li>
 *   <li><b>{@code ?timeout=} only lowers.</b> The SPARQL protocol's {@code timeout} parameter, in
 *       seconds ({@code 0.5} is half a second), may shorten the configured timeout, never lengthen
 *       it. A value that is not a positive number is refused (400).</li>
 * </ul>
 */
final class QueryLimits {
    /** Parsing threads for all endpoints of the JVM: a few, so that parsing can never take every core. */
    private static final ThreadPoolExecutor PARSER = parser();

    private final EndpointConfig config;

    QueryLimits(EndpointConfig config) {
        this.config = config;
    }

    private static ThreadPoolExecutor parser() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor p = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "mcrc-query-parser");
            t.setDaemon(true);
            return t;
        });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** When a request's query must be done: its arrival plus the effective timeout, in nanoTime. */
    record Deadline(long nanos) {
        long remainingMillis() { return Math.max(1, (nanos - System.nanoTime()) / 1_000_000); }

        boolean passed() { return System.nanoTime() - nanos >= 0; }
    }

    Deadline deadline(HttpAction action) {
        Object arrival = action.getRequest().getAttribute(GuardFilter.ARRIVAL);
        long start = arrival instanceof Long l ? l : System.nanoTime();
        return new Deadline(start + effectiveTimeoutMillis(action.getRequestParameter("timeout"), config.timeout().toMillis()) * 1_000_000);
    }

    /** The configured timeout, lowered (never raised) by the request's {@code timeout} parameter (seconds). */
    static long effectiveTimeoutMillis(String param, long configured) {
        if (param == null || param.isBlank()) return configured;
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(param.strip());
        } catch (NumberFormatException e) {
            ServletOps.errorBadRequest("timeout must be a number of seconds, for example 0.5 or 10: '" + GuardFilter.escape(param, 40) + "'");
            return configured;
        }
        if (seconds.signum() <= 0) {
            ServletOps.errorBadRequest("timeout must be a positive number of seconds: '" + GuardFilter.escape(param, 40) + "'");
        }
        if (seconds.compareTo(BigDecimal.valueOf(configured).movePointLeft(3)) >= 0) return configured;
        return Math.max(1, seconds.movePointRight(3).longValue());
    }

    /** Parses within the deadline; 413 for a text over the length limit, 400 for a syntax error, 503 past the deadline. */
    Query parse(String text, Deadline deadline) {
        if (text.length() > config.maxQueryChars()) {
            ServletOps.error(413, "the query has " + text.length() + " characters; at most " + config.maxQueryChars() + " are accepted");
        }
        Future<Query> f;
        try {
            f = PARSER.submit(() -> QueryFactory.create(text, Fuseki.BaseParserSPARQL, Syntax.syntaxARQ));
        } catch (RejectedExecutionException e) {
            ServletOps.error(503, "too many queries are being parsed; try again");
            return null;
        }
        try {
            return f.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new QueryCancelledException();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new QueryCancelledException();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof QueryParseException qpe) ServletOps.errorBadRequest("Parse error: " + qpe.getMessage());
            if (c instanceof QueryException qe) ServletOps.errorBadRequest("Error: " + qe.getMessage());
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        }
    }

    /** The execution, with what is left of the deadline as its overall timeout. */
    QueryExec exec(HttpAction action, Query q, DatasetGraph dsg, Deadline deadline) {
        if (deadline.passed()) throw new QueryCancelledException();
        Context cxt = action.getContext().copy();
        cxt.set(GuardedOpExecutor.DEADLINE, deadline.nanos());
        return QueryExec.newBuilder().dataset(dsg).query(q).context(cxt)
                .overallTimeout(deadline.remainingMillis(), TimeUnit.MILLISECONDS).build();
    }
}
