package org.mcrckg.patient;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.shared.NotFoundException;
import org.apache.jena.vocabulary.RDF;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;

/**
 * Turtle in the ontology's own vocabulary: one resource per patient ({@code a mcrc:Patient}, or
 * any subject of a record-field property), one data property per field. The patient id is
 * {@code mcrc:patient_id}, else the IRI's last segment. Other namespaces (labels, comments) are
 * ignored; an unknown property in the mcrc namespace is an error, as an unknown CSV column is.
 */
public final class TurtlePatientReader implements PatientReader {
    private final KnowledgeBase kb;

    public TurtlePatientReader(KnowledgeBase kb) { this.kb = kb; }

    @Override
    public void forEach(Path file, Consumer<RawRecord> sink) {
        String name = file.toString();
        checkUtf8(file, name);
        Model m = ModelFactory.createDefaultModel();
        try {
            // no logging: the error is reported once, as a data error naming the file and line
            RDFParser.source(file).lang(Lang.TURTLE)
                    .errorHandler(ErrorHandlerFactory.errorHandlerNoLogging).parse(m);
        } catch (RiotException e) {
            throw new DataErrorException(new DataError("data#malformed", new SourceLocation(name, 0, null), null, "not valid Turtle: " + e.getMessage()));
        } catch (NotFoundException e) {
            throw new DataErrorException(new DataError("data#unreadable", new SourceLocation(name, 0, null), null, "cannot read the file"));
        }
        Set<Resource> subjects = new TreeSet<>(Comparator.comparing(Resource::toString));
        m.listSubjectsWithProperty(RDF.type, m.createResource(Vocabulary.PATIENT)).forEachRemaining(subjects::add);
        // a subject with any property in the mcrc namespace is a record, even when every one is
        // misspelt: it is reported (data#unknown-field), not dropped
        m.listStatements().forEachRemaining(s -> {
            String p = s.getPredicate().getURI();
            if (kb.fieldOfProperty(p).isPresent() || p.startsWith(Vocabulary.NS)) subjects.add(s.getSubject());
        });
        List<DataError> errors = new ArrayList<>();
        for (Resource s : subjects) {
            String subject = s.isURIResource() ? "<" + InputLimits.shown(s.getURI()) + ">" : "_:" + s.getId();
            SourceLocation loc = new SourceLocation(name, 0, subject);
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, SourceLocation> locs = new HashMap<>();
            for (Statement st : s.listProperties().toList()) {
                String p = st.getPredicate().getURI();
                var field = kb.fieldOfProperty(p);
                if (field.isEmpty()) {
                    if (p.startsWith(Vocabulary.NS)) {
                        String local = p.substring(Vocabulary.NS.length());
                        String shown = InputLimits.shown(local);
                        errors.add(new DataError("data#unknown-field", loc.withPath(subject + " mcrc:" + shown), shown, "unknown field 'mcrc:" + shown + "'"
                                + (local.length() > InputLimits.MAX_CELL_CHARS ? "" : FieldNames.suggestion(local, kb.fields().keySet()))));
                    }
                    continue;
                }
                String f = field.get();
                RDFNode o = st.getObject();
                if (!o.isLiteral()) {
                    errors.add(new DataError("data#malformed", loc.withPath(subject + " mcrc:" + f), f, "expected a literal value"));
                    continue;
                }
                if (values.containsKey(f)) {
                    errors.add(new DataError("data#malformed", loc.withPath(subject + " mcrc:" + f), f, "the field has two values; it is single-valued"));
                    continue;
                }
                values.put(f, o.asLiteral().getLexicalForm());
                locs.put(f, loc.withPath(subject + " mcrc:" + f));
            }
            if (!values.containsKey("patient_id") && s.isURIResource()) {
                String uri = s.getURI();
                String local = uri.substring(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('#')) + 1);
                try {
                    values.put("patient_id", URLDecoder.decode(local, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // %zz: not a percent-encoding, so the IRI names no patient id
                    errors.add(new DataError("data#malformed", loc, "patient_id", "the subject IRI's last segment '" + InputLimits.shown(local)
                            + "' is not valid percent-encoding, so it gives no patient_id: " + e.getMessage() + "; give mcrc:patient_id"));
                    continue;
                }
            }
            sink.accept(new RawRecord(loc, values, locs));
        }
        if (!errors.isEmpty()) throw new DataErrorException(errors);
    }

    /**
     * Turtle is UTF-8 (RDF 1.1). Jena's parser replaces bytes that are not UTF-8 with U+FFFD and
     * goes on, which would change ids and words silently: the file is refused instead, naming the line.
     */
    static void checkUtf8(Path file, String name) {
        byte[] bytes;
        try {
            // the whole file: Jena reads it into memory anyway
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataErrorException(new DataError("data#unreadable", new SourceLocation(name, 0, null), null, "cannot read the file: " + e.getMessage()));
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                long line = 1;
                for (int i = 0; i < in.position(); i++) if (bytes[i] == '\n') line++;
                throw new DataErrorException(new DataError("data#malformed", new SourceLocation(name, line, null), null,
                        "the file is not UTF-8 (Turtle is UTF-8; convert it, for example with iconv -f latin1 -t utf-8)"));
            }
            if (r.isUnderflow()) return;
            out.clear();
        }
    }

}
