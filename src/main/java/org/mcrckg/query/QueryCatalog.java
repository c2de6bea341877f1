package org.mcrckg.query;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a query by path or by name: {@code applicable-treatments} is {@code queries/applicable-treatments.rq},
 * taken from the directory named by {@code -Dmcrc.queries} (bin/mcrc sets the checkout's
 * {@code queries/}), else from the copy bundled in the jar.
 */
public final class QueryCatalog {
    private QueryCatalog() {}

    public static String load(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".rq") && Files.isRegularFile(p)) return read(p);
        String name = nameOrPath.endsWith(".rq") ? nameOrPath.substring(0, nameOrPath.length() - 3) : nameOrPath;
        String dir = System.getProperty("mcrc.queries");
        if (dir != null && !dir.isBlank()) {
            Path f = Path.of(dir, name + ".rq");
            if (Files.isRegularFile(f)) return read(f);
        }
        try (InputStream in = QueryCatalog.class.getResourceAsStream("/mcrc/queries/" + name + ".rq")) {
            if (in != null) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QueryException("query#not-found", "cannot read query " + name + ": " + e.getMessage(), e);
        }
        throw new QueryException("query#not-found", "no query '" + nameOrPath + "': give a path to a .rq file or the name of one in queries/", null);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QueryException("query#not-found", "cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
