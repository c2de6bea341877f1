package org.mcrckg.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.endpoint.Endpoint;
import org.mcrckg.endpoint.EndpointConfig;
import org.mcrckg.store.PatientStore;
import org.mcrckg.ontology.Status;
import org.mcrckg.support.Cohort;
import org.mcrckg.support.TempDirs;

/**
 * CDS Hooks 2.0 over real HTTP (port 0): the discovery document and a patient-view call, checked
 * against the shapes of the specification (services[].hook/id/description/prefetch; cards[] with
 * summary under 140 characters, indicator info|warning|critical, source.label, suggestions[].label
 * with selectionBehavior), request validation (400), and prefetch-or-nothing (412): a FHIR server
 * is called only when its host is allowed.
 */
class CdsHooksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static PatientStore store;
    static Endpoint closed, open;
    static HttpServer fhir;
    static final AtomicInteger fhirRequests = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        store = PatientStore.open(TempDirs.create("mcrc-cds-store"));
        closed = Endpoint.start(store, EndpointConfig.defaults().withPort(0), Cohort::mcrc,
                Map.of("/cds-services/*", new CdsServlet(new CdsService(Cohort.mcrc(), Set.of()))));
        open = Endpoint.start(store, EndpointConfig.defaults().withPort(0), Cohort::mcrc,
                Map.of("/cds-services/*", new CdsServlet(new CdsService(Cohort.mcrc(), Set.of("127.0.0.1")))));
        // a FHIR server holding V01's twin, counting every request it gets
        Map<String, List<JsonNode>> byType = resourcesOf("V01");
        fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fhir.createContext("/fhir/", ex -> {
            fhirRequests.incrementAndGet();
            String p = ex.getRequestURI().getPath().substring("/fhir/".length());
            JsonNode body;
            if (p.equals("Patient/V01")) body = byType.get("Patient").get(0);
            else body = searchset(byType.getOrDefault(p, List.of()));
            byte[] b = JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().add("Content-Type", "application/fhir+json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        fhir.start();
    }

    @AfterAll
    static void stop() {
        if (fhir != null) fhir.stop(0);
        if (closed != null) closed.close();
        if (open != null) open.close();
        if (store != null) store.close();
    }

    static Map<String, List<JsonNode>> resourcesOf(String id) throws IOException {
        JsonNode b = JSON.readTree(Files.readString(Path.of("src/test/resources/fhir/vignettes/" + id + ".json")));
        Map<String, List<JsonNode>> out = new java.util.TreeMap<>();
        for (JsonNode e : b.get("entry")) out.computeIfAbsent(e.get("resource").get("resourceType").asText(), k -> new ArrayList<>()).add(e.get("resource"));
        return out;
    }

    static ObjectNode searchset(List<JsonNode> resources) {
        ObjectNode b = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset").put("total", resources.size());
        ArrayNode es = b.putArray("entry");
        for (JsonNode r : resources) es.addObject().set("resource", r).get("resource");
        return b;
    }

    static ObjectNode request(String patientId) {
        ObjectNode r = JSON.createObjectNode();
        r.put("hook", "patient-view");
        r.put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        r.putObject("context").put("userId", "Practitioner/1").put("patientId", patientId);
        return r;
    }

    static ObjectNode withPrefetch(ObjectNode req, String id) throws IOException {
        Map<String, List<JsonNode>> byType = resourcesOf(id);
        ObjectNode p = req.putObject("prefetch");
        p.set("patient", byType.get("Patient").get(0));
        p.set("observations", searchset(byType.getOrDefault("Observation", List.of())));
        p.set("conditions", searchset(byType.getOrDefault("Condition", List.of())));
        p.set("procedures", searchset(byType.getOrDefault("Procedure", List.of())));
        p.set("medicationRequests", searchset(byType.getOrDefault("MedicationRequest", List.of())));
        p.putNull("medicationAdministrations");  // the client could not fetch it: unknown, not empty
        return req;
    }

    record Reply(int status, JsonNode body) {}

    static Reply post(Endpoint e, String service, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(e.baseUri().resolve("cds-services/" + service))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    static Reply post(Endpoint e, JsonNode body) throws IOException, InterruptedException { return post(e, CdsService.ID, body.toString()); }

    @Test
    void discoveryListsThePatientViewServiceWithPrefetchTemplates() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(closed.baseUri().resolve("cds-services")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode s = JSON.readTree(r.body()).get("services");
        assertEquals(1, s.size());
        JsonNode svc = s.get(0);
        assertEquals("patient-view", svc.get("hook").asText());
        assertEquals(CdsService.ID, svc.get("id").asText());
        assertTrue(svc.get("description").isTextual() && svc.get("title").isTextual());
        for (String k : List.of("patient", "observations", "conditions", "procedures", "medicationRequests")) {
            assertTrue(svc.get("prefetch").get(k).asText().contains("{{context.patientId}}"), k);
        }
        assertEquals("Patient/{{context.patientId}}", svc.get("prefetch").get("patient").asText());
    }

    @Test
    void patientViewAnswersWithCardsOfTheSpecsShape() throws Exception {
        Reply r = post(closed, withPrefetch(request("V01"), "V01"));
        assertEquals(200, r.status(), r.body().toString());
        JsonNode cards = r.body().get("cards");
        assertTrue(cards.isArray() && cards.size() > 0);
        PatientAnswer expected = Cohort.answers().get("V01");
        int withSuggestions = 0;
        for (JsonNode c : cards) {
            String summary = c.get("summary").asText();
            assertTrue(summary.length() < 140, summary);
            assertTrue(Set.of("info", "warning", "critical").contains(c.get("indicator").asText()), c.toString());
            assertTrue(c.get("source").get("label").isTextual(), c.toString());
            if (c.has("suggestions")) {
                withSuggestions++;
                assertTrue(summary.contains(": recommended") || summary.contains(": consider"), summary);
                for (JsonNode s : c.get("suggestions")) assertTrue(s.get("label").isTextual() && s.get("uuid").isTextual());
                assertTrue(Set.of("at-most-one", "any").contains(c.get("selectionBehavior").asText()));
            } else {
                assertFalse(summary.contains(": recommended") || summary.contains(": consider"), "a recommended or consider card has a suggestion: " + summary);
            }
        }
        long recommendedOrConsider = expected.treatments().stream().filter(t -> t.status() == Status.RECOMMENDED || t.status() == Status.CONSIDER).count();
        assertTrue(recommendedOrConsider > 0);
        assertEquals(recommendedOrConsider, withSuggestions);
        TreatmentAnswer hep = expected.treatment("hepatectomy").orElseThrow();
        assertEquals(Status.RECOMMENDED, hep.status());
        JsonNode hepCard = null;
        for (JsonNode c : cards) if (c.path("detail").asText().contains("### hepatectomy: recommended")) hepCard = c;
        assertNotNull(hepCard, "a card explains the hepatectomy: " + cards);
        assertEquals("info", hepCard.get("indicator").asText());
        assertTrue(hepCard.has("suggestions"));
        assertTrue(hepCard.get("summary").asText().contains("rule " + String.join(", ", hep.rules())), hepCard.get("summary").asText());
        String url = hepCard.get("source").get("url").asText();
        assertTrue(url.startsWith("https://pubmed.ncbi.nlm.nih.gov/") || url.startsWith("https://doi.org/"), url);
    }

    @Test
    void badRequestsAre400WithAMessage() throws Exception {
        ObjectNode good = withPrefetch(request("V01"), "V01");
        assertEquals(400, post(closed, CdsService.ID, "not json").status());
        assertEquals(400, post(closed, CdsService.ID, "[]").status());
        for (String drop : List.of("hook", "hookInstance", "context")) {
            ObjectNode r = good.deepCopy();
            r.remove(drop);
            Reply reply = post(closed, r);
            assertEquals(400, reply.status(), drop);
            assertTrue(reply.body().get("error").asText().contains(drop), reply.body().toString());
        }
        ObjectNode wrongHook = good.deepCopy().put("hook", "order-select");
        assertTrue(post(closed, wrongHook).body().get("error").asText().contains("patient-view"));
        ObjectNode noPatient = good.deepCopy();
        ((ObjectNode) noPatient.get("context")).remove("patientId");
        assertTrue(post(closed, noPatient).body().get("error").asText().contains("context.patientId"));
        ObjectNode badPrefetch = good.deepCopy();
        badPrefetch.put("prefetch", "everything");
        assertEquals(400, post(closed, badPrefetch).status());
        assertEquals(404, post(closed, "no-such-service", good.toString()).status());
    }

    @Test
    void withoutPrefetchAFhirServerIsReadOnlyWhenItsHostIsAllowed() throws Exception {
        ObjectNode req = request("V01");
        assertEquals(412, post(closed, req).status(), "no prefetch, no fhirServer");
        req.put("fhirServer", "http://127.0.0.1:" + fhir.getAddress().getPort() + "/fhir");
        int before = fhirRequests.get();
        Reply refused = post(closed, req);
        assertEquals(412, refused.status());
        assertTrue(refused.body().get("error").asText().contains("--cds-fhir-allow"), refused.body().toString());
        assertEquals(before, fhirRequests.get(), "no request to a host the operator did not allow");
        Reply fetched = post(open, req);
        assertEquals(200, fetched.status(), fetched.body().toString());
        assertTrue(fhirRequests.get() > before);
        Reply withPrefetch = post(open, withPrefetch(request("V01"), "V01"));
        List<String> a = new ArrayList<>(), b = new ArrayList<>();
        fetched.body().get("cards").forEach(c -> a.add(c.get("summary").asText()));
        withPrefetch.body().get("cards").forEach(c -> b.add(c.get("summary").asText()));
        assertEquals(b, a, "fetched or prefetched, the same cards");
    }

    @Test
    void unreadableDataIsOneWarningCardNamingTheErrors() throws Exception {
        ObjectNode req = withPrefetch(request("V01"), "V01");
        ArrayNode obs = (ArrayNode) req.get("prefetch").get("observations").get("entry");
        for (JsonNode e : obs) {
            JsonNode r = e.get("resource");
            if (r.get("code").get("coding").get(0).get("code").asText().equals("89247-1")) ((ObjectNode) r).put("valueInteger", 7);
        }
        Reply r = post(closed, req);
        assertEquals(200, r.status());
        assertEquals(1, r.body().get("cards").size());
        JsonNode c = r.body().get("cards").get(0);
        assertEquals("warning", c.get("indicator").asText());
        assertTrue(c.get("detail").asText().contains("data#out-of-range") && c.get("detail").asText().contains("ecog"), c.toString());
    }

}
