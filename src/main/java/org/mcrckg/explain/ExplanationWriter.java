package org.mcrckg.explain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Status;

/**
 * Writes explanations as text, Markdown or JSON. The JSON is the contract's answer shape (§2) with
 * added keys only: {@code explanation} in each treatment, {@code next_measurements} and
 * {@code explanation_complete} in each patient. Library code: it writes to the stream it is given.
 */
public final class ExplanationWriter {
    private final String ontologyIri;
    private final String ontologyVersion;

    public ExplanationWriter(String ontologyIri, String ontologyVersion) {
        this.ontologyIri = ontologyIri;
        this.ontologyVersion = ontologyVersion;
    }

    public void write(List<PatientExplanation> explanations, ExplanationFormat format, OutputStream out) throws IOException {
        switch (format) {
            case JSON -> json(explanations, out);
            case TEXT -> text(explanations, out, false);
            case MARKDOWN -> text(explanations, out, true);
        }
    }

    // ---- JSON ----

    private void json(List<PatientExplanation> explanations, OutputStream out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeObjectFieldStart("ontology");
        g.writeStringField("iri", ontologyIri);
        g.writeStringField("version", ontologyVersion);
        g.writeEndObject();
        g.writeArrayFieldStart("patients");
        for (PatientExplanation e : explanations) {
            g.writeStartObject();
            g.writeStringField("id", e.patientId());
            g.writeBooleanField("consistent", e.consistent());
            if (!e.consistent()) strings(g, "explanation", e.clash());
            g.writeArrayFieldStart("treatments");
            for (TreatmentExplanation t : e.treatments()) {
                TreatmentAnswer a = t.answer();
                g.writeStartObject();
                g.writeStringField("procedure", a.procedure());
                g.writeStringField("status", a.status().word());
                strings(g, "rules", a.rules());
                strings(g, "evidence", a.evidence());
                strings(g, "missing", a.missing());
                g.writeStringField("basis", a.basis().word());
                if (a.provisional().isPresent()) g.writeStringField("provisional", a.provisional().get().word());
                g.writeFieldName("explanation");
                treatment(g, t);
                g.writeEndObject();
            }
            g.writeEndArray();
            patientFields(g, e);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    /** The patient-level keys added to the contract's patient object: {@code next_measurements}, {@code explanation_complete}. */
    public static void patientFields(JsonGenerator g, PatientExplanation e) throws IOException {
        g.writeArrayFieldStart("next_measurements");
        for (FieldRank r : e.nextMeasurements()) {
            g.writeStartObject();
            g.writeStringField("field", r.field());
            g.writeNumberField("settles", r.settles());
            g.writeNumberField("may_settle", r.maySettle());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("explanation_complete", e.complete());
    }

    /** The {@code explanation} object of one treatment. */
    public static void treatment(JsonGenerator g, TreatmentExplanation t) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("complete", t.complete());
        g.writeArrayFieldStart("reasons");
        for (Reason r : t.reasons()) {
            g.writeStartObject();
            g.writeStringField("role", r.role().word());
            if (r.rule().isPresent()) g.writeStringField("rule", r.rule().get());
            g.writeStringField("class", r.classIri());
            g.writeStringField("label", r.label());
            g.writeArrayFieldStart("justifications");
            for (Justification j : r.justifications()) {
                g.writeStartObject();
                g.writeArrayFieldStart("facts");
                for (Fact f : j.facts()) {
                    g.writeStartObject();
                    g.writeStringField("field", f.field());
                    g.writeStringField("value", f.value());
                    g.writeBooleanField("from_staging_complete", f.fromStagingClosure());
                    g.writeEndObject();
                }
                g.writeEndArray();
                strings(g, "comparisons", j.comparisons());
                g.writeEndObject();
            }
            g.writeEndArray();
            strings(g, "missing", r.missing());
            g.writeArrayFieldStart("evidence");
            for (EvidenceRef ev : r.evidence()) {
                g.writeStartObject();
                g.writeStringField("id", ev.id());
                g.writeStringField("claim", ev.claim());
                g.writeStringField("citation", ev.citation());
                g.writeStringField("design", ev.design());
                g.writeStringField("oxford_level", ev.level());
                g.writeStringField("grade", ev.certainty());
                strings(g, "pmid", ev.pmids());
                strings(g, "doi", ev.dois());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("settled_by");
        for (List<String> s : t.settledBy()) {
            g.writeStartArray();
            for (String f : s) g.writeString(f);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    // ---- text and Markdown ----

    private void text(List<PatientExplanation> explanations, OutputStream out, boolean md) {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (md) w.printf("_ontology %s (version %s)_%n", ontologyIri, ontologyVersion);
        else w.printf("ontology %s (version %s)%n", ontologyIri, ontologyVersion);
        for (PatientExplanation e : explanations) patient(w, e, md);
        w.flush();
    }

    private static void patient(PrintWriter w, PatientExplanation e, boolean md) {
        w.println();
        if (!e.consistent()) {
            w.println(md ? "## Patient " + e.patientId() + ": inconsistent record" : "patient " + e.patientId() + ": INCONSISTENT record");
            w.println(md ? "" : "  these facts cannot hold together:");
            if (md) w.println("These facts cannot hold together:\n");
            for (String c : e.clash()) w.println(md ? "- `" + c + "`" : "    " + c);
            return;
        }
        w.println(md ? "## Patient " + e.patientId() : "patient " + e.patientId());
        for (TreatmentExplanation t : e.treatments()) treatment(w, t, md);
        if (!e.nextMeasurements().isEmpty()) {
            w.println();
            w.println(md ? "### What to measure next\n" : "  what to measure next:");
            for (FieldRank r : e.nextMeasurements()) {
                String s = "measure " + r.field() + ": settles " + r.settles() + " decision" + (r.settles() == 1 ? "" : "s")
                        + (r.maySettle() > 0 ? ", may settle " + r.maySettle() + " more (for some values)" : "");
                w.println(md ? "- " + s : "    " + s);
            }
        }
        if (!e.complete()) w.println(md ? "\n_The time limit cut the search short; what was found is shown._" : "  (the time limit cut the search short; what was found is shown)");
    }

    private static void treatment(PrintWriter w, TreatmentExplanation t, boolean md) {
        TreatmentAnswer a = t.answer();
        String head = a.procedure() + ": " + a.status().word() + a.provisional().map(s -> " (provisionally " + s.word() + ")").orElse("")
                + " [" + a.basis().word() + "]";
        w.println();
        w.println(md ? "### " + head + "\n" : "  " + head);
        String ind = md ? "" : "    ";
        for (Reason r : t.reasons()) {
            String name = r.rule().map(id -> "rule " + id + " (" + r.label() + ")").orElse("\"" + r.label() + "\"");
            String verb = switch (r.role()) {
                case FIRED -> "applies: " + name;
                case RULED_OUT -> "ruled out: " + name;
                case NOT_APPLICABLE -> "not applicable: the patient is not a " + name;
                case UNDECIDED -> (a.status() == Status.UNDETERMINED ? "undecided: " : "undecided, against it (not offered either way): ")
                        + name + (r.missing().isEmpty() ? "" : "; missing " + String.join(", ", r.missing()));
            };
            w.println(md ? "- " + verb : ind + verb);
            for (int i = 0; i < r.justifications().size(); i++) {
                Justification j = r.justifications().get(i);
                String facts = String.join(", ", j.facts().stream().map(f -> md ? "`" + f.text() + "`" : f.text()).toList());
                String because = (r.justifications().size() > 1 ? "because (" + (i + 1) + ") " : "because ") + facts;
                w.println(md ? "  - " + because : ind + "  " + because);
                for (String c : j.comparisons()) w.println(md ? "    - " + c : ind + "      " + c);
            }
            for (EvidenceRef ev : r.evidence()) {
                String refs = String.join("; ", Stream.concat(ev.pmids().stream().map(p -> "PMID " + p),
                        ev.dois().stream().map(d -> "doi:" + d)).toList());
                String s = "evidence " + ev.id() + ": " + ev.citation() + " (" + ev.design() + "; Oxford level " + ev.level() + "; GRADE "
                        + ev.certainty() + ")" + (refs.isEmpty() ? "" : " " + refs);
                w.println(md ? "  - " + s : ind + "  " + s);
            }
        }
        if (a.status() == Status.UNDETERMINED) {
            if (t.settledBy().isEmpty()) {
                w.println(md ? "- no set of missing fields tried settles it" : ind + "no set of missing fields tried settles it");
            } else {
                for (List<String> s : t.settledBy()) {
                    String line = "would be settled by measuring " + String.join(" and ", s);
                    w.println(md ? "- " + line : ind + line);
                }
            }
        }
        if (!t.complete()) w.println(md ? "- _cut short by the time limit_" : ind + "(cut short by the time limit)");
    }
}
