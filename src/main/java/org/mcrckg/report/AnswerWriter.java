package org.mcrckg.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.explain.ExplanationWriter;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.explain.TreatmentExplanation;
import org.mcrckg.ontology.Status;

/**
 * Writes answers in the contract's JSON shape, as CSV, or as a table for people. Library code: it
 * writes to the stream it is given and never to the console.
 */
public final class AnswerWriter {
    private final String ontologyIri;
    private final String ontologyVersion;
    private final String toolVersion;
    private final Function<PatientAnswer, PatientExplanation> explanations;
    private final StatusVocabulary vocabulary;

    public AnswerWriter(String ontologyIri, String ontologyVersion, String toolVersion) {
        this(ontologyIri, ontologyVersion, toolVersion, a -> null, StatusVocabulary.V2);
    }

    private AnswerWriter(String ontologyIri, String ontologyVersion, String toolVersion,
                         Function<PatientAnswer, PatientExplanation> explanations,
                         StatusVocabulary vocabulary) {
        this.ontologyIri = ontologyIri;
        this.ontologyVersion = ontologyVersion;
        this.toolVersion = toolVersion;
        this.explanations = explanations;
        this.vocabulary = vocabulary;
    }

    /** The same writer, writing status words (status and provisional) in {@code vocabulary}; the default is {@link StatusVocabulary#V2}. */
    public AnswerWriter withStatusVocabulary(StatusVocabulary vocabulary) {
        return new AnswerWriter(ontologyIri, ontologyVersion, toolVersion, explanations, vocabulary);
    }

    /**
     * The same writer, adding to the JSON and JSON Lines of each answer that {@code explanations}
     * explains an {@code explanation} object per treatment and {@code next_measurements} per
     * patient (added keys only; table and CSV are unchanged).
     */
    public AnswerWriter withExplanations(Function<PatientAnswer, PatientExplanation> explanations) {
        return new AnswerWriter(ontologyIri, ontologyVersion, toolVersion, explanations, vocabulary);
    }

    public void write(List<PatientAnswer> answers, AnswerFormat format, OutputStream out) throws IOException {
        Sink sink = open(format, out);
        for (PatientAnswer a : answers) sink.accept(a);
        sink.close();
    }

    /** Answers written one at a time, as they come: the output never holds the cohort in memory. */
    public interface Sink extends AutoCloseable {
        default void accept(PatientAnswer a) throws IOException { accept(a, null); }

        /**
         * Writes an answer with its explanation (null: the one {@link #withExplanations} gives, if
         * any); JSON and JSON Lines show it, table and CSV do not.
         */
        void accept(PatientAnswer a, PatientExplanation explanation) throws IOException;

        /** Ends the document and flushes (it does not close the underlying stream). */
        @Override
        void close() throws IOException;
    }

    public Sink open(AnswerFormat format, OutputStream out) throws IOException {
        return switch (format) {
            case JSON -> jsonSink(out, true);
            case JSONL -> jsonSink(out, false);
            case CSV -> csvSink(out);
            case TABLE -> tableSink(out);
        };
    }

    private Sink jsonSink(OutputStream out, boolean document) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (document) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("ontology");
            g.writeStringField("iri", ontologyIri);
            g.writeStringField("version", ontologyVersion);
            g.writeEndObject();
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "mcrc-kg");
            g.writeStringField("version", toolVersion);
            g.writeEndObject();
            g.writeArrayFieldStart("patients");
        }
        return new Sink() {
            @Override
            public void accept(PatientAnswer a, PatientExplanation explanation) throws IOException {
                patient(g, a, explanation);
                if (!document) {
                    g.flush();
                    out.write('\n');
                }
            }

            @Override
            public void close() throws IOException {
                if (document) {
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeRaw('\n');
                }
                g.flush();
            }
        };
    }

    private Sink csvSink(OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(CSV_COLUMNS.toArray(new String[0])).get());
        return new Sink() {
            @Override
            public void accept(PatientAnswer a, PatientExplanation explanation) throws IOException { csvRows(p, a); }

            @Override
            public void close() throws IOException { p.flush(); }
        };
    }

    private Sink tableSink(OutputStream out) {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.printf("ontology %s (version %s)%n", ontologyIri, ontologyVersion);
        return new Sink() {
            private long patients;
            private long inconsistent;
            private final Map<String, Long> answers = new LinkedHashMap<>();

            @Override
            public void accept(PatientAnswer a, PatientExplanation explanation) {
                tableBlock(w, a);
                patients++;
                if (!a.consistent()) inconsistent++;
                for (TreatmentAnswer t : a.treatments()) answers.merge(vocabulary.word(t.status()), 1L, Long::sum);
            }

            @Override
            public void close() {
                w.println();
                w.println(summary(patients, inconsistent, answers));
                w.flush();
            }
        };
    }

    /** Contract §2: {ontology, patients[{id, consistent, treatments[{procedure, status, rules, evidence, missing}]}]}, plus added keys. */
    public void json(List<PatientAnswer> answers, OutputStream out) throws IOException { write(answers, AnswerFormat.JSON, out); }

    private void patient(JsonGenerator g, PatientAnswer a, PatientExplanation given) throws IOException {
        PatientExplanation e = given != null ? given : explanations.apply(a);
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeBooleanField("consistent", a.consistent());
        if (!a.consistent()) strings(g, "explanation", a.explanation());
        strings(g, "tags", a.tags());
        g.writeArrayFieldStart("treatments");
        for (TreatmentAnswer t : a.treatments()) {
            g.writeStartObject();
            g.writeStringField("procedure", t.procedure());
            g.writeStringField("status", vocabulary.word(t.status()));
            strings(g, "rules", t.rules());
            strings(g, "evidence", t.evidence());
            strings(g, "missing", t.missing());
            g.writeStringField("basis", t.basis().word());
            if (t.provisional().isPresent()) g.writeStringField("provisional", vocabulary.word(t.provisional().get()));
            var te = e == null ? Optional.<TreatmentExplanation>empty() : e.treatment(t.procedure());
            if (te.isPresent()) {
                g.writeFieldName("explanation");
                ExplanationWriter.treatment(g, te.get());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (e != null) ExplanationWriter.patientFields(g, e);
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    public static final List<String> CSV_COLUMNS = List.of("patient_id", "consistent", "procedure", "status", "rules", "evidence",
            "missing", "basis", "provisional", "tags", "explanation");

    /**
     * One row per patient and procedure; an inconsistent patient has one row with its explanation.
     * Lists are joined with ';'. A cell that a spreadsheet would run as a formula (it starts with
     * {@code = + - @}, tab or CR) is written with a single quote in front ({@link SpreadsheetCells}).
     */
    public void csv(List<PatientAnswer> answers, OutputStream out) throws IOException { write(answers, AnswerFormat.CSV, out); }

    private void csvRows(CSVPrinter p, PatientAnswer a) throws IOException {
        // every cell through SpreadsheetCells: an id such as =HYPERLINK(...) must not become a formula
        String id = SpreadsheetCells.neutralise(a.id());
        String tags = SpreadsheetCells.neutralise(String.join(";", a.tags()));
        if (!a.consistent()) {
            p.printRecord(id, false, "", "", "", "", "", "", "", tags, SpreadsheetCells.neutralise(String.join(";", a.explanation())));
            return;
        }
        for (TreatmentAnswer t : a.treatments()) {
            p.printRecord(id, true, SpreadsheetCells.neutralise(t.procedure()), vocabulary.word(t.status()), SpreadsheetCells.neutralise(String.join(";", t.rules())),
                    SpreadsheetCells.neutralise(String.join(";", t.evidence())), SpreadsheetCells.neutralise(String.join(";", t.missing())),
                    t.basis().word(), t.provisional().map(vocabulary::word).orElse(""), tags, "");
        }
    }

    public void table(List<PatientAnswer> answers, OutputStream out) throws IOException { write(answers, AnswerFormat.TABLE, out); }

    private void tableBlock(PrintWriter w, PatientAnswer a) {
        w.println();
        if (!a.consistent()) {
            w.printf("%s  INCONSISTENT: these facts cannot hold together:%n", a.id());
            a.explanation().forEach(e -> w.printf("    %s%n", e));
            return;
        }
        w.printf("%s%s%n", a.id(), a.tags().isEmpty() ? "" : "  tags: " + String.join(", ", a.tags()));
        w.printf("  %-28s %-30s %-22s %-26s %s%n", "procedure", "status", "rules", "evidence", "missing");
        for (TreatmentAnswer t : a.treatments()) {
            String status = vocabulary.word(t.status()) + t.provisional().map(s -> " (" + vocabulary.word(s) + "?)").orElse("");
            w.printf("  %-28s %-30s %-22s %-26s %s%n", t.procedure(), status,
                    (t.basis() == Basis.NO_INDICATION_MET ? "none met: " : "") + String.join(" ", t.rules()),
                    abbreviate(String.join(" ", t.evidence()), 26), String.join(" ", t.missing()));
        }
    }

    /** The table's last line: how many patients, how many inconsistent, and the answers per status word. */
    static String summary(long patients, long inconsistent, Map<String, Long> answersByWord) {
        StringBuilder b = new StringBuilder().append(patients).append(patients == 1 ? " patient" : " patients")
                .append(" (").append(inconsistent).append(" inconsistent)");
        List<String> counts = new ArrayList<>();
        // the contract's order of the status words; a word no answer took is left out
        for (Status s : List.of(Status.RECOMMENDED, Status.CONSIDER, Status.NOT_RECOMMENDED, Status.NOT_INDICATED, Status.NOT_APPLICABLE,
                Status.UNDETERMINED)) {
            String word = s.word();
            Long n = answersByWord.get(word);
            if (n != null) counts.add(n + " " + word);
        }
        if (!counts.isEmpty()) b.append("; answers: ").append(String.join(", ", counts));
        return b.toString();
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
