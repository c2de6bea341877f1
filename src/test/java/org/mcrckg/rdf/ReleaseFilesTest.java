package org.mcrckg.rdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;

/**
 * QC of every committed release ({@code releases/VERSION/}): the RDF files load in an RDF tool that
 * is not the OWL API (Jena's RDFDataMgr reads {@code mcrc.ttl} and the RDF/XML {@code mcrc.owl}),
 * and each declares as many classes, object, data and annotation properties and named individuals
 * as the functional-syntax source has in its signature (counted through the OWL API, built-in terms
 * such as {@code rdfs:label} left out). The OBO Graphs JSON has one graph with a node per class.
 */
class ReleaseFilesTest {
    static final Path RELEASES = Path.of("releases");
    static final List<String> FILES = List.of("mcrc.ofn", "mcrc.owl", "mcrc.ttl", "mcrc.json", "mcrc-full.owl", "impact.md");

    static List<Path> releases() throws IOException {
        try (Stream<Path> s = Files.list(RELEASES)) {
            return s.filter(Files::isDirectory).filter(d -> d.getFileName().toString().matches("\\d+\\.\\d+\\.\\d+.*")).sorted().toList();
        }
    }

    @Test
    void release010IsCommitted() throws IOException {
        assertTrue(releases().contains(RELEASES.resolve("0.1.0")), "releases/0.1.0 must be committed");
    }

    @TestFactory
    Stream<DynamicTest> everyReleaseLoadsInJenaWithTheSourcesCounts() throws IOException {
        return releases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws Exception {
        for (String f : FILES) assertTrue(Files.isRegularFile(dir.resolve(f)), "missing " + dir.resolve(f));
        String version = dir.getFileName().toString();
        Map<String, Long> source = owlApiCounts(dir.resolve("mcrc.ofn"), version);
        assertTrue(source.get("classes") > 100, "a source with classes: " + source);
        for (String f : List.of("mcrc.ttl", "mcrc.owl")) {
            Model m = RDFDataMgr.loadModel(dir.resolve(f).toString());
            assertEquals(source, rdfCounts(m), dir.resolve(f) + " (Jena) against mcrc.ofn (OWL API)");
            Resource ontology = m.listSubjectsWithProperty(RDF.type, OWL2.Ontology).next();
            assertEquals("https://w3id.org/mcrc-kg/releases/" + version + "/mcrc.owl",
                    ontology.getPropertyResourceValue(OWL2.versionIRI).getURI(), f + ": the version IRI");
        }
        // the inferred variant is RDF as well, and adds asserted subclass axioms without dropping classes
        Model full = RDFDataMgr.loadModel(dir.resolve("mcrc-full.owl").toString());
        assertEquals(source.get("classes"), rdfCounts(full).get("classes"), "mcrc-full.owl classes");
        JsonNode graphs = new ObjectMapper().readTree(dir.resolve("mcrc.json").toFile()).get("graphs");
        assertEquals(1, graphs.size());
        long classNodes = 0;
        for (JsonNode n : graphs.get(0).get("nodes")) if ("CLASS".equals(n.path("type").asText())) classNodes++;
        assertEquals(source.get("classes").longValue(), classNodes, "mcrc.json: a CLASS node per class");
        assertFalse(Files.readString(dir.resolve("impact.md")).isBlank());
    }

    /** The catalog maps each release's version IRIs to its files, so Protégé and ROBOT resolve them locally. */
    @Test
    void theCatalogResolvesEveryReleasesVersionIris() throws Exception {
        Path catalog = Path.of("ontology/catalog-v001.xml");
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(catalog.toFile());
        var uris = doc.getElementsByTagName("uri");
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < uris.getLength(); i++) {
            var e = (org.w3c.dom.Element) uris.item(i);
            entries.put(e.getAttribute("name"), e.getAttribute("uri"));
        }
        for (Path dir : releases()) {
            String v = dir.getFileName().toString();
            for (String f : List.of("mcrc.owl", "mcrc-full.owl")) {
                String iri = "https://w3id.org/mcrc-kg/releases/" + v + "/" + f;
                assertTrue(entries.containsKey(iri), "catalog has no entry for " + iri);
                Path target = catalog.getParent().resolve(entries.get(iri)).normalize();
                assertEquals(dir.resolve(f).normalize(), target, iri);
                assertTrue(Files.isRegularFile(target), target.toString());
            }
        }
    }

    private static Map<String, Long> owlApiCounts(Path ofn, String version) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntology o = m.loadOntologyFromOntologyDocument(ofn.toFile());
        assertEquals("https://w3id.org/mcrc-kg/releases/" + version + "/mcrc.owl", o.getOntologyID().getVersionIRI().get().toString());
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("classes", o.classesInSignature().filter(e -> !e.isBuiltIn()).count());
        out.put("object properties", o.objectPropertiesInSignature().filter(e -> !e.isBuiltIn()).count());
        out.put("data properties", o.dataPropertiesInSignature().filter(e -> !e.isBuiltIn()).count());
        out.put("annotation properties", o.annotationPropertiesInSignature().filter(e -> !builtInAnnotation(e)).count());
        out.put("named individuals", o.individualsInSignature().count());
        return out;
    }

    /** rdfs:label, owl:versionInfo and the like need no declaration in RDF. */
    private static boolean builtInAnnotation(OWLEntity e) {
        String iri = e.getIRI().toString();
        return e.isBuiltIn() || iri.startsWith("http://www.w3.org/2000/01/rdf-schema#") || iri.startsWith("http://www.w3.org/2002/07/owl#");
    }

    private static Map<String, Long> rdfCounts(Model m) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("classes", typed(m, OWL2.Class));
        out.put("object properties", typed(m, OWL2.ObjectProperty));
        out.put("data properties", typed(m, OWL2.DatatypeProperty));
        out.put("annotation properties", typed(m, OWL2.AnnotationProperty));
        out.put("named individuals", typed(m, OWL2.NamedIndividual));
        return out;
    }

    private static long typed(Model m, Resource type) {
        return m.listSubjectsWithProperty(RDF.type, type).filterKeep(Resource::isURIResource).toList().size();
    }
}
