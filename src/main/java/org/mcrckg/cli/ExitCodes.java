package org.mcrckg.cli;

/** The exit statuses of docs/patient-record.md §3; {@link Main#exitCode} decides which a failure gets. */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
}
