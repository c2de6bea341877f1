package org.mcrckg.error;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The result of a task run on a worker thread, its failure rethrown on the caller's thread as it was
 * thrown (an unchecked exception unwrapped, so a data or ontology error keeps its id), for the
 * pipelines that hand results on in input order (the cohort run, the diff, the FHIR reader).
 */
public final class TaskResults {
    private TaskResults() {}

    /** Waits for {@code f}; an interrupt keeps the thread's interrupt status and ends the wait. */
    public static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }
}
