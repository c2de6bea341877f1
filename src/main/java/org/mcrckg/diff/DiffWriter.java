package org.mcrckg.diff;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a diff as it streams: the header and changed terms first, then each changed answer as it
 * comes, then the summary. Library code: it writes to the stream it is given. Text and Markdown can
 * list at most {@code maxRows} changed answers (a release's impact report over 10,000 patients); the
 * summary always counts all of them, and JSON and CSV always list all.
 */
public final class DiffWriter {
    private final DiffFormat format;
    private final long maxRows;

    public DiffWriter(DiffFormat format, long maxRows) {
        this.format = format;
        this.maxRows = maxRows;
    }

    public DiffWriter(DiffFormat format) { this(format, Long.MAX_VALUE); }

    /** A diff being written. */
    public interface Sink {
        void accept(AnswerChange c) throws IOException;

        /** Writes the summary and flushes (the underlying stream stays open). */
        void finish(DiffSummary summary) throws IOException;
    }

    /** Writes a whole report. */
    public void write(DiffReport report, Map<String, String> procedureLabels, OutputStream out) throws IOException {
        Sink s = open(report.before(), report.after(), report.changedTerms(), procedureLabels, out);
        for (AnswerChange c : report.changes()) s.accept(c);
        s.finish(report.summary());
    }

    public Sink open(OntologyInfo before, OntologyInfo after, List<TermChange> terms, Map<String, String> procedureLabels, OutputStream out)
            throws IOException {
        Map<String, TermChange> byIri = new HashMap<>();
        terms.forEach(t -> byIri.put(t.iri(), t));
        return switch (format) {
            case JSON -> json(before, after, terms, out);
            case CSV -> csv(byIri, out);
            case TEXT -> new TextSink(before, after, terms, byIri, procedureLabels, out, false);
            case MARKDOWN -> new TextSink(before, after, terms, byIri, procedureLabels, out, true);
        };
    }

    // ---- JSON ----

    private Sink json(OntologyInfo before, OntologyInfo after, List<TermChange> terms, OutputStream out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        side(g, "before", before);
        side(g, "after", after);
        g.writeArrayFieldStart("changed_terms");
        for (TermChange t : terms) {
            g.writeStartObject();
            g.writeStringField("iri", t.iri());
            g.writeStringField("name", t.name());
            g.writeStringField("label", t.label());
            g.writeStringField("kind", t.kind());
            g.writeBooleanField("logical", t.logical());
            strings(g, "removed", t.removed());
            strings(g, "added", t.added());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("changes");
        return new Sink() {
            @Override
            public void accept(AnswerChange c) throws IOException {
                g.writeStartObject();
                g.writeStringField("patient", c.patient());
                g.writeStringField("procedure", c.procedure());
                state(g, "before", c.before(), c.procedure());
                state(g, "after", c.after(), c.procedure());
                strings(g, "because", c.because());
                g.writeStringField("attribution", c.attribution().word());
                g.writeEndObject();
            }

            @Override
            public void finish(DiffSummary s) throws IOException {
                g.writeEndArray();
                g.writeObjectFieldStart("summary");
                g.writeNumberField("patients", s.patients());
                g.writeNumberField("patients_unchanged", s.patientsUnchanged());
                g.writeNumberField("answers", s.answers());
                g.writeNumberField("answers_unchanged", s.answersUnchanged());
                g.writeNumberField("status_changes", s.statusChanges());
                g.writeObjectFieldStart("transitions");
                for (var p : s.transitions().entrySet()) {
                    g.writeObjectFieldStart(p.getKey());
                    for (var from : p.getValue().entrySet()) {
                        g.writeObjectFieldStart(from.getKey());
                        for (var to : from.getValue().entrySet()) g.writeNumberField(to.getKey(), to.getValue());
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
                g.flush();
            }
        };
    }

    private static void side(JsonGenerator g, String name, OntologyInfo o) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("source", o.source());
        g.writeStringField("iri", o.iri());
        g.writeStringField("version_iri", o.versionIri());
        g.writeStringField("version", o.version());
        g.writeEndObject();
    }

    private static void state(JsonGenerator g, String name, AnswerState s, String procedure) throws IOException {
        g.writeObjectFieldStart(name);
        if (procedure.equals(AnswerChange.TAGS)) {
            strings(g, "tags", s.tags());
        } else {
            g.writeStringField("status", s.status());
            if (s.provisional().isPresent()) g.writeStringField("provisional", s.provisional().get());
            strings(g, "rules", s.rules());
            strings(g, "missing", s.missing());
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    // ---- CSV ----

    private static Sink csv(Map<String, TermChange> byIri, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
        p.printRecord("patient_id", "procedure", "before_status", "before_provisional", "before_rules", "before_missing", "before_tags",
                "after_status", "after_provisional", "after_rules", "after_missing", "after_tags", "because", "attribution");
        return new Sink() {
            @Override
            public void accept(AnswerChange c) throws IOException {
                List<String> names = c.because().stream().map(i -> name(byIri, i)).toList();
                p.printRecord(c.patient(), c.procedure(),
                        c.before().status(), c.before().provisional().orElse(""), String.join(" ", c.before().rules()),
                        String.join(" ", c.before().missing()), String.join(" ", c.before().tags()),
                        c.after().status(), c.after().provisional().orElse(""), String.join(" ", c.after().rules()),
                        String.join(" ", c.after().missing()), String.join(" ", c.after().tags()),
                        String.join(" ", names), c.attribution().word());
            }

            @Override
            public void finish(DiffSummary s) throws IOException {
                p.flush();
                w.flush();
            }
        };
    }

    private static String name(Map<String, TermChange> byIri, String iri) {
        TermChange t = byIri.get(iri);
        return t == null ? KnowledgeDelta.localName(iri) : t.name();
    }

    // ---- text and Markdown ----

    private final class TextSink implements Sink {
        private final PrintWriter w;
        private final boolean md;
        private final Map<String, TermChange> byIri;
        private final Map<String, String> labels;
        private long rows;

        TextSink(OntologyInfo before, OntologyInfo after, List<TermChange> terms, Map<String, TermChange> byIri, Map<String, String> labels,
                 OutputStream out, boolean md) {
            this.w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            this.md = md;
            this.byIri = byIri;
            this.labels = labels;
            if (md) {
                w.println("| | ontology | version |");
                w.println("|---|---|---|");
                w.println("| before | " + cell(before.source()) + " | " + cell(versionOf(before)) + " |");
                w.println("| after | " + cell(after.source()) + " | " + cell(versionOf(after)) + " |");
                w.println();
                w.println("### Changed terms (" + terms.size() + ")");
                w.println();
                if (terms.isEmpty()) w.println("The two ontologies have the same axioms.");
                for (TermChange t : terms) {
                    w.println("- **" + t.name() + "** (" + t.kind() + (t.label().equals(t.name()) ? "" : ", " + t.label()) + ")");
                    w.println();
                    w.println("  ```");
                    for (String a : t.removed()) w.println("  - " + a);
                    for (String a : t.added()) w.println("  + " + a);
                    w.println("  ```");
                }
                w.println();
                w.println("### Answers that changed");
                w.println();
            } else {
                w.println("before: " + before.source() + "; " + versionOf(before));
                w.println("after:  " + after.source() + "; " + versionOf(after));
                w.println();
                w.println("changed terms (" + terms.size() + ")" + (terms.isEmpty() ? ": none, the two ontologies have the same axioms" : ":"));
                for (TermChange t : terms) {
                    w.println("  " + t.name() + " (" + t.kind() + (t.label().equals(t.name()) ? "" : ": " + t.label()) + ")");
                    for (String a : t.removed()) w.println("    - " + a);
                    for (String a : t.added()) w.println("    + " + a);
                }
                w.println();
                w.println("answers that changed:");
            }
        }

        @Override
        public void accept(AnswerChange c) {
            rows++;
            if (rows > maxRows) return;
            if (md) {
                if (rows == 1) {
                    w.println("| patient | procedure | before | after | because |");
                    w.println("|---|---|---|---|---|");
                }
                w.println("| " + cell(c.patient()) + " | " + cell(c.procedure()) + " | " + cell(render(c.before(), c.procedure())) + " | "
                        + cell(render(c.after(), c.procedure())) + " | " + cell(because(c)) + " |");
            } else {
                w.println("  " + c.patient() + "  " + c.procedure() + ": " + render(c.before(), c.procedure()) + " -> "
                        + render(c.after(), c.procedure()) + "  because " + because(c));
            }
        }

        @Override
        public void finish(DiffSummary s) {
            if (rows == 0) w.println(md ? "None." : "  none");
            if (rows > maxRows) {
                w.println();
                w.println((md ? "" : "  ") + "... and " + (rows - maxRows) + " more (" + rows + " in all; the JSON and CSV formats list every one)");
            }
            w.println();
            String counts = String.format(Locale.ROOT, "%,d patients, %,d unchanged; %,d answers, %,d unchanged (%,d changed status)",
                    s.patients(), s.patientsUnchanged(), s.answers(), s.answersUnchanged(), s.statusChanges());
            if (md) {
                w.println("### Summary");
                w.println();
                w.println(counts + ".");
            } else {
                w.println("summary: " + counts);
            }
            List<String> unchanged = new ArrayList<>();
            for (var p : s.transitions().entrySet()) {
                boolean moved = p.getValue().entrySet().stream().anyMatch(e -> e.getValue().keySet().stream().anyMatch(to -> !to.equals(e.getKey())));
                if (!moved) {
                    unchanged.add(p.getKey());
                    continue;
                }
                matrix(p.getKey(), p.getValue());
            }
            if (!unchanged.isEmpty()) {
                w.println();
                w.println((md ? "No status changed for: " : "no status changed for: ") + String.join(", ", unchanged) + (md ? "." : ""));
            }
            w.flush();
        }

        private void matrix(String key, Map<String, Map<String, Long>> m) {
            TreeSet<String> tos = new TreeSet<>();
            m.values().forEach(x -> tos.addAll(x.keySet()));
            w.println();
            if (md) {
                w.println("**" + key + "**" + (labels.getOrDefault(key, key).equals(key) ? "" : " (" + labels.get(key) + ")") + ": rows before, columns after");
                w.println();
                StringBuilder h = new StringBuilder("| before \\ after |");
                StringBuilder sep = new StringBuilder("|---|");
                for (String t : tos) { h.append(' ').append(t).append(" |"); sep.append("---:|"); }
                w.println(h);
                w.println(sep);
                for (var from : m.entrySet()) {
                    StringBuilder r = new StringBuilder("| " + from.getKey() + " |");
                    for (String t : tos) r.append(' ').append(from.getValue().getOrDefault(t, 0L)).append(" |");
                    w.println(r);
                }
            } else {
                w.println(key + " (rows: before, columns: after)");
                int width = Math.max(16, m.keySet().stream().mapToInt(String::length).max().orElse(0));
                StringBuilder h = new StringBuilder("  " + pad("", width));
                for (String t : tos) h.append("  ").append(pad(t, Math.max(8, t.length())));
                w.println(h.toString().stripTrailing());
                for (var from : m.entrySet()) {
                    StringBuilder r = new StringBuilder("  " + pad(from.getKey(), width));
                    for (String t : tos) r.append("  ").append(padLeft(String.valueOf(from.getValue().getOrDefault(t, 0L)), Math.max(8, t.length())));
                    w.println(r);
                }
            }
        }

        private String because(AnswerChange c) {
            List<String> names = c.because().stream().map(i -> name(byIri, i)).toList();
            String list = names.isEmpty() ? "(no changed term)" : String.join(", ", names);
            return c.attribution() == Attribution.WHOLE_ONTOLOGY ? "any of " + list : list;
        }
    }

    private static String versionOf(OntologyInfo o) {
        String v = o.version().isEmpty() ? "no versionInfo" : "version " + o.version();
        return o.versionIri().isEmpty() ? v : v + ", " + o.versionIri();
    }

    /** An answer in one line: {@code undetermined (provisional recommended) [L2] missing flr_percent}. */
    static String render(AnswerState s, String procedure) {
        if (procedure.equals(AnswerChange.TAGS)) return s.tags().isEmpty() ? "no tags" : String.join(" ", s.tags());
        StringBuilder b = new StringBuilder(s.status());
        s.provisional().ifPresent(p -> b.append(" (provisional ").append(p).append(')'));
        if (!s.rules().isEmpty()) b.append(" [").append(String.join(" ", s.rules())).append(']');
        if (!s.missing().isEmpty()) b.append(" missing ").append(String.join(" ", s.missing()));
        return b.toString();
    }

    private static String cell(String s) { return s.replace("|", "\\|").replace("\n", " "); }

    private static String pad(String s, int n) { return s.length() >= n ? s : s + " ".repeat(n - s.length()); }

    private static String padLeft(String s, int n) { return s.length() >= n ? s : " ".repeat(n - s.length()) + s; }
}
