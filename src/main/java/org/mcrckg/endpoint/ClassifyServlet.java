package org.mcrckg.endpoint;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.PatientFiles;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.report.AnswerFormat;
import org.mcrckg.report.AnswerWriter;

/**
 * {@code POST /mcrc/classify}: classifies the records in the request body and returns the
 * contract's JSON answers, as {@code mcrc classify --format json} writes them. The body is contract
 * JSON ({@code application/json}: an array of patients or {@code {"patients": [...]}}) or contract
 * CSV ({@code text/csv}); {@code ?explain=true} adds the explanations ({@code classify --explain}).
 *
 * <p>Stateless: nothing is written to the store, so read-only mode allows it. A data error is
 * answered 400 with RFC 9457 problem details ({@code application/problem+json}) whose
 * {@code errors} list the CLI's error ids, fields and locations ({@code request.csv:3}); a body
 * larger than {@link #MAX_BODY_BYTES} is 413; another media type 415; a classification that
 * outlasts the endpoint's query timeout 503.
 */
final class ClassifyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The largest request body: about 5,000 CSV records. */
    static final int MAX_BODY_BYTES = 1 << 20;
    static final String PROBLEM_TYPES = "https://w3id.org/mcrc-kg/problem/";

    private final transient Classification classification;
    private final int maxBody;

    ClassifyServlet(Classification classification, int maxBody) {
        this.classification = classification;
        this.maxBody = maxBody;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Allow", "POST");
        Problem.send(resp, 405, "method", "Method not allowed", "POST contract JSON (application/json) or CSV (text/csv) here; the form is at /classify", List.of());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
        PatientFiles.StreamFormat format;
        if (type.startsWith("text/csv")) format = PatientFiles.StreamFormat.CSV;
        else if (type.startsWith("application/json") || type.matches("application/[a-z0-9.+-]*\\+json.*")) format = PatientFiles.StreamFormat.JSON;
        else {
            Problem.send(resp, 415, "unsupported-media-type", "Unsupported media type",
                    "send contract JSON (Content-Type: application/json) or CSV (Content-Type: text/csv), not '" + type + "'", List.of());
            return;
        }
        if (req.getContentLengthLong() > maxBody) {
            tooLarge(resp);
            return;
        }
        byte[] body = readAtMost(req.getInputStream(), maxBody + 1);
        if (body.length > maxBody) {
            tooLarge(resp);
            return;
        }
        boolean explain = "true".equalsIgnoreCase(req.getParameter("explain"));
        String name = format == PatientFiles.StreamFormat.CSV ? "request.csv" : "request.json";
        byte[] out;
        try {
            out = classification.run(mcrc -> answer(mcrc, name, format, body, explain));
        } catch (DataErrorException e) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (DataError d : e.errors()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.errorId());
                if (d.field() != null) m.put("field", d.field());
                m.put("location", d.location().toString());
                if (d.location().line() > 0) m.put("line", d.location().line());
                if (d.location().path() != null) m.put("path", d.location().path());
                m.put("message", d.message());
                errors.add(m);
            }
            Problem.send(resp, 400, "data-error", "Data errors in the request body",
                    e.errors().size() + " data error" + (e.errors().size() == 1 ? "" : "s") + "; nothing was classified. First: " + e.errors().get(0), errors);
            return;
        } catch (Classification.Unavailable u) {
            Problem.send(resp, u.status, u.errorId.replace('#', '-'), u.status == 503 ? "Service unavailable" : "Server error", u.getMessage(), List.of());
            return;
        }
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }

    private void tooLarge(HttpServletResponse resp) throws IOException {
        Problem.send(resp, 413, "too-large", "Request body too large",
                "the body may have at most " + maxBody + " bytes; classify larger cohorts with mcrc classify or mcrc load", List.of());
    }

    static byte[] answer(Mcrc mcrc, String name, PatientFiles.StreamFormat format, byte[] body, boolean explain) throws IOException {
        List<PatientRecord> records = new PatientFiles(mcrc.knowledgeBase()).read(name, format, new ByteArrayInputStream(body));
        List<PatientAnswer> answers = new ArrayList<>(records.size());
        Map<String, PatientExplanation> explanations = new HashMap<>();
        for (PatientRecord r : records) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("cancelled");
            if (explain) {
                PatientExplanation e = mcrc.explain(r, null, ExplainOptions.defaults());
                explanations.put(r.id(), e);
                answers.add(e.answer());
            } else {
                answers.add(mcrc.classify(r));
            }
        }
        AnswerWriter w = new AnswerWriter(mcrc.ontologyIri(), mcrc.ontologyVersion(), Mcrc.toolVersion());
        if (explain) w = w.withExplanations(a -> explanations.get(a.id()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + 2048 * answers.size());
        w.write(answers, AnswerFormat.JSON, out);
        return out.toByteArray();
    }

    static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 64 * 1024));
        byte[] buf = new byte[16 * 1024];
        int n;
        while (out.size() < max && (n = in.read(buf, 0, Math.min(buf.length, max - out.size()))) > 0) out.write(buf, 0, n);
        return out.toByteArray();
    }

    /** RFC 9457 problem details. */
    static final class Problem {
        private Problem() {}

        static void send(HttpServletResponse resp, int status, String type, String title, String detail, List<Map<String, Object>> errors) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("type", PROBLEM_TYPES + type);
                g.writeStringField("title", title);
                g.writeNumberField("status", status);
                g.writeStringField("detail", detail);
                if (!errors.isEmpty()) {
                    g.writeArrayFieldStart("errors");
                    for (Map<String, Object> e : errors) {
                        g.writeStartObject();
                        for (Map.Entry<String, Object> f : e.entrySet()) {
                            if (f.getValue() instanceof Number n) g.writeNumberField(f.getKey(), n.longValue());
                            else g.writeStringField(f.getKey(), String.valueOf(f.getValue()));
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            resp.setStatus(status);
            resp.setContentType("application/problem+json");
            resp.setCharacterEncoding("UTF-8");
            byte[] b = out.toByteArray();
            resp.setContentLength(b.length);
            resp.getOutputStream().write(b);
        }
    }
}
