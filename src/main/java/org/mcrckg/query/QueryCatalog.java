package org.mcrckg.query;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

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

    /**
     * The names of the shipped queries users run: the {@code .rq} files directly in
     * {@code queries/} (not in {@code queries/qc/}), without the extension, sorted. They come from
     * the directory named by {@code -Dmcrc.queries} when it is set, else from the jar (or the
     * classes directory) this class was loaded from: a jar cannot list a resource directory, so
     * its entries are read.
     */
    public static List<String> list() {
        String dir = System.getProperty("mcrc.queries");
        if (dir != null && !dir.isBlank() && Files.isDirectory(Path.of(dir))) return listDirectory(Path.of(dir));
        CodeSource src = QueryCatalog.class.getProtectionDomain().getCodeSource();
        if (src == null) return List.of();
        Path location;
        try {
            location = Path.of(src.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return List.of();
        }
        if (Files.isDirectory(location)) return listDirectory(location.resolve(RESOURCE_DIR));
        TreeSet<String> names = new TreeSet<>();
        try (JarFile jar = new JarFile(location.toFile())) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements();) {
                String n = en.nextElement().getName();
                if (n.startsWith(RESOURCE_DIR + "/") && n.endsWith(".rq") && n.indexOf('/', RESOURCE_DIR.length() + 1) < 0) {
                    names.add(n.substring(RESOURCE_DIR.length() + 1, n.length() - 3));
                }
            }
        } catch (IOException e) {
            throw new QueryException("query#not-found", "cannot list the queries in " + location + ": " + e.getMessage(), e);
        }
        return List.copyOf(names);
    }

    /**
     * The question a query answers: the text after {@code # Question:} in its header comment,
     * with its continuation lines joined; empty when the header has none.
     */
    public static String question(String text) {
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (String line : text.split("\\R")) {
            if (!line.startsWith("#")) break;
            String body = line.substring(1).strip();
            if (body.startsWith("Question:")) {
                in = true;
                b.append(body.substring("Question:".length()).strip());
            } else if (in && line.startsWith("#   ") && !body.isEmpty()) {
                b.append(' ').append(body);
            } else if (in) {
                break;
            }
        }
        return b.toString();
    }

    private static final String RESOURCE_DIR = "mcrc/queries";

    private static List<String> listDirectory(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".rq"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 3)));
        } catch (IOException e) {
            throw new QueryException("query#not-found", "cannot list the queries in " + dir + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return List.copyOf(names);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QueryException("query#not-found", "cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
