package org.mcrckg.endpoint;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.mcrckg.Mcrc;
import org.mcrckg.ontology.OntologyException;

/**
 * The server's one classifier ({@link Mcrc}) and the few threads that use it. An {@code Mcrc} is
 * safe to share between threads, and it gives each thread its own reasoner; so the work runs on a
 * fixed pool of worker threads (as many as cores), never on the web server's request threads,
 * which are many: that bounds the reasoners (and their memory) to the pool's size. Every call has
 * the endpoint's query timeout. The ontology is loaded in the background when the server starts,
 * so the first request rarely waits for it.
 */
final class Classification implements AutoCloseable {
    /** Requests waiting for a worker; more are refused as busy (503) instead of queueing without bound. */
    static final int QUEUE = 64;

    private final CompletableFuture<Mcrc> mcrc;
    private final Duration timeout;
    private final ThreadPoolExecutor pool;

    Classification(Supplier<Mcrc> loader, Duration timeout) {
        this.timeout = timeout;
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "mcrc-classify");
            t.setDaemon(true);
            return t;
        });
        this.mcrc = CompletableFuture.supplyAsync(loader, r -> {
            Thread t = new Thread(r, "mcrc-ontology-load");
            t.setDaemon(true);
            t.start();
        });
    }

    Duration timeout() { return timeout; }

    /** Work that failed for a reason the client should hear about as a server-side problem. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String errorId;

        Unavailable(int status, String errorId, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
            this.errorId = errorId;
        }
    }

    /**
     * Runs {@code work} with the classifier on a worker thread, within the timeout (which also
     * covers the wait for the ontology and for a free worker).
     *
     * @throws Unavailable 503 {@code classify#timeout} or {@code classify#busy}; 500 {@code ontology#...} when the ontology cannot be used
     * @throws RuntimeException what the work threw (a data error, say)
     */
    <T> T run(Work<T> work) throws Unavailable {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<T> f;
        try {
            Callable<T> task = () -> work.apply(mcrc.get());
            f = pool.submit(task);
        } catch (RejectedExecutionException e) {
            throw new Unavailable(503, "classify#busy", "every classifier is busy and " + QUEUE + " requests wait: try again shortly", e);
        }
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new Unavailable(503, "classify#timeout", "the classification did not finish within the endpoint's timeout of " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new Unavailable(503, "classify#timeout", "interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ExecutionException inner) c = inner.getCause();  // from mcrc.get()
            if (c instanceof OntologyException oe) throw new Unavailable(500, oe.errorId(), oe.getMessage(), oe);
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T apply(Mcrc mcrc) throws Exception;
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
