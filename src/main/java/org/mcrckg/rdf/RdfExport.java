package org.mcrckg.rdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Collection;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologyException;
import org.mcrckg.ontology.Rule;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.owl.PatientAbox;
import org.mcrckg.patient.PatientRecord;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntologyStorageException;

/**
 * The only code that knows both OWL API and Jena: the ontology, the asserted patient data and
 * the reasoner's answers as RDF, in three named graphs ({@link Vocabulary#GRAPH_ONTOLOGY},
 * {@link Vocabulary#GRAPH_PATIENTS}, {@link Vocabulary#GRAPH_INFERENCES}) whose union is the
 * default graph.
 *
 * <p>Inferences graph, per patient: {@code rdf:type} for every defined class the patient is
 * proven to belong to, {@code mcrc:isConsistent}, {@code mcrc:hasTag}; and one answer per
 * procedure key at {@code <patient IRI>/answer/<key>} with {@code mcrc:answersPatient},
 * {@code mcrc:procedureKey}, {@code mcrc:hasStatus}, {@code mcrc:firedRule} (or
 * {@code mcrc:refutedRule} when every indication is refuted), {@code mcrc:missingField}.
 *
 * <p><b>Lean: only what the ontology graph cannot give.</b> Three facts of every answer follow
 * from the others and the ontology graph, so they are not written (a quarter of the triples of a
 * patient, which a store writes in six indexes): that it is an {@code mcrc:TreatmentAnswer}
 * (everything with {@code mcrc:answersPatient} is), its procedure ({@code ?proc mcrc:procedureKey
 * ?key} in the ontology graph) and the evidence it cites ({@code ?rule mcrc:hasEvidence ?e} of its
 * {@code mcrc:firedRule}s: an answer cites exactly the evidence of the rules it fired, and none when
 * its rules are refuted). The shipped queries derive them (README, "Named graphs",
 * gives the patterns).
 *
 * <p>Summary graph ({@link Vocabulary#GRAPH_SUMMARY}): counts of patients and answers that make
 * cohort aggregates independent of the cohort's size (patients per procedure key and status,
 * metastasis sites, evidence behind answers); {@link SummaryCounts} defines them,
 * {@link CohortDataset} derives them from the patients and inferences graphs, and the store keeps
 * them in the same transaction as the patients they count.
 */
public final class RdfExport {
    private RdfExport() {}

    /** The IRI of a patient's resource in the patients and inferences graphs. */
    public static String patientIri(String patientId) { return PatientAbox.iri(patientId).toString(); }

    /** The IRI of a patient's answer about one procedure key: {@code <patient IRI>/answer/<key>}. */
    public static String answerIri(String patientId, String procedureKey) { return patientIri(patientId) + "/answer/" + procedureKey; }

    /** The TBox as RDF (as OWL API writes it in Turtle). */
    public static Model ontology(KnowledgeBase kb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            kb.owl().ontology().getOWLOntologyManager().saveOntology(kb.owl().ontology(), new TurtleDocumentFormat(), out);
        } catch (OWLOntologyStorageException e) {
            throw new OntologyException("ontology#unreadable", "cannot write the ontology as RDF: " + e.getMessage(), e);
        }
        Model m = ModelFactory.createDefaultModel();
        RDFDataMgr.read(m, new ByteArrayInputStream(out.toByteArray()), Lang.TURTLE);
        return m;
    }

    /** The asserted patient facts, typed as the ontology declares them. */
    public static Model patients(Collection<PatientRecord> records, KnowledgeBase kb) {
        Model m = prefixed();
        Resource patientClass = m.createResource(Vocabulary.PATIENT);
        for (PatientRecord r : records) {
            Resource p = m.createResource(patientIri(r.id()));
            p.addProperty(RDF.type, patientClass);
            p.addProperty(RDFS.label, r.id());
            r.values().forEach((name, v) -> {
                Field f = kb.fields().get(name);
                p.addLiteral(m.createProperty(f.iri()), literal(m, f, v));
            });
        }
        return m;
    }

    static Literal literal(Model m, Field f, String v) {
        return switch (f.type()) {
            case INTEGER -> m.createTypedLiteral(v, XSDDatatype.XSDinteger);
            case DECIMAL -> m.createTypedLiteral(v, XSDDatatype.XSDdecimal);
            case BOOLEAN -> m.createTypedLiteral(v, XSDDatatype.XSDboolean);
            case WORD, TEXT -> m.createLiteral(v);
        };
    }

    /** The reasoner's answers. */
    public static Model inferences(Collection<PatientAnswer> answers, KnowledgeBase kb) {
        Model m = prefixed();
        Property answersPatient = m.createProperty(Vocabulary.ANSWERS_PATIENT);
        Property key = m.createProperty(Vocabulary.PROCEDURE_KEY);
        Property status = m.createProperty(Vocabulary.HAS_STATUS);
        Property fired = m.createProperty(Vocabulary.FIRED_RULE);
        Property refuted = m.createProperty(Vocabulary.REFUTED_RULE);
        Property missing = m.createProperty(Vocabulary.MISSING_FIELD);
        Property consistent = m.createProperty(Vocabulary.IS_CONSISTENT);
        Property tag = m.createProperty(Vocabulary.HAS_TAG);
        Property clash = m.createProperty(Vocabulary.INCONSISTENCY_EXPLANATION);
        for (PatientAnswer a : answers) {
            String iri = patientIri(a.id());
            Resource p = m.createResource(iri);
            p.addLiteral(consistent, a.consistent());
            a.explanation().forEach(e -> p.addProperty(clash, e));
            a.tags().forEach(t -> p.addProperty(tag, t));
            a.entailedClasses().forEach(c -> p.addProperty(RDF.type, m.createResource(c)));
            for (TreatmentAnswer t : a.treatments()) {
                Resource ans = m.createResource(answerIri(a.id(), t.procedure()));
                ans.addProperty(answersPatient, p);
                ans.addProperty(key, t.procedure());
                ans.addProperty(status, t.status().word());
                // an answer for which every indication is refuted names those rules as refuted, not fired,
                // and cites no evidence: the evidence is behind the indications, not behind the refusal.
                // The evidence of an answer is that of its fired rules (AnswerBuilder): not written.
                boolean noIndication = t.basis() == Basis.NO_INDICATION_MET;
                for (String ruleId : t.rules()) {
                    for (Rule r : kb.rulesWithId(ruleId)) ans.addProperty(noIndication ? refuted : fired, m.createResource(r.iri()));
                }
                t.missing().forEach(f -> ans.addProperty(missing, f));
            }
        }
        return m;
    }

    private static Model prefixed() {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("mcrc", Vocabulary.NS);
        m.setNsPrefix("patient", Vocabulary.PATIENT_NS);
        m.setNsPrefix("rdfs", RDFS.getURI());
        m.setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
        return m;
    }
}
