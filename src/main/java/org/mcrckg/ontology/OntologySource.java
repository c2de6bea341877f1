package org.mcrckg.ontology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the TBox comes from: the copy bundled in the jar, or a file (for example the
 * {@code ontology/mcrc.owl} that an editor has just changed in Protégé). The system property
 * {@code mcrc.ontology} (a path) overrides the bundled copy; {@code bin/mcrc} sets it to the
 * checkout's ontology so that edits take effect without a rebuild.
 */
public record OntologySource(Optional<Path> file) {

    static final String BUNDLED = "/mcrc/ontology/mcrc.owl";

    public static OntologySource bundled() { return new OntologySource(Optional.empty()); }

    public static OntologySource file(Path path) { return new OntologySource(Optional.of(path)); }

    /** The file named by {@code -Dmcrc.ontology}, else the bundled copy. */
    public static OntologySource defaultSource() {
        String p = System.getProperty("mcrc.ontology");
        return p == null || p.isBlank() ? bundled() : file(Path.of(p));
    }

    public InputStream open() throws IOException {
        if (file.isPresent()) return Files.newInputStream(file.get());
        InputStream in = OntologySource.class.getResourceAsStream(BUNDLED);
        if (in == null) throw new IOException("the bundled ontology " + BUNDLED + " is not on the classpath");
        return in;
    }

    public String describe() { return file.map(Path::toString).orElse("bundled " + BUNDLED); }
}
