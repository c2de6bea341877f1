package org.mcrckg.reasoning;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Fills the exact caches beside a single-threaded validation pass: records offered while the files
 * are read are classified on the other cores and their answers dropped (nothing is written before
 * every file is valid). It never makes the reader wait: a record is skipped when the workers are
 * behind, and the first records are skipped because the ontology check and the workers' reasoners
 * are still starting. A failure is left to the real pass, which meets the same record and reports it.
 */
public final class WarmUp implements AutoCloseable {
    private static final int SKIP_FIRST = 64;

    private final ExecutorService pool;
    private final Semaphore room;
    private long seen;

    /** {@code threads - 1} daemon workers (the reader keeps one core); {@code threads} must be at least 2. */
    public WarmUp(int threads, String threadName) {
        pool = Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        room = new Semaphore(4 * threads);
    }

    /** Called by the reader, one record at a time. */
    public void offer(Runnable classify) {
        if (++seen <= SKIP_FIRST || !room.tryAcquire()) return;
        pool.execute(() -> {
            try {
                classify.run();
            } catch (RuntimeException e) {
                // the real pass meets the same record and reports what is wrong
            } finally {
                room.release();
            }
        });
    }

    /** The few records in flight finish; the second pass need not wait for them. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
