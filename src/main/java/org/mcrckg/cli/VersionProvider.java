package org.mcrckg.cli;

import org.mcrckg.Mcrc;
import org.mcrckg.reasoning.HermitReasoners;
import picocli.CommandLine;

/** {@code --version} of every command: the toolkit, the ontology, the reasoner and its configuration, the libraries. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Mcrc m = Mcrc.load();
        return new String[] {
            "mcrc-kg " + Mcrc.toolVersion(),
            "ontology " + m.ontologyIri() + " version " + m.ontologyVersion(),
            "reasoner " + HermitReasoners.describe(),
            "OWL API " + Mcrc.buildProperty("owlapi") + ", Apache Jena " + Mcrc.buildProperty("jena"),
            "java " + System.getProperty("java.version")
        };
    }
}
