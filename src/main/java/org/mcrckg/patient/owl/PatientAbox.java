package org.mcrckg.patient.owl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.PatientRecord;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLLiteral;
import org.semanticweb.owlapi.model.OWLNamedIndividual;
import org.semanticweb.owlapi.vocab.OWL2Datatype;

/**
 * A validated record as OWL assertions: one individual of {@code mcrc:Patient}, one data property
 * assertion per known field. Every literal is typed from the declared range (xsd:decimal for a
 * decimal field, never xsd:double: the value spaces are disjoint in OWL 2 and the wrong type
 * silently changes the answers).
 */
public final class PatientAbox {
    private PatientAbox() {}

    public static IRI iri(String patientId) {
        return IRI.create(Vocabulary.PATIENT_NS + URLEncoder.encode(patientId, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** The class assertion first, then one assertion per field in name order. */
    public static Map<String, OWLAxiom> axioms(PatientRecord r, KnowledgeBase kb, OWLDataFactory df) {
        Map<String, OWLAxiom> out = new LinkedHashMap<>();
        OWLNamedIndividual ind = df.getOWLNamedIndividual(iri(r.id()));
        out.put("", df.getOWLClassAssertionAxiom(df.getOWLClass(IRI.create(Vocabulary.PATIENT)), ind));
        for (Map.Entry<String, String> e : r.values().entrySet()) {
            Field f = kb.fields().get(e.getKey());
            out.put(e.getKey(), df.getOWLDataPropertyAssertionAxiom(df.getOWLDataProperty(IRI.create(f.iri())), ind, literal(f, e.getValue(), df)));
        }
        return out;
    }

    public static List<OWLAxiom> axiomList(PatientRecord r, KnowledgeBase kb, OWLDataFactory df) {
        return new ArrayList<>(axioms(r, kb, df).values());
    }

    public static OWLLiteral literal(Field f, String canonical, OWLDataFactory df) {
        OWL2Datatype dt = switch (f.type()) {
            case INTEGER -> OWL2Datatype.XSD_INTEGER;
            case DECIMAL -> OWL2Datatype.XSD_DECIMAL;
            case BOOLEAN -> OWL2Datatype.XSD_BOOLEAN;
            case WORD, TEXT -> OWL2Datatype.XSD_STRING;
        };
        return df.getOWLLiteral(canonical, dt);
    }
}
