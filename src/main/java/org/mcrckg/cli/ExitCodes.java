package org.mcrckg.cli;

/** The exit statuses of docs/patient-record.md §3; {@link Main#exitCode} decides which a failure gets. */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    /** {@code diff --fail-on-change}: the run succeeded and some answers differ (1 would read as "the run failed"). */
    static final int CHANGED = 3;
}
