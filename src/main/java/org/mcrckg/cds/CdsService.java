package org.mcrckg.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.ExplanationFormat;
import org.mcrckg.explain.ExplanationWriter;
import org.mcrckg.ontology.Evidence;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.PatientRecord;

/**
 * A CDS Hooks 2.0 service for the {@code patient-view} hook: the discovery document, and the
 * answer to a call as cards. The patient comes from the request's prefetch (FHIR resources and
 * search Bundles), read by the FHIR mapping like any FHIR file; when prefetch is missing, it is
 * fetched from the request's {@code fhirServer} only if that host is allowed ({@link FhirFetcher}).
 *
 * <pre>{@code
 * CdsService cds = new CdsService(Mcrc.load(), Set.of());       // no FHIR server may be called
 * CdsService.Response r = cds.call("mcrc-surgical-options", requestJson);
 * }</pre>
 *
 * <p>Cards: one per procedure whose status is recommended or consider (indicator {@code info},
 * with a suggestion to discuss it) or not_recommended ({@code warning}, no suggestion), each with
 * the explanation in Markdown and its first evidence statement as the source; one {@code info}
 * card naming the measurements that would settle the undetermined answers; one {@code warning}
 * card when the record contradicts itself or cannot be read.
 */
public final class CdsService {
    /** The service id: {@code POST /cds-services/mcrc-surgical-options}. */
    public static final String ID = "mcrc-surgical-options";
    public static final String HOOK = "patient-view";
    static final int SUMMARY_MAX = 140;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The prefetch templates: what the FHIR mapping reads (docs/fhir-mapping.md). The keys are the
     * names a client fills in the request's {@code prefetch}.
     */
    public static final Map<String, String> PREFETCH = prefetch();

    private static Map<String, String> prefetch() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("patient", "Patient/{{context.patientId}}");
        m.put("observations", "Observation?patient={{context.patientId}}");
        m.put("conditions", "Condition?patient={{context.patientId}}");
        m.put("procedures", "Procedure?patient={{context.patientId}}");
        m.put("medicationRequests", "MedicationRequest?patient={{context.patientId}}");
        m.put("medicationAdministrations", "MedicationAdministration?patient={{context.patientId}}");
        return m;
    }

    private final Mcrc mcrc;
    private final FhirFetcher fetcher;
    private final ExplainOptions explainOptions = ExplainOptions.defaults().withTimeout(Duration.ofSeconds(5));

    /** @param allowedFhirHosts hosts a request's fhirServer may name for fetching (empty: never fetch) */
    public CdsService(Mcrc mcrc, Set<String> allowedFhirHosts) {
        this(mcrc, new FhirFetcher(allowedFhirHosts));
    }

    CdsService(Mcrc mcrc, FhirFetcher fetcher) {
        this.mcrc = mcrc;
        this.fetcher = fetcher;
    }

    /** An HTTP answer: status and JSON body. */
    public record Response(int status, String body) {}

    /** {@code GET /cds-services}. */
    public String discovery() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s = root.putArray("services").addObject();
        s.put("hook", HOOK);
        s.put("title", "mCRC surgical treatment options");
        s.put("description", "Which surgical and systemic treatments of metastatic colorectal cancer the mcrc-kg rules recommend, "
                + "make an option or advise against for this patient, with the evidence, and what to measure to settle the rest. "
                + "A research tool: not a clinical recommendation.");
        s.put("id", ID);
        ObjectNode p = s.putObject("prefetch");
        PREFETCH.forEach(p::put);
        s.put("usageRequirements", "Reads FHIR R4 / mCODE resources as docs/fhir-mapping.md describes; fields without a standard code come from "
                + "Observations in https://w3id.org/mcrc-kg/fhir/CodeSystem/mcrc-observation.");
        return write(root);
    }

    /** {@code POST /cds-services/{id}}. */
    public Response call(String serviceId, String body) {
        if (!ID.equals(serviceId)) return error(404, "no CDS service '" + serviceId + "': the service is " + ID);
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "the request body is not JSON: " + e.getMessage());
        }
        if (req == null || !req.isObject()) return error(400, "the request body must be a JSON object (a CDS Hooks request)");
        if (!req.path("hook").isTextual()) return error(400, "'hook' is required: \"" + HOOK + "\"");
        if (!HOOK.equals(req.get("hook").asText())) return error(400, "this service answers the " + HOOK + " hook, not '" + req.get("hook").asText() + "'");
        if (!req.path("hookInstance").isTextual() || req.get("hookInstance").asText().isBlank()) return error(400, "'hookInstance' is required: a UUID for this call");
        JsonNode context = req.get("context");
        if (context == null || !context.isObject()) return error(400, "'context' is required: an object with patientId (and userId)");
        if (!context.path("patientId").isTextual() || context.get("patientId").asText().isBlank()) return error(400, "'context.patientId' is required: the FHIR id of the patient");
        String patientId = context.get("patientId").asText();
        JsonNode prefetch = req.get("prefetch");
        if (prefetch != null && !prefetch.isNull() && !prefetch.isObject()) return error(400, "'prefetch' must be an object: template key to a FHIR resource or Bundle");
        JsonNode server = req.get("fhirServer");
        if (server != null && !server.isNull() && (!server.isTextual() || !isHttpUrl(server.asText()))) return error(400, "'fhirServer' must be an http(s) URL");

        Map<String, JsonNode> data = new LinkedHashMap<>();
        if (prefetch != null && prefetch.isObject()) prefetch.fields().forEachRemaining(e -> { if (!e.getValue().isNull()) data.put(e.getKey(), e.getValue()); });
        if (!data.containsKey("patient")) {
            if (server == null || server.isNull()) {
                return error(412, "prefetch 'patient' is missing and no fhirServer was given: send the prefetch of the discovery document (GET /cds-services)");
            }
            String base = server.asText();
            if (!fetcher.allows(base)) {
                return error(412, "prefetch 'patient' is missing, and the fhirServer host '" + URI.create(base).getHost()
                        + "' is not one this service may call (serve --cds-fhir-allow): send the prefetch instead");
            }
            String token = req.path("fhirAuthorization").path("access_token").asText(null);
            try {
                for (Map.Entry<String, String> t : PREFETCH.entrySet()) {
                    if (data.containsKey(t.getKey())) continue;
                    data.put(t.getKey(), JSON.readTree(fetcher.get(base, t.getValue().replace("{{context.patientId}}", patientId), token)));
                }
            } catch (IOException | FhirFetcher.FetchException e) {
                return error(412, "cannot fetch the patient's data from the fhirServer: " + e.getMessage());
            }
        }
        return cards(patientId, data);
    }

    private Response cards(String patientId, Map<String, JsonNode> data) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        for (Map.Entry<String, JsonNode> e : data.entrySet()) {
            JsonNode r = e.getValue();
            if ("Bundle".equals(r.path("resourceType").asText())) {
                for (JsonNode entry : r.path("entry")) if (entry.has("resource")) entries.addObject().set("resource", entry.get("resource"));
            } else if (r.has("resourceType")) {
                entries.addObject().set("resource", r);
            }
        }
        List<PatientRecord> records;
        Path tmp = null;
        try {
            tmp = Files.createTempFile("mcrc-cds-", ".json");
            Files.writeString(tmp, write(bundle));
            records = mcrc.read(List.of(tmp));
        } catch (DataErrorException e) {
            return ok(List.of(unreadable(e.errors())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
        }
        PatientRecord record = records.stream().filter(r -> r.id().equals(patientId)).findFirst().orElse(null);
        if (record == null) return error(412, "the prefetch holds no Patient/" + patientId + " (context.patientId)");
        PatientAnswer a = mcrc.classify(record);
        List<ObjectNode> cards = new ArrayList<>();
        if (!a.consistent()) {
            ObjectNode c = card("The record contradicts itself: no treatment answer", "warning",
                    "These facts cannot hold together:\n\n" + String.join("\n", a.explanation().stream().map(s -> "- " + s).toList()), null);
            cards.add(c);
            return ok(cards);
        }
        Map<String, Procedure> procedures = new LinkedHashMap<>();
        for (Procedure p : mcrc.procedures()) procedures.put(p.key(), p);
        List<String> undetermined = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>();
        for (TreatmentAnswer t : a.treatments()) {
            Status s = t.status();
            if (s == Status.UNDETERMINED) { undetermined.add(t.procedure()); missing.addAll(t.missing()); continue; }
            if (s != Status.RECOMMENDED && s != Status.CONSIDER && s != Status.NOT_RECOMMENDED) continue;
            String label = procedureName(procedures.get(t.procedure()), t.procedure());
            String summary = label + ": " + s.word().replace('_', ' ') + (t.rules().isEmpty() ? "" : " (rule " + String.join(", ", t.rules()) + ")");
            ObjectNode c = card(summary, s == Status.NOT_RECOMMENDED ? "warning" : "info", explanation(record, t.procedure()), source(t));
            if (s == Status.RECOMMENDED || s == Status.CONSIDER) {
                ObjectNode sug = c.putArray("suggestions").addObject();
                sug.put("label", truncate("Discuss " + label.toLowerCase(Locale.ROOT) + " at the multidisciplinary tumour board"));
                sug.put("uuid", UUID.randomUUID().toString());
                sug.put("isRecommended", s == Status.RECOMMENDED);
                c.put("selectionBehavior", "any");
            }
            cards.add(c);
        }
        if (!undetermined.isEmpty()) {
            String detail = "The record cannot settle: " + String.join(", ", undetermined) + ".\n\n"
                    + (missing.isEmpty() ? "" : "Measurements that would help: " + String.join(", ", missing.stream().map(m -> "`" + m + "`").toList()) + ".\n\n")
                    + "Missing means unknown, never \"no\": see docs/fhir-mapping.md for the resource each field is read from.";
            cards.add(card(undetermined.size() + " answers undetermined" + (missing.isEmpty() ? "" : "; measure " + String.join(", ", missing)), "info", detail, null));
        }
        return ok(cards);
    }

    private static String procedureName(Procedure p, String key) {
        String s = p == null || p.label() == null || p.label().isBlank() ? key.replace('_', ' ') : p.label();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String explanation(PatientRecord record, String procedure) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExplanationWriter(mcrc.ontologyIri(), mcrc.ontologyVersion())
                    .write(List.of(mcrc.explain(record, procedure, explainOptions)), ExplanationFormat.MARKDOWN, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first evidence statement of the answer with a PubMed or DOI link. */
    private ObjectNode source(TreatmentAnswer t) {
        for (String id : t.evidence()) {
            Evidence e = mcrc.evidence().get(id);
            if (e == null) continue;
            String url = !e.pmids().isEmpty() ? "https://pubmed.ncbi.nlm.nih.gov/" + e.pmids().get(0) + "/"
                    : !e.dois().isEmpty() ? "https://doi.org/" + e.dois().get(0) : null;
            if (url == null) continue;
            ObjectNode s = JSON.createObjectNode();
            s.put("label", truncate("mcrc-kg evidence " + e.id() + ": " + e.citation() + " (" + e.design() + "; Oxford level " + e.level() + ")"));
            s.put("url", url);
            return s;
        }
        return null;
    }

    private ObjectNode card(String summary, String indicator, String detail, ObjectNode source) {
        ObjectNode c = JSON.createObjectNode();
        c.put("uuid", UUID.randomUUID().toString());
        c.put("summary", truncate(summary));
        c.put("indicator", indicator);
        if (detail != null) c.put("detail", detail);
        if (source == null) {
            source = JSON.createObjectNode();
            source.put("label", "mcrc-kg " + mcrc.ontologyVersion() + " (research tool, not a clinical recommendation)");
        }
        c.set("source", source);
        return c;
    }

    private ObjectNode unreadable(List<DataError> errors) {
        StringBuilder b = new StringBuilder("The patient's FHIR data has errors, so nothing was classified:\n\n");
        for (DataError e : errors.subList(0, Math.min(errors.size(), 50))) {
            b.append("- `").append(e.location().path() == null ? "" : e.location().path()).append("`")
                    .append(e.field() == null ? "" : " (" + e.field() + ")").append(": ").append(e.message()).append(" [").append(e.errorId()).append("]\n");
        }
        return card("mcrc-kg could not read this patient's record (" + errors.size() + " data error" + (errors.size() == 1 ? "" : "s") + ")", "warning", b.toString(), null);
    }

    static String truncate(String s) {
        return s.length() <= SUMMARY_MAX - 1 ? s : s.substring(0, SUMMARY_MAX - 2) + "…";
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return (u.getScheme() != null && (u.getScheme().equals("http") || u.getScheme().equals("https"))) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Response ok(List<ObjectNode> cards) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode a = root.putArray("cards");
        cards.forEach(a::add);
        return new Response(200, write(root));
    }

    private static Response error(int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("error", message);
        return new Response(status, write(root));
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
