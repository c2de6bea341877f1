package org.mcrckg.endpoint;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.store.PatientStore;
import org.mcrckg.store.StoreStatistics;

/**
 * The SPARQL 1.1 service description (at the query endpoint) and the VoID description (at
 * {@code /mcrc/void}) of the served dataset, with the counts of {@link StoreStatistics}. IRIs of
 * the endpoint are made from the request, so the descriptions name the address the client used.
 *
 * <p>Counting reads every triple. A read-only endpoint serves a store that no other process can
 * change (TDB2 locks it), so the counts are made once, on the first request; with updates
 * allowed they are made on each request.
 */
final class DatasetDescription {
    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    static final String VOID = "http://rdfs.org/ns/void#";
    static final String FORMATS = "http://www.w3.org/ns/formats/";

    private final PatientStore store;
    private final EndpointConfig config;
    private volatile StoreStatistics cached;

    DatasetDescription(PatientStore store, EndpointConfig config) {
        this.store = store;
        this.config = config;
    }

    StoreStatistics statistics() {
        if (config.updates() == UpdatePolicy.ALLOW_UPDATE) return store.statistics();
        StoreStatistics s = cached;
        if (s == null) {
            synchronized (this) {
                if (cached == null) cached = store.statistics();
                s = cached;
            }
        }
        return s;
    }

    static String base(HttpServletRequest request) {
        String host = request.getServerName();
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        return request.getScheme() + "://" + host + ":" + request.getServerPort();
    }

    /** The service description of the query endpoint the request was sent to. */
    Model serviceDescription(HttpServletRequest request) {
        String base = base(request);
        StoreStatistics st = statistics();
        Model m = prefixed();
        Resource service = m.createResource(base + request.getRequestURI() + "#service");
        service.addProperty(RDF.type, m.createResource(SD + "Service"));
        service.addProperty(m.createProperty(SD, "endpoint"), m.createResource(base + request.getRequestURI()));
        service.addProperty(m.createProperty(SD, "supportedLanguage"), m.createResource(SD + "SPARQL11Query"));
        for (String f : new String[] {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "RDF_XML", "JSON-LD"}) {
            service.addProperty(m.createProperty(SD, "resultFormat"), m.createResource(FORMATS + f));
        }
        service.addProperty(m.createProperty(SD, "feature"), m.createResource(SD + "UnionDefaultGraph"));
        service.addProperty(RDFS.comment, limits());
        Resource dataset = describeDataset(m, base, st);
        service.addProperty(m.createProperty(SD, "defaultDataset"), dataset);
        dataset.addProperty(RDF.type, m.createResource(SD + "Dataset"));
        Resource dflt = m.createResource();
        dflt.addProperty(RDF.type, m.createResource(SD + "Graph"));
        dflt.addProperty(RDFS.comment, "the union of the named graphs");
        dataset.addProperty(m.createProperty(SD, "defaultGraph"), dflt);
        for (String g : new String[] {Vocabulary.GRAPH_ONTOLOGY, Vocabulary.GRAPH_PATIENTS, Vocabulary.GRAPH_INFERENCES, Vocabulary.GRAPH_SUMMARY}) {
            Resource named = m.createResource();
            named.addProperty(RDF.type, m.createResource(SD + "NamedGraph"));
            named.addProperty(m.createProperty(SD, "name"), m.createResource(g));
            named.addProperty(m.createProperty(SD, "graph"), m.createResource(g));
            m.createResource(g).addProperty(RDF.type, m.createResource(SD + "Graph"));
            dataset.addProperty(m.createProperty(SD, "namedGraph"), named);
        }
        return m;
    }

    /** The VoID description of the dataset. */
    Model voidDescription(HttpServletRequest request) {
        String base = base(request);
        Model m = prefixed();
        Resource doc = m.createResource(base + "/" + EndpointConfig.DATASET + "/void");
        doc.addProperty(RDF.type, m.createResource(VOID + "DatasetDescription"));
        doc.addProperty(DCTerms.title, "VoID description of the mcrc-kg SPARQL endpoint");
        Resource dataset = describeDataset(m, base, statistics());
        doc.addProperty(m.createProperty("http://xmlns.com/foaf/0.1/", "primaryTopic"), dataset);
        return m;
    }

    private Resource describeDataset(Model m, String base, StoreStatistics st) {
        Resource ds = m.createResource(base + "/" + EndpointConfig.DATASET + "/void#dataset");
        ds.addProperty(RDF.type, m.createResource(VOID + "Dataset"));
        ds.addProperty(DCTerms.title, "mcrc-kg: patients, the reasoner's answers and the ontology");
        ds.addProperty(DCTerms.description, "Surgical treatment of metastatic colorectal cancer: the ontology (rules, evidence), "
                + "classified patient records and, for every patient and procedure, the reasoner's answer. A research tool: "
                + "nothing here is a clinical recommendation for a real patient.");
        ds.addProperty(m.createProperty(VOID, "sparqlEndpoint"), m.createResource(base + "/" + EndpointConfig.DATASET + "/sparql"));
        ds.addProperty(m.createProperty(VOID, "vocabulary"), m.createResource(Vocabulary.NS));
        ds.addProperty(m.createProperty(VOID, "uriSpace"), Vocabulary.PATIENT_NS);
        ds.addProperty(RDFS.comment, limits());
        subset(m, ds, Vocabulary.GRAPH_ONTOLOGY, "ontology: rules, procedures, evidence", st.ontologyTriples(), null, 0);
        subset(m, ds, Vocabulary.GRAPH_PATIENTS, "patients: the asserted records", st.patientTriples(), Vocabulary.PATIENT, st.patients());
        subset(m, ds, Vocabulary.GRAPH_INFERENCES, "inferences: the reasoner's answers", st.inferenceTriples(), Vocabulary.TREATMENT_ANSWER, st.answers());
        subset(m, ds, Vocabulary.GRAPH_SUMMARY, "summary: counts of patients and answers (per procedure and status, per field value, per status and fired rules)", st.summaryTriples(), null, 0);
        return ds;
    }

    private static void subset(Model m, Resource ds, String graph, String title, long triples, String cls, long entities) {
        Resource g = m.createResource(graph);
        g.addProperty(RDF.type, m.createResource(VOID + "Dataset"));
        g.addProperty(DCTerms.title, title);
        g.addProperty(m.createProperty(VOID, "triples"), integer(m, triples));
        if (cls != null) {
            Resource part = m.createResource();
            part.addProperty(m.createProperty(VOID, "class"), m.createResource(cls));
            part.addProperty(m.createProperty(VOID, "entities"), integer(m, entities));
            g.addProperty(m.createProperty(VOID, "classPartition"), part);
        }
        ds.addProperty(m.createProperty(VOID, "subset"), g);
    }

    private static Literal integer(Model m, long n) {
        return m.createTypedLiteral(Long.toString(n), XSDDatatype.XSDinteger);
    }

    private String limits() {
        return (config.updates() == UpdatePolicy.READ_ONLY ? "read-only" : "SPARQL Update allowed at /" + EndpointConfig.DATASET + "/update")
                + "; a query is cancelled after " + config.timeout().toMillis() + " ms; at most " + config.maxResults() + " result rows";
    }

    private static Model prefixed() {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("sd", SD);
        m.setNsPrefix("void", VOID);
        m.setNsPrefix("format", FORMATS);
        m.setNsPrefix("dcterms", DCTerms.NS);
        m.setNsPrefix("rdfs", RDFS.getURI());
        m.setNsPrefix("foaf", "http://xmlns.com/foaf/0.1/");
        m.setNsPrefix("mcrc", Vocabulary.NS);
        m.setNsPrefix("graph", Vocabulary.GRAPH_NS);
        return m;
    }
}
