package org.mcrckg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layout is the architecture: these arrows are checked on the sources' imports. */
class ArchitectureTest {
    static final Path ROOT = Path.of("src/main/java/org/mcrckg");

    record Source(String pkg, Path file, String text) {}

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = ROOT.relativize(f.getParent()).toString();
                out.add(new Source(rel.isEmpty() ? "" : rel, f, Files.readString(f)));
            }
        }
        return out;
    }

    private static void check(String rule, List<String> violations) {
        assertTrue(violations.isEmpty(), rule + ":\n  " + String.join("\n  ", violations));
    }

    @Test
    void nothingDependsOnTheCommandLine() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) if (!s.pkg().equals("cli") && s.text().contains("org.mcrckg.cli")) bad.add(s.file().toString());
        check("library code must not depend on the CLI", bad);
    }

    @Test
    void onlyReasoningCreatesHermit() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) if (!s.pkg().equals("reasoning") && s.text().contains("org.semanticweb.HermiT")) bad.add(s.file().toString());
        check("HermiT is used only in reasoning/", bad);
        List<String> creators = new ArrayList<>();
        for (Source s : sources()) if (s.text().contains("new Reasoner(")) creators.add(s.file().getFileName().toString());
        check("only HermitReasoners creates a reasoner", creators.equals(List.of("HermitReasoners.java")) ? List.of() : creators);
    }

    @Test
    void onlyRdfKnowsBothOwlApiAndJena() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (!s.pkg().equals("rdf") && s.text().contains("import org.semanticweb.owlapi") && s.text().contains("import org.apache.jena")) bad.add(s.file().toString());
        }
        check("only rdf/ imports both OWL API and Jena", bad);
    }

    @Test
    void libraryCodeNeitherPrintsNorExits() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (s.pkg().equals("cli")) continue;
            if (s.text().contains("System.exit") || s.text().contains("System.out") || s.text().contains("System.err")) bad.add(s.file().toString());
        }
        check("only the CLI prints or exits", bad);
    }

    @Test
    void onlyFhirKnowsHapi() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (!s.pkg().equals("fhir") && (s.text().contains("import ca.uhn.fhir") || s.text().contains("import org.hl7.fhir"))) bad.add(s.file().toString());
        }
        check("HAPI FHIR types are used only in fhir/", bad);
    }

    @Test
    void thePatientCoreDoesNotDependOnItsAdapters() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (s.pkg().equals("patient") && (s.text().contains("import org.mcrckg.fhir") || s.text().contains("import org.mcrckg.cds"))) bad.add(s.file().toString());
        }
        check("patient/ knows formats only through PatientFormat", bad);
    }

    @Test
    void theFacadeExposesNoOwlApiTypes() throws IOException {
        String facade = Files.readString(ROOT.resolve("Mcrc.java"));
        for (String line : facade.split("\n")) {
            if (line.strip().startsWith("public ") && !line.contains("knowledgeBase()")) {
                assertTrue(!line.contains("OWL"), "Mcrc's public signature mentions an OWL API type: " + line.strip());
            }
        }
    }
}
