package org.mcrckg.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mcrckg.endpoint.AccessLog;

/** {@code serve --access-log}: lines appended to a file (flushed one by one), or to standard output for {@code -}. */
final class AccessLogWriter implements AccessLog, AutoCloseable {
    private final BufferedWriter file;
    private final PrintWriter out;

    private AccessLogWriter(BufferedWriter file, PrintWriter out) {
        this.file = file;
        this.out = out;
    }

    static AccessLogWriter open(String where, PrintWriter stdout) {
        if (where.equals("-")) return new AccessLogWriter(null, stdout);
        Path p = Path.of(where);
        if (Files.isDirectory(p) || Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("--access-log " + where + " is not a regular file");
        }
        try {
            Path dir = p.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            return new AccessLogWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND), null);
        } catch (IOException e) {
            throw new UsageException("cannot open the access log " + where + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void line(String line) {
        if (out != null) {
            out.println(line);
            out.flush();
            return;
        }
        try {
            file.write(line);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (file == null) return;
        try {
            file.close();
        } catch (IOException e) {
            // stopping anyway
        }
    }
}
