package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.rdf.CohortDataset;
import org.mcrckg.rdf.CohortDataset.Explanations;
import org.mcrckg.store.PatientStore;
import org.mcrckg.support.Cohort;

/**
 * The pages and the classification service over HTTP (port 0, a real client): the patient page
 * and its content negotiation, escaping, explanations from the store and computed live, the cohort
 * and query pages, the static files from the jar, and {@code POST /mcrc/classify} (200, 400 with
 * problem details, 413, 415, 503 on timeout, nothing written, allowed when read-only).
 */
class PagesIT {
    /** Markup in a patient id: a page that shows it as markup fails {@link #markupInAPatientIdIsText}. */
    static final String EVIL_ID = "<img src=x onerror=alert(1)>&\"'";
    static final ObjectMapper JSON = new ObjectMapper();

    static PatientStore cohort;
    static PatientStore small;
    static Endpoint open;
    static Endpoint smallServer;

    @BeforeAll
    static void start() throws Exception {
        cohort = TestStores.cohort();
        open = Endpoint.start(cohort, EndpointConfig.defaults().withPort(0), Cohort::mcrc);
        // a store loaded with --explain, plus a patient whose id is markup
        Mcrc mcrc = Cohort.mcrc();
        small = PatientStore.open(TestStores.tempDir("mcrc-pages-store"));
        List<Path> files = List.of(Path.of("src/test/resources/vignettes/N45-r0-unknown.csv"), Path.of("src/test/resources/vignettes/V21.csv"));
        small.load(mcrc.cohort(files).threads(2).explain(ExplainOptions.defaults()), PatientStore.Progress.NONE);
        // a store written by another version: N06's hepatectomy answer has a status word this build does not have (made up)
        List<Path> n06 = List.of(Path.of("src/test/resources/vignettes/N06-chemo12wk-flr25.csv"));
        small.load(mcrc.cohort(n06).threads(1), PatientStore.Progress.NONE);
        org.apache.jena.system.Txn.executeWrite(small.dataset(), () -> {
            Model inf = small.dataset().getNamedModel(Vocabulary.GRAPH_INFERENCES);
            var answer = inf.createResource(org.mcrckg.rdf.RdfExport.answerIri("N06-chemo12wk-flr25", "hepatectomy"));
            var status = inf.createProperty(Vocabulary.HAS_STATUS);
            inf.removeAll(answer, status, null);
            answer.addProperty(status, "deferred_v9");
        });
        Path evil = Files.createTempFile("mcrc-evil", ".csv");
        List<PatientRecord> records;
        try {
            Files.writeString(evil, "patient_id,ecog,liver_met_count\n\"" + EVIL_ID.replace("\"", "\"\"") + "\",0,2\n");
            records = mcrc.read(List.of(evil));
        } finally {
            Files.deleteIfExists(evil);  // read: the records are in memory
        }
        small.replace(CohortDataset.create(mcrc.knowledgeBase(), Explanations.NONE).add(records.get(0), mcrc.classify(records.get(0)), null));
        smallServer = Endpoint.start(small, EndpointConfig.defaults().withPort(0), Cohort::mcrc);
    }

    @AfterAll
    static void stop() {
        if (open != null) open.close();
        if (smallServer != null) smallServer.close();
        if (small != null) small.close();
    }

    static URI at(Endpoint e, String path) { return URI.create(e.baseUri() + path.substring(1)); }

    static HttpResponse<String> classify(Endpoint e, String query, String type, String body) {
        return Http.postBody(at(e, "/mcrc/classify" + query), type, body);
    }

    // ---- the patient page ----

    @Test
    void thePatientPageShowsEveryAnswerWithBadgesAndTheExplanationComputedNow() {
        HttpResponse<String> r = Http.get(at(open, "/patient/V21"), "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertEquals("Accept", r.headers().firstValue("Vary").orElse(""));
        String html = r.body();
        PatientAnswer a = Cohort.answers().get("V21");
        for (TreatmentAnswer t : a.treatments()) {
            assertTrue(html.contains("<tr data-status=\"" + t.status().word() + "\" data-procedure=\"" + t.procedure() + "\">"), t.procedure());
        }
        // a badge has its word and a symbol, never colour alone
        assertTrue(html.contains("<span class=\"badge st-undetermined\" data-status=\"undetermined\"><span class=\"sym\" aria-hidden=\"true\">?</span> undetermined</span>"), html);
        assertTrue(html.contains("explanations computed now from the stored record"), "no explanations stored: computed live");
        int next = html.indexOf("What to measure next"), answers = html.indexOf("<h2 id=\"answers-h\">");
        assertTrue(next > 0 && next < answers, "what to measure next comes before the answers");
        assertTrue(html.contains("<code>flr_percent</code>: settles"), "V21 misses its future liver remnant");
        assertTrue(html.contains("href=\"https://pubmed.ncbi.nlm.nih.gov/27380959/\">PMID 27380959</a>"), "PMIDs are links");
        assertTrue(html.contains("href=\"https://doi.org/10.1093/annonc/mdu260\">doi:10.1093/annonc/mdu260</a>"), "DOIs are links");
        assertTrue(html.contains("Oxford level 5; GRADE"), "design, level and GRADE");
        assertTrue(html.contains("<span class=\"tag\">oligometastatic</span>"));
    }

    @Test
    void aProvisionalStatusIsShown() {
        // find a cohort patient with a provisional status, and check its row shows it
        Map.Entry<String, TreatmentAnswer> found = null;
        for (Map.Entry<String, PatientAnswer> e : new TreeMap<>(Cohort.answers()).entrySet()) {
            for (TreatmentAnswer t : e.getValue().treatments()) {
                if (t.provisional().isPresent() && found == null) found = Map.entry(e.getKey(), t);
            }
        }
        assertTrue(found != null, "the example cohort has a provisional answer");
        HttpResponse<String> r = Http.get(at(open, "/patient/" + Http.enc(found.getKey()).replace("+", "%20")), "Accept", "text/html");
        assertEquals(200, r.statusCode());
        String row = r.body().substring(r.body().indexOf("data-procedure=\"" + found.getValue().procedure() + "\">"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains("data-status=\"" + found.getValue().provisional().get().word() + "\""), row);
    }

    @Test
    void explanationsLoadedWithTheStoreAreShown() {
        HttpResponse<String> r = Http.get(at(smallServer, "/patient/N45-r0-unknown"), "Accept", "text/html");
        assertEquals(200, r.statusCode(), r.body());
        String html = r.body();
        assertTrue(html.contains("explanations from the store"), html);
        // as the explanations graph holds it (and cohort-settling-fields counts it): 4 answers hang on liver_r0_feasible (liver SBRT among them)
        assertTrue(html.contains("<code>liver_r0_feasible</code>: settles 4 undetermined answers"), html);
        assertTrue(html.contains("Would be settled by measuring liver_r0_feasible"), html);
    }

    @Test
    void aStatusWordFromAnotherVersionIsShownAsItIs() {
        HttpResponse<String> r = Http.get(at(smallServer, "/patient/N06-chemo12wk-flr25"), "Accept", "text/html");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("<tr data-status=\"deferred_v9\" data-procedure=\"hepatectomy\">"), r.body());
        assertTrue(r.body().contains("<span class=\"sym\" aria-hidden=\"true\">•</span> deferred v9</span>"), r.body());
        assertTrue(r.body().contains("gives other answers for this record than the store holds"), "the page says the store and the ontology disagree");
    }

    @Test
    void rdfClientsGetTheTriplesOfThePatient() {
        for (String[] f : new String[][] {{"text/turtle", "TTL"}, {"application/ld+json", "JSONLD"}, {"application/n-triples", "NT"}}) {
            HttpResponse<String> r = Http.get(at(open, "/patient/V21"), "Accept", f[0]);
            assertEquals(200, r.statusCode(), f[0]);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(f[0]), r.headers().toString());
            Model m = ModelFactory.createDefaultModel();
            RDFDataMgr.read(m, new StringReader(r.body()), null, org.apache.jena.riot.RDFLanguages.nameToLang(f[1]));
            var patient = m.createResource(Vocabulary.PATIENT_NS + "V21");
            assertEquals(Cohort.mcrc().procedures().size(), m.listSubjectsWithProperty(m.createProperty(Vocabulary.ANSWERS_PATIENT), patient).toList().size(), f[0]);
            assertTrue(m.contains(patient, m.createProperty(Vocabulary.NS + "patient_id"), "V21"), "the record");
            assertFalse(m.contains(m.createResource(Vocabulary.PATIENT_NS + "V01"), null, (org.apache.jena.rdf.model.RDFNode) null), "only this patient");
        }
        HttpResponse<String> byParameter = Http.get(at(open, "/patient/V21?format=ttl"), "Accept", "text/html");
        assertTrue(byParameter.headers().firstValue("Content-Type").orElse("").startsWith("text/turtle"));
        HttpResponse<String> explained = Http.get(at(smallServer, "/patient/N45-r0-unknown"), "Accept", "text/turtle");
        Model m = ModelFactory.createDefaultModel();
        RDFDataMgr.read(m, new StringReader(explained.body()), null, Lang.TURTLE);
        assertTrue(m.contains(null, m.createProperty(Vocabulary.NEXT_MEASUREMENT), (org.apache.jena.rdf.model.RDFNode) null), "its explanations too");
    }

    @Test
    void anUnknownPatientIs404() {
        HttpResponse<String> page = Http.get(at(open, "/patient/NO-SUCH-PATIENT"), "Accept", "text/html");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("No patient <span class=\"pid\">NO-SUCH-PATIENT</span>"), page.body());
        HttpResponse<String> rdf = Http.get(at(open, "/patient/NO-SUCH-PATIENT"), "Accept", "text/turtle");
        assertEquals(404, rdf.statusCode());
        HttpResponse<String> search = Http.send(java.net.http.HttpRequest.newBuilder(at(open, "/patient?id=V21")).GET().build());
        assertEquals(303, search.statusCode());
        assertEquals("/patient/V21", search.headers().firstValue("Location").orElse(""));
    }

    @Test
    void markupInAPatientIdIsText() {
        String escaped = "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;";
        HttpResponse<String> r = Http.get(at(smallServer, "/patient/" + Http.enc(EVIL_ID).replace("+", "%20")), "Accept", "text/html");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("<span class=\"pid\">" + escaped + "</span>"), r.body());
        assertFalse(r.body().contains("<img"), "no markup from the id");
        HttpResponse<String> missing = Http.get(at(open, "/patient/" + Http.enc("<script>alert(1)").replace("+", "%20")), "Accept", "text/html");
        assertEquals(404, missing.statusCode());
        assertFalse(missing.body().contains("<script>alert"), missing.body());
        assertTrue(missing.body().contains("&lt;script&gt;alert(1)"), missing.body());
        // an id with a slash cannot be a path segment (the server refuses an encoded slash): ?id= shows it
        HttpResponse<String> slash = Http.get(at(open, "/patient?id=" + Http.enc("<b>a/b</b>")), "Accept", "text/html");
        assertEquals(404, slash.statusCode());
        assertTrue(slash.body().contains("&lt;b&gt;a/b&lt;/b&gt;"), slash.body());
    }

    // ---- the other pages and the static files ----

    @Test
    void theCohortPageLinksEachChartToItsQuery() {
        HttpResponse<String> r = Http.get(at(open, "/cohort"));
        assertEquals(200, r.statusCode());
        for (String[] c : CohortServlet.CHARTS) {
            assertTrue(r.body().contains("<a class=\"query-link\" href=\"/?run=" + c[2] + "\">" + c[2] + "</a>"), c[2]);
            assertTrue(org.mcrckg.query.QueryCatalog.list().contains(c[2]), "a shipped query: " + c[2]);
        }
        assertTrue(r.body().contains("<script src=\"/webjars/chart.js/"), "Chart.js from the jar");
        assertFalse(r.body().matches("(?s).*src=\"https?://.*"), "nothing from another host");
    }

    @Test
    void theQueryPageShowsTheQuestionsOfTheExamples() {
        HttpResponse<String> r = Http.get(open.baseUri());
        String html = r.body();
        assertTrue(html.contains("<script src=\"/vendor/yasgui/"), "YASGUI from the jar");
        String q = org.mcrckg.query.QueryCatalog.question(org.mcrckg.query.QueryCatalog.load("cq11-status-matrix-per-procedure"));
        assertTrue(html.contains("<span class=\"question\">" + Html.escape(q) + "</span>"), "the question is text on the page, not a tooltip");
        assertFalse(html.matches("(?s).*(src|href)=\"https?://(?!pubmed|doi).*"), "nothing from another host");
    }

    @Test
    void theLibrariesAndAssetsComeFromTheJar() {
        for (String p : List.of(Html.CHARTJS, Html.YASGUI_JS, Html.YASGUI_CSS, "/assets/mcrc.css", "/assets/cohort.js", "/assets/query.js",
                "/assets/classify.js", "/assets/patient.js")) {
            HttpResponse<String> r = Http.get(at(open, p));
            assertEquals(200, r.statusCode(), p);
            assertTrue(r.body().length() > 100, p);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").matches("text/(javascript|css).*"), p + " " + r.headers());
        }
        for (String p : List.of("/assets/nope.js", "/assets/mcrc.class", "/webjars/../../org/mcrckg/Mcrc.class", "/org/mcrckg/Mcrc.class",
                "/vendor/%2e%2e/x.js", "/assets/..%2f..%2fMcrc.js", "/assets/%2e%2e/%2e%2e/mcrc-version.properties")) {
            assertTrue(Http.get(at(open, p)).statusCode() >= 400, p);
        }
    }

    @Test
    void describeResultsDownloadInRdfFormats() {
        String describe = "DESCRIBE <" + Vocabulary.PATIENT_NS + "V21>";
        for (String[] f : new String[][] {{"ttl", "text/turtle"}, {"nt", "application/n-triples"}, {"json-ld", "application/ld+json"}, {"xml", "application/rdf+xml"}}) {
            HttpResponse<String> r = Http.query(open, describe, "&format=" + f[0]);
            assertEquals(200, r.statusCode(), f[0] + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(f[1]), f[0] + " " + r.headers());
        }
        // what the page offers for each kind of query is checked in the browser (BrowserIT)
    }

    // ---- POST /mcrc/classify ----

    static final String P1 = "{\"patient_id\": \"P1\", \"ecog\": 0, \"fit_for_major_surgery\": true, \"staging_complete\": true,"
            + " \"primary_status\": \"resected\", \"liver_met_count\": 2, \"liver_r0_feasible\": true, \"flr_percent\": 45, \"chemo_lines\": 0}";

    @Test
    void classifyAnswersAsTheLibraryDoes() throws Exception {
        long before = cohort.statistics().patientTriples() + cohort.statistics().inferenceTriples();
        HttpResponse<String> r = classify(open, "", "application/json", "[" + P1 + "]");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode p = JSON.readTree(r.body()).path("patients").get(0);
        assertEquals("P1", p.path("id").asText());
        PatientAnswer expected = Cohort.mcrc().classify(Map.of("patient_id", "P1", "ecog", 0, "fit_for_major_surgery", true, "staging_complete", true,
                "primary_status", "resected", "liver_met_count", 2, "liver_r0_feasible", true, "flr_percent", 45, "chemo_lines", 0));
        assertEquals(expected.treatments().size(), p.path("treatments").size());
        for (JsonNode t : p.path("treatments")) {
            TreatmentAnswer want = expected.treatment(t.path("procedure").asText()).orElseThrow();
            assertEquals(want.status().word(), t.path("status").asText(), want.procedure());
            assertFalse(t.has("explanation"));
        }
        assertEquals("recommended", status(p, "hepatectomy"));
        assertEquals(before, cohort.statistics().patientTriples() + cohort.statistics().inferenceTriples(), "nothing written to the store");
        assertFalse(cohort.patientIds().contains("P1"));
    }

    static String status(JsonNode patient, String procedure) {
        for (JsonNode t : patient.path("treatments")) if (t.path("procedure").asText().equals(procedure)) return t.path("status").asText();
        return null;
    }

    @Test
    void classifyTakesCsvAndExplainsOnRequest() throws Exception {
        String csv = "patient_id,ecog,fit_for_major_surgery,staging_complete,primary_status,liver_met_count,liver_r0_feasible,flr_percent,chemo_lines\n"
                + "A,0,true,true,resected,2,true,45,0\nB,0,true,true,resected,2,true,,0\n";
        HttpResponse<String> r = classify(open, "?explain=true", "text/csv; charset=utf-8", csv);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode patients = JSON.readTree(r.body()).path("patients");
        assertEquals(2, patients.size());
        assertEquals("recommended", status(patients.get(0), "hepatectomy"));
        assertEquals("undetermined", status(patients.get(1), "hepatectomy"), "B's remnant is unknown");
        assertTrue(patients.get(1).path("treatments").get(0).has("explanation"));
        boolean flr = false;
        for (JsonNode n : patients.get(1).path("next_measurements")) flr |= n.path("field").asText().equals("flr_percent");
        assertTrue(flr, patients.get(1).toString());
    }

    @Test
    void badRecordsGetProblemDetailsWithTheCliErrorIds() throws Exception {
        HttpResponse<String> r = classify(open, "", "text/csv", "patient_id,flr_percent,primary_site\nA,100.5,left_colon\nB,30,Left_Colon\n");
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().toString());
        JsonNode p = JSON.readTree(r.body());
        assertEquals(400, p.path("status").asInt());
        assertEquals(ClassifyServlet.PROBLEM_TYPES + "data-error", p.path("type").asText());
        assertEquals("data#out-of-range", p.path("errors").get(0).path("id").asText());
        assertEquals("flr_percent", p.path("errors").get(0).path("field").asText());
        assertEquals(2, p.path("errors").get(0).path("line").asInt());
        assertEquals("data#unknown-word", p.path("errors").get(1).path("id").asText());
        assertEquals("primary_site", p.path("errors").get(1).path("field").asText());
        assertEquals(3, p.path("errors").get(1).path("line").asInt());

        JsonNode json = JSON.readTree(classify(open, "", "application/json", "[{\"patient_id\": \"A\", \"flr_pct\": 30}]").body());
        assertEquals("data#unknown-field", json.path("errors").get(0).path("id").asText());
        assertEquals("$[0].flr_pct", json.path("errors").get(0).path("path").asText());
        JsonNode broken = JSON.readTree(classify(open, "", "application/json", "[{\"patient_id\": ").body());
        assertEquals("data#malformed", broken.path("errors").get(0).path("id").asText());
        JsonNode twice = JSON.readTree(classify(open, "", "application/json", "[{\"patient_id\": \"A\"}, {\"patient_id\": \"A\"}]").body());
        assertEquals("data#duplicate-patient-id", twice.path("errors").get(0).path("id").asText());
    }

    @Test
    void tooLargeUnsupportedAndWrongMethod() throws Exception {
        StringBuilder big = new StringBuilder("patient_id,ecog\n");
        for (int i = 0; big.length() <= ClassifyServlet.MAX_BODY_BYTES; i++) big.append("P").append(i).append(",0\n");
        HttpResponse<String> r = classify(open, "", "text/csv", big.toString());
        assertEquals(413, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(413, JSON.readTree(r.body()).path("status").asInt());
        assertEquals(415, classify(open, "", "text/plain", P1).statusCode());
        HttpResponse<String> get = Http.get(at(open, "/mcrc/classify"));
        assertEquals(405, get.statusCode());
    }

    @Test
    void thePagesChangeNothingAndReadOnlyStaysReadOnly() {
        long before = cohort.statistics().patientTriples();
        for (String p : List.of("/patient/V21", "/cohort", "/classify", "/assets/mcrc.css")) {
            HttpResponse<String> r = Http.postBody(at(open, p), "text/turtle", "<urn:x> <urn:y> <urn:z> .");
            assertEquals(405, r.statusCode(), p);
        }
        HttpResponse<String> update = Http.postForm(at(open, "/mcrc/update"), "update=" + Http.enc("INSERT DATA { <urn:x> <urn:y> <urn:z> }"));
        assertEquals(404, update.statusCode(), "no update endpoint without --allow-update, pages or not");
        assertEquals(before, cohort.statistics().patientTriples());
    }

    @Test
    void classifyHasTheQueryTimeout() throws Exception {
        try (Endpoint slow = Endpoint.start(cohort, EndpointConfig.defaults().withPort(0).withTimeout(Duration.ofMillis(1)), () -> {
            try {
                Thread.sleep(2000);  // an ontology that takes longer to load than the timeout allows
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Cohort.mcrc();
        })) {
            HttpResponse<String> r = classify(slow, "", "application/json", "[" + P1 + "]");
            assertEquals(503, r.statusCode(), r.body());
            assertEquals(ClassifyServlet.PROBLEM_TYPES + "classify-timeout", JSON.readTree(r.body()).path("type").asText());
        }
    }
}
