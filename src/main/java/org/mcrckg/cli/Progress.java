package org.mcrckg.cli;

import java.io.PrintWriter;

/** A one-line progress report (patients/s, ETA) on a terminal; silent when stderr is not one. */
final class Progress {
    private final PrintWriter err;
    private final boolean on;
    private final long start = System.nanoTime();
    private boolean shown;

    Progress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.on = !quiet && System.console() != null && System.getenv("CI") == null;
    }

    void update(long done, long total) {
        if (!on) return;
        double s = (System.nanoTime() - start) / 1e9;
        double rate = s > 0 ? done / s : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        err.printf("\r  %,d / %,d patients  %,.0f/s  ETA %d:%02d  ", done, total, rate, eta / 60, eta % 60);
        err.flush();
        shown = true;
    }

    void finish() {
        if (shown) {
            err.println();
            err.flush();
        }
    }
}
