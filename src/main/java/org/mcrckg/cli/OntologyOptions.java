package org.mcrckg.cli;

import java.nio.file.Path;
import org.mcrckg.Mcrc;
import picocli.CommandLine.Option;

/** Options shared by the commands that load the ontology. */
final class OntologyOptions {
    @Option(names = "--ontology", paramLabel = "FILE",
            description = "Ontology to reason with (default: -Dmcrc.ontology, else the copy in the jar).")
    Path ontology;

    Mcrc load() {
        return ontology == null ? Mcrc.load() : Mcrc.load(ontology);
    }
}
