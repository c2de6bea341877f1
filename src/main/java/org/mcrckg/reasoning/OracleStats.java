package org.mcrckg.reasoning;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

/**
 * HermiT tests of the fast engine per kind, and the time they took, counted when the JVM runs with
 * {@code -Dmcrc.oracle.stats=true} ({@code classify} then prints them at the end): where a slow run
 * spends its time (which kind of question fails to be cached) is otherwise invisible. Off, it
 * costs one branch per test.
 */
final class OracleStats {
    static final int ATOM = 0, JOINT = 1, WHOLE = 2, CONSISTENT = 3;
    private static final boolean ON = Boolean.getBoolean("mcrc.oracle.stats");
    private static final String[] KIND = {"atom", "joint", "whole", "consistent"};
    private static final AtomicLongArray COUNT = new AtomicLongArray(KIND.length), NANOS = new AtomicLongArray(KIND.length);

    private OracleStats() { }

    /** One HermiT test of the given kind. */
    static boolean sat(int kind, BooleanSupplier test) {
        if (!ON) return test.getAsBoolean();
        long t = System.nanoTime();
        boolean r = test.getAsBoolean();
        NANOS.addAndGet(kind, System.nanoTime() - t);
        COUNT.incrementAndGet(kind);
        return r;
    }

    /** The counts so far, when counting is on. */
    static Optional<String> summary() {
        if (!ON) return Optional.empty();
        StringBuilder b = new StringBuilder("HermiT tests of the fast engine:");
        for (int i = 0; i < KIND.length; i++) b.append(String.format(" %s %d (%.1f s)", KIND[i], COUNT.get(i), NANOS.get(i) / 1e9));
        return Optional.of(b.toString());
    }
}
