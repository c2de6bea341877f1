package org.mcrckg.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the fast engine keeps its exact cache between runs: {@code --cache DIR}, else the
 * environment variable {@code MCRC_CACHE}, else {@code $XDG_CACHE_HOME/mcrc-kg}, else
 * {@code ~/.cache/mcrc-kg}; {@code --no-cache} keeps it in memory only.
 */
final class CacheOptions {
    @Option(names = "--cache", paramLabel = "DIR",
            description = "Directory of the persistent exact cache (default: $MCRC_CACHE, else $XDG_CACHE_HOME/mcrc-kg, else ~/.cache/mcrc-kg). "
                    + "Processes may share it; a file is keyed by a digest of the ontology, its imports, the reasoner configuration and the engine.")
    Path directory;

    @Option(names = "--no-cache", description = "Do not read or write the persistent cache (answers are cached in memory for this run only).")
    boolean disabled;

    /** The directory to use, or null for none. */
    Path resolve() { return resolve(System.getenv(), System.getProperty("user.home")); }

    Path resolve(Map<String, String> env, String home) {
        if (disabled && directory != null) throw new UsageException("--cache and --no-cache exclude each other");
        if (disabled) return null;
        if (directory != null) return directory;
        String v = env.get("MCRC_CACHE");
        if (v != null && !v.isBlank()) return Path.of(v);
        String xdg = env.get("XDG_CACHE_HOME");
        // the XDG base directory specification: a relative path is invalid and must be ignored
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "mcrc-kg");
        return home == null || home.isBlank() ? null : Path.of(home, ".cache", "mcrc-kg");
    }
}
