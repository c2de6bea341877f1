package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.query.QueryCatalog;
import org.mcrckg.query.QueryRunner;
import org.mcrckg.store.PatientStore;
import org.mcrckg.store.StoreStatistics;

/**
 * The endpoint over HTTP, on port 0 with a real client: result formats, read-only by default,
 * timeout, result limit, concurrent clients, CORS, service description, VoID and the page.
 */
class EndpointIT {
    static final String SUMMARY = QueryCatalog.load("cohort-summary");
    static final String PREFIX = "PREFIX mcrc: <" + Vocabulary.NS + ">\n";
    /** A cross join over all triples, counted: no row before the end, so the timeout must cancel it. */
    static final String SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

    static PatientStore store;
    static Endpoint open;
    static Endpoint strict;

    @BeforeAll
    static void start() {
        store = TestStores.cohort();
        open = Endpoint.start(store, EndpointConfig.defaults().withPort(0));
        strict = Endpoint.start(store, EndpointConfig.defaults().withPort(0).withTimeout(Duration.ofSeconds(1)).withMaxResults(5));
    }

    @AfterAll
    static void stop() {
        if (open != null) open.close();
        if (strict != null) strict.close();
    }

    /** The rows the library computes for the same query over the same store, as sorted maps. */
    static Set<Map<String, String>> expected(String query) {
        return new HashSet<>(QueryRunner.select(query, store.dataset()));
    }

    static Set<Map<String, String>> fromJson(String body) throws IOException {
        JsonNode root = new ObjectMapper().readTree(body);
        Set<Map<String, String>> rows = new HashSet<>();
        for (JsonNode b : root.path("results").path("bindings")) {
            Map<String, String> row = new TreeMap<>();
            b.properties().forEach(e -> row.put(e.getKey(), e.getValue().path("value").asText()));
            rows.add(row);
        }
        return rows;
    }

    static Set<Map<String, String>> fromXml(String body) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        Set<Map<String, String>> rows = new HashSet<>();
        var results = doc.getElementsByTagName("result");
        for (int i = 0; i < results.getLength(); i++) {
            Map<String, String> row = new TreeMap<>();
            var bindings = ((org.w3c.dom.Element) results.item(i)).getElementsByTagName("binding");
            for (int j = 0; j < bindings.getLength(); j++) {
                var b = (org.w3c.dom.Element) bindings.item(j);
                row.put(b.getAttribute("name"), b.getTextContent().strip());
            }
            rows.add(row);
        }
        return rows;
    }

    static Set<Map<String, String>> fromCsv(String body) throws IOException {
        Set<Map<String, String>> rows = new HashSet<>();
        var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body));
        for (CSVRecord r : parser) {
            Map<String, String> row = new TreeMap<>();
            r.toMap().forEach((k, v) -> { if (!v.isEmpty()) row.put(k, v); });
            rows.add(row);
        }
        return rows;
    }

    /** TSV cells are RDF terms: "literal", "n"^^<datatype>, <iri>, or a bare number. */
    static Set<Map<String, String>> fromTsv(String body) {
        List<String> lines = body.lines().toList();
        String[] vars = lines.get(0).split("\t", -1);
        Set<Map<String, String>> rows = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new TreeMap<>();
            for (int i = 0; i < vars.length; i++) {
                String c = cells[i];
                if (c.isEmpty()) continue;
                if (c.startsWith("<")) c = c.substring(1, c.length() - 1);
                else if (c.startsWith("\"")) c = c.substring(1, c.lastIndexOf('"'));
                row.put(vars[i].substring(1), c);
            }
            rows.add(row);
        }
        return rows;
    }

    static Set<Map<String, String>> parse(String format, String body) throws Exception {
        return switch (format) {
            case "json" -> fromJson(body);
            case "xml" -> fromXml(body);
            case "csv" -> fromCsv(body);
            case "tsv" -> fromTsv(body);
            default -> throw new IllegalArgumentException(format);
        };
    }

    static final Map<String, String> MEDIA = Map.of("json", "application/sparql-results+json", "xml", "application/sparql-results+xml",
            "csv", "text/csv", "tsv", "text/tab-separated-values");

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"json", "xml", "csv", "tsv"})
    void everyFormatByAcceptHeader(String format) throws Exception {
        HttpResponse<String> r = Http.postForm(open.sparqlUri(), "query=" + Http.enc(SUMMARY), "Accept", MEDIA.get(format));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(MEDIA.get(format)), r.headers().toString());
        Set<Map<String, String>> rows = parse(format, r.body());
        assertFalse(rows.isEmpty());
        assertEquals(expected(SUMMARY), rows, "the endpoint answers what the library answers");
    }

    @ParameterizedTest(name = "?format={0}")
    @ValueSource(strings = {"json", "xml", "csv", "tsv"})
    void everyFormatByParameter(String format) throws Exception {
        HttpResponse<String> r = Http.query(open, SUMMARY, "&format=" + format);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(MEDIA.get(format)), r.headers().toString());
        assertEquals(expected(SUMMARY), parse(format, r.body()));
        // output= is the other spelling; it wins over the Accept header
        HttpResponse<String> r2 = Http.query(open, SUMMARY, "&output=" + format, "Accept", "application/sparql-results+json");
        assertTrue(r2.headers().firstValue("Content-Type").orElse("").startsWith(MEDIA.get(format)), r2.headers().toString());
    }

    @Test
    void queryInThePostBody() throws Exception {
        HttpResponse<String> r = Http.postBody(open.sparqlUri(), "application/sparql-query", SUMMARY, "Accept", "application/sparql-results+json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(expected(SUMMARY), fromJson(r.body()));
    }

    @Test
    void theDefaultGraphIsTheUnion() throws Exception {
        // rdf:type mcrc:Patient is in the patients graph, the answers in the inferences graph, rule ids in the ontology graph
        String q = PREFIX + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a mcrc:Patient . ?a mcrc:answersPatient ?p ; mcrc:firedRule ?r . ?r mcrc:ruleId 'G1' }";
        HttpResponse<String> r = Http.query(open, q, "&format=json");
        assertEquals(200, r.statusCode(), r.body());
        long n = Long.parseLong(fromJson(r.body()).iterator().next().get("n"));
        assertTrue(n > 30, "G1 (MDT discussion) fires for most of the cohort: " + n);
        HttpResponse<String> dflt = Http.get(URI.create(open.baseUri() + "mcrc/get?default"), "Accept", "application/n-triples");
        assertEquals(200, dflt.statusCode());
        HttpResponse<String> patients = Http.get(URI.create(open.baseUri() + "mcrc/get?graph=" + Http.enc(Vocabulary.GRAPH_PATIENTS)), "Accept", "application/n-triples");
        assertEquals(200, patients.statusCode());
        long dfltLines = dflt.body().lines().count(), patientLines = patients.body().lines().count();
        assertEquals(store.statistics().patientTriples(), patientLines);
        assertTrue(dfltLines > patientLines, "GET ?default is the union too: " + dfltLines + " vs " + patientLines);
    }

    @Test
    void aPatientWithoutApplicableTreatmentsGivesNoRowsNotAnError() throws Exception {
        String q = Files.readString(Path.of("bench/applicable-treatments-one-patient.rq"));
        HttpResponse<String> none = Http.query(open, q.replace("PATIENT_ID", "X-INCONSISTENT"), "&format=json");
        assertEquals(200, none.statusCode(), none.body());
        assertEquals(Set.of(), fromJson(none.body()));
        HttpResponse<String> some = Http.query(open, q.replace("PATIENT_ID", "V01"), "&format=json");
        assertEquals(expected(q.replace("PATIENT_ID", "V01")), fromJson(some.body()));
    }

    @Test
    void updatesAreRefusedByDefault() {
        long before = store.statistics().patientTriples();
        String insert = "INSERT DATA { GRAPH <" + Vocabulary.GRAPH_PATIENTS + "> { <urn:x> <urn:y> <urn:z> } }";
        List<HttpResponse<String>> attempts = List.of(
                Http.postForm(URI.create(open.baseUri() + "mcrc/update"), "update=" + Http.enc(insert)),
                Http.postBody(URI.create(open.baseUri() + "mcrc/update"), "application/sparql-update", insert),
                Http.postBody(open.sparqlUri(), "application/sparql-update", insert),
                Http.postForm(open.sparqlUri(), "update=" + Http.enc(insert)),
                Http.postBody(URI.create(open.baseUri() + "mcrc"), "application/sparql-update", insert),
                Http.send(java.net.http.HttpRequest.newBuilder(URI.create(open.baseUri() + "mcrc/get?graph=urn:g"))
                        .header("Content-Type", "text/turtle").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("<urn:x> <urn:y> <urn:z> .")).build()));
        for (HttpResponse<String> r : attempts) {
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.request().method() + " " + r.request().uri() + " -> " + r.statusCode());
        }
        assertEquals(before, store.statistics().patientTriples(), "nothing was written");
    }

    @Test
    void updatesAreAcceptedWithAllowUpdate() {
        Path dir = TestStores.tempDir("mcrc-update-store");
        try (PatientStore s = PatientStore.open(dir);
             Endpoint e = Endpoint.start(s, EndpointConfig.defaults().withPort(0).withUpdates(UpdatePolicy.ALLOW_UPDATE))) {
            HttpResponse<String> r = Http.postForm(URI.create(e.baseUri() + "mcrc/update"),
                    "update=" + Http.enc("INSERT DATA { GRAPH <urn:g> { <urn:x> <urn:y> 'z' } }"));
            assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.statusCode() + " " + r.body());
            HttpResponse<String> ask = Http.query(e, "ASK { <urn:x> <urn:y> 'z' }", "&format=json");
            assertTrue(ask.body().contains("true"), ask.body());
            HttpResponse<String> sd = Http.get(e.sparqlUri(), "Accept", "text/turtle");
            assertTrue(sd.body().contains("SPARQL Update allowed"), sd.body());
        }
    }

    /**
     * An update may change any patient or answer: the summary graph is counted again in the
     * update's transaction, so the dashboard's summary-reading queries still give the rows of
     * their counting forms.
     */
    @Test
    void updatesKeepTheSummaryCountsExact() {
        Path dir = TestStores.tempDir("mcrc-update-summary-store");
        try (PatientStore s = PatientStore.open(dir);
             Endpoint e = Endpoint.start(s, EndpointConfig.defaults().withPort(0).withUpdates(UpdatePolicy.ALLOW_UPDATE))) {
            s.replaceOntology(org.mcrckg.rdf.CohortDataset.ontology(org.mcrckg.support.Cohort.mcrc().knowledgeBase()));
            org.mcrckg.rdf.CohortDataset c = org.mcrckg.rdf.CohortDataset.create(org.mcrckg.support.Cohort.mcrc().knowledgeBase(),
                    org.mcrckg.rdf.CohortDataset.Explanations.NONE);
            for (var r : org.mcrckg.support.Cohort.records().subList(0, 40)) c.add(r, org.mcrckg.support.Cohort.answers().get(r.id()), null);
            s.replace(c);
            assertSummaryQueriesCount(e, "before any update");
            String before = summaryRows(e, "cohort-metastasis-sites") + summaryRows(e, "cohort-evidence-levels-recommended") + summaryRows(e, "cohort-summary");
            String gp = "<" + Vocabulary.GRAPH_PATIENTS + ">", gi = "<" + Vocabulary.GRAPH_INFERENCES + ">";
            String update = "PREFIX mcrc: <" + Vocabulary.NS + ">\n"
                    // every liver count forgotten, a new patient with bone metastases, recommended answers made undetermined
                    + "DELETE WHERE { GRAPH " + gp + " { ?p mcrc:liver_met_count ?v } } ;\n"
                    + "INSERT DATA { GRAPH " + gp + " { <urn:new> a mcrc:Patient ; mcrc:bone_mets true ; mcrc:lung_met_count 0 } } ;\n"
                    + "DELETE { GRAPH " + gi + " { ?a mcrc:hasStatus 'recommended' } } INSERT { GRAPH " + gi + " { ?a mcrc:hasStatus 'undetermined' } } "
                    + "WHERE { GRAPH " + gi + " { ?a mcrc:hasStatus 'recommended' ; mcrc:procedureKey 'hepatectomy' } }";
            HttpResponse<String> r = Http.postBody(URI.create(e.baseUri() + "mcrc/update"), "application/sparql-update", update);
            assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.statusCode() + " " + r.body());
            String after = summaryRows(e, "cohort-metastasis-sites") + summaryRows(e, "cohort-evidence-levels-recommended") + summaryRows(e, "cohort-summary");
            assertFalse(before.equals(after), "the update changed what the dashboard shows");
            assertTrue(summaryRows(e, "cohort-metastasis-sites").contains("liver,liver_met_count,0,0,41"), summaryRows(e, "cohort-metastasis-sites"));
            assertSummaryQueriesCount(e, "after an update");
            org.mcrckg.store.PatientStoreTest.assertSummaryIsCountedAgain(s);

            // the protocol's using-graph-uri names the WHERE clause's graph, as in Fuseki's own update service
            String bone = summaryRows(e, "cohort-metastasis-sites");
            HttpResponse<String> using = Http.postForm(URI.create(e.baseUri() + "mcrc/update"), "update=" + Http.enc("PREFIX mcrc: <" + Vocabulary.NS + ">\n"
                    + "DELETE { GRAPH " + gp + " { ?p mcrc:bone_mets ?v } } WHERE { ?p mcrc:bone_mets ?v }") + "&using-graph-uri=" + Http.enc(Vocabulary.GRAPH_PATIENTS));
            assertTrue(using.statusCode() == 200 || using.statusCode() == 204, using.statusCode() + " " + using.body());
            assertTrue(summaryRows(e, "cohort-metastasis-sites").contains("bone,bone_mets,0,0,41"), bone + " then " + summaryRows(e, "cohort-metastasis-sites"));
            assertSummaryQueriesCount(e, "after an update with using-graph-uri");
            after = summaryRows(e, "cohort-metastasis-sites") + summaryRows(e, "cohort-evidence-levels-recommended") + summaryRows(e, "cohort-summary");

            // a failed update changes nothing, counts included
            HttpResponse<String> bad = Http.postBody(URI.create(e.baseUri() + "mcrc/update"), "application/sparql-update", "DELETE WHERE { ?s ?p }");
            assertEquals(400, bad.statusCode(), bad.body());
            assertEquals(after, summaryRows(e, "cohort-metastasis-sites") + summaryRows(e, "cohort-evidence-levels-recommended") + summaryRows(e, "cohort-summary"));
        }
    }

    /** The rows of a shipped query over HTTP, as CSV lines sorted (the counting forms have no order of their own). */
    private static String summaryRows(Endpoint e, String query) {
        return rowsOf(e, org.mcrckg.support.CountingForm.shipped(query));
    }

    private static String rowsOf(Endpoint e, String text) {
        HttpResponse<String> r = Http.query(e, text, "&format=csv");
        assertEquals(200, r.statusCode(), r.body());
        return r.body().lines().sorted().reduce("", (a, b) -> a + b + "\n");
    }

    private static void assertSummaryQueriesCount(Endpoint e, String when) {
        for (String q : org.mcrckg.support.CountingForm.SUMMARY_QUERIES) {
            assertEquals(rowsOf(e, org.mcrckg.support.CountingForm.of(q)), summaryRows(e, q), q + " " + when + ": the summary's counts differ from the counting form");
        }
    }

    @Test
    void aSlowQueryTimesOut() {
        long t0 = System.nanoTime();
        HttpResponse<String> r = Http.postForm(strict.sparqlUri(), "query=" + Http.enc(SLOW), "Accept", "application/sparql-results+json");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(seconds < 10, "a 1 s timeout answered after " + seconds + " s");
        // rows that stream out are read before the response starts: a timeout is an error, never a 200 with a cut body
        HttpResponse<String> streaming = Http.query(strict, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f", "&format=csv");
        assertEquals(503, streaming.statusCode());
        // the protocol's ?timeout= may lower it; the server's timeout bounds it
        HttpResponse<String> quick = Http.query(open, SLOW, "&timeout=1");
        assertEquals(503, quick.statusCode());
    }

    @Test
    void theResultSizeIsLimited() throws Exception {
        HttpResponse<String> all = Http.query(strict, "SELECT * WHERE { ?s ?p ?o }", "&format=json");
        assertEquals(200, all.statusCode());
        assertEquals(5, new ObjectMapper().readTree(all.body()).path("results").path("bindings").size());
        assertEquals("true", all.headers().firstValue(Endpoint.TRUNCATED_HEADER).orElse(null));
        HttpResponse<String> few = Http.query(strict, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "&format=csv");
        assertEquals(4, few.body().lines().count(), "header and 3 rows");
        assertEquals("false", few.headers().firstValue(Endpoint.TRUNCATED_HEADER).orElse(null));
        HttpResponse<String> exact = Http.query(strict, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "&format=csv");
        assertEquals("false", exact.headers().firstValue(Endpoint.TRUNCATED_HEADER).orElse(null), "5 rows asked, 5 allowed: nothing cut");
        HttpResponse<String> graph = Http.query(strict, "CONSTRUCT WHERE { ?s ?p ?o }", "", "Accept", "application/n-triples");
        assertEquals(200, graph.statusCode());
        assertEquals(5, graph.body().lines().filter(l -> !l.isBlank()).count());
    }

    @Test
    void thirtyTwoClientsTimesAHundredQueries() throws Exception {
        // one patient's answers: the patient is bound first (VALUES), so each query reads one patient's answers (one per procedure key), not the cohort's
        String q = PREFIX + "SELECT ?procedure ?status WHERE { VALUES ?id { 'V%02d' } GRAPH <" + Vocabulary.GRAPH_PATIENTS + "> { ?p mcrc:patient_id ?id } "
                + "GRAPH <" + Vocabulary.GRAPH_INFERENCES + "> { ?a mcrc:answersPatient ?p ; mcrc:procedureKey ?procedure ; mcrc:hasStatus ?status } }";
        Map<Integer, Set<Map<String, String>>> want = new TreeMap<>();
        for (int v = 1; v <= 25; v++) want.put(v, expected(String.format(Locale.ROOT, q, v)));
        int clients = 32, each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger ok = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        int v = 1 + (client * each + i) % 25;
                        try {
                            HttpResponse<String> r = Http.query(open, String.format(Locale.ROOT, q, v), "&format=json");
                            if (r.statusCode() != 200) errors.add(r.statusCode() + " " + r.body());
                            else if (!fromJson(r.body()).equals(want.get(v))) errors.add("wrong rows for V" + v);
                            else ok.incrementAndGet();
                        } catch (Exception e) {
                            errors.add(e.toString());
                        }
                    }
                }));
            }
            for (Future<?> f : fs) f.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(List.of(), errors.subList(0, Math.min(5, errors.size())), errors.size() + " errors");
        assertEquals(clients * each, ok.get());
        assertTrue(seconds < 180, "3200 queries took " + seconds + " s");
    }

    @Test
    void corsHeadersForBrowsers() {
        HttpResponse<String> r = Http.query(open, "ASK {}", "&format=json", "Origin", "http://example.org");
        assertEquals(200, r.statusCode());
        // any origin may read, never with the user's credentials (EndpointHardeningIT has the rest)
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null), r.headers().toString());
        assertFalse(r.headers().firstValue("Access-Control-Allow-Credentials").isPresent(), r.headers().toString());
        HttpResponse<String> preflight = Http.send(java.net.http.HttpRequest.newBuilder(open.sparqlUri())
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://example.org").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type").build());
        assertEquals(200, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"), preflight.headers().toString());
        HttpResponse<String> page = Http.get(open.baseUri(), "Origin", "http://example.org");
        assertTrue(page.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    static Model turtle(String body) {
        Model m = ModelFactory.createDefaultModel();
        RDFDataMgr.read(m, new StringReader(body), null, Lang.TURTLE);
        return m;
    }

    @Test
    void serviceDescriptionAtTheQueryEndpoint() {
        HttpResponse<String> r = Http.get(open.sparqlUri(), "Accept", "text/turtle");
        assertEquals(200, r.statusCode(), r.body());
        Model m = turtle(r.body());
        String sd = DatasetDescription.SD;
        assertTrue(m.contains(null, m.createProperty(sd, "endpoint"), m.createResource(open.sparqlUri().toString())), r.body());
        assertTrue(m.contains(null, m.createProperty(sd, "feature"), m.createResource(sd + "UnionDefaultGraph")));
        assertTrue(m.contains(null, m.createProperty(sd, "supportedLanguage"), m.createResource(sd + "SPARQL11Query")));
        for (String f : List.of("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")) {
            assertTrue(m.contains(null, m.createProperty(sd, "resultFormat"), m.createResource(DatasetDescription.FORMATS + f)), f);
        }
        for (String g : List.of(Vocabulary.GRAPH_ONTOLOGY, Vocabulary.GRAPH_PATIENTS, Vocabulary.GRAPH_INFERENCES, Vocabulary.GRAPH_SUMMARY)) {
            assertTrue(m.contains(null, m.createProperty(sd, "name"), m.createResource(g)), g);
        }
    }

    @Test
    void voidDescribesTheGraphsWithTheirCounts() {
        HttpResponse<String> r = Http.get(URI.create(open.baseUri() + "mcrc/void"), "Accept", "text/turtle");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/turtle"));
        Model m = turtle(r.body());
        StoreStatistics st = store.statistics();
        var triples = m.createProperty(DatasetDescription.VOID, "triples");
        assertEquals(st.patientTriples(), m.getResource(Vocabulary.GRAPH_PATIENTS).getProperty(triples).getLong());
        assertEquals(st.inferenceTriples(), m.getResource(Vocabulary.GRAPH_INFERENCES).getProperty(triples).getLong());
        assertEquals(st.ontologyTriples(), m.getResource(Vocabulary.GRAPH_ONTOLOGY).getProperty(triples).getLong());
        int cohort = org.mcrckg.support.Cohort.records().size();
        assertEquals(cohort, st.patients());
        var partition = m.getResource(Vocabulary.GRAPH_PATIENTS).getProperty(m.createProperty(DatasetDescription.VOID, "classPartition")).getResource();
        assertEquals(Vocabulary.PATIENT, partition.getProperty(m.createProperty(DatasetDescription.VOID, "class")).getResource().getURI());
        assertEquals(cohort, partition.getProperty(m.createProperty(DatasetDescription.VOID, "entities")).getLong(), "patients");
        assertTrue(m.contains(null, m.createProperty(DatasetDescription.VOID, "sparqlEndpoint"), m.createResource(open.sparqlUri().toString())));
    }

    @Test
    void thePageHasTheQueryEditorAndTheShippedQueries() throws IOException {
        HttpResponse<String> r = Http.get(open.baseUri());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = r.body();
        assertTrue(html.contains("<div id=\"yasgui\"></div>"), "the query editor");
        List<String> shipped;
        try (Stream<Path> s = Files.list(Path.of("queries"))) {
            shipped = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rq")).map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        }
        assertEquals(shipped, QueryCatalog.list(), "the catalogue lists queries/*.rq, not queries/qc/");
        for (String name : shipped) assertTrue(html.contains("data-name=\"" + name + "\""), name);
        assertFalse(html.contains("missing-label-violation"), "QC queries are not examples");
    }

    @Test
    void bindsOnlyTheConfiguredInterface() throws Exception {
        assertEquals("127.0.0.1", open.baseUri().getHost());
        InetAddress other = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) if (a instanceof Inet4Address) other = a;
        }
        Assumptions.assumeTrue(other != null, "no non-loopback IPv4 address to try");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(other, open.port()), 2000);
            throw new AssertionError("the endpoint answered on " + other + ", not only on loopback");
        } catch (IOException expected) {
            assertNotNull(expected.getMessage());
        }
    }
}
