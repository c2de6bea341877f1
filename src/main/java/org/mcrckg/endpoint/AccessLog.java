package org.mcrckg.endpoint;

/**
 * Receives the endpoint's access log, one line per request (see {@link GuardFilter} for the
 * format). Called from the server's request threads, possibly at once: an implementation must be
 * thread-safe. The library never writes files or the console itself; {@code mcrc serve
 * --access-log} passes a file or standard output.
 */
@FunctionalInterface
public interface AccessLog {
    void line(String line);
}
