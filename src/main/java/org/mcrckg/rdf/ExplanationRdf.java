package org.mcrckg.rdf;

import java.util.Collection;
import java.util.List;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.mcrckg.explain.EvidenceRef;
import org.mcrckg.explain.Fact;
import org.mcrckg.explain.FieldRank;
import org.mcrckg.explain.Justification;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.explain.Reason;
import org.mcrckg.explain.TreatmentExplanation;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.owl.PatientAbox;

/**
 * Explanations as RDF, in their own named graph ({@link Vocabulary#GRAPH_EXPLANATIONS}), PROV-style:
 * the answer (the same IRI as in the inferences graph, {@code <patient>/answer/<key>})
 * {@code mcrc:hasJustification} and {@code prov:wasDerivedFrom} each justification; a
 * justification ({@code mcrc:Justification}, a {@code prov:Entity}) names the class it proves or
 * refutes ({@code mcrc:justifiesClass}, {@code mcrc:explanationRole}), {@code prov:wasDerivedFrom}
 * the patient facts it uses ({@code mcrc:PatientFact} at {@code <patient>/fact/<field>}, with
 * {@code mcrc:factField}, {@code mcrc:factValue}, {@code prov:wasAttributedTo} the patient) and
 * {@code prov:hadPrimarySource} the evidence behind the rule; {@code mcrc:comparison} gives each
 * threshold compared, in words. Undetermined answers have {@code mcrc:settledBy} nodes listing
 * {@code mcrc:settlingField}s; patients have {@code mcrc:nextMeasurement} nodes.
 */
public final class ExplanationRdf {
    private ExplanationRdf() {}

    public static Model explanations(Collection<PatientExplanation> explanations, KnowledgeBase kb) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("mcrc", Vocabulary.NS);
        m.setNsPrefix("prov", Vocabulary.PROV_NS);
        m.setNsPrefix("patient", Vocabulary.PATIENT_NS);
        m.setNsPrefix("rdfs", RDFS.getURI());
        Property derived = m.createProperty(Vocabulary.PROV_NS + "wasDerivedFrom");
        Property source = m.createProperty(Vocabulary.PROV_NS + "hadPrimarySource");
        Property attributed = m.createProperty(Vocabulary.PROV_NS + "wasAttributedTo");
        Resource entity = m.createResource(Vocabulary.PROV_NS + "Entity");
        Property hasJustification = m.createProperty(Vocabulary.HAS_JUSTIFICATION);
        Property role = m.createProperty(Vocabulary.EXPLAINS_ROLE);
        Property justifies = m.createProperty(Vocabulary.JUSTIFIES_CLASS);
        Property field = m.createProperty(Vocabulary.FACT_FIELD);
        Property value = m.createProperty(Vocabulary.FACT_VALUE);
        Property closure = m.createProperty(Vocabulary.FROM_STAGING_CLOSURE);
        Property comparison = m.createProperty(Vocabulary.COMPARISON);
        Property settledBy = m.createProperty(Vocabulary.SETTLED_BY);
        Property settlingField = m.createProperty(Vocabulary.SETTLING_FIELD);
        Property next = m.createProperty(Vocabulary.NEXT_MEASUREMENT);
        Property settles = m.createProperty(Vocabulary.SETTLES);
        Property maySettle = m.createProperty(Vocabulary.MAY_SETTLE);
        Property complete = m.createProperty(Vocabulary.EXPLANATION_COMPLETE);
        Resource justificationClass = m.createResource(Vocabulary.JUSTIFICATION);
        Resource factClass = m.createResource(Vocabulary.PATIENT_FACT);
        for (PatientExplanation e : explanations) {
            String piri = PatientAbox.iri(e.patientId()).toString();
            Resource patient = m.createResource(piri);
            patient.addLiteral(complete, e.complete());
            int rank = 0;
            for (FieldRank r : e.nextMeasurements()) {
                Resource n = m.createResource(piri + "/next/" + r.field());
                patient.addProperty(next, n);
                n.addProperty(field, r.field());
                n.addProperty(settles, m.createTypedLiteral(String.valueOf(r.settles()), XSDDatatype.XSDinteger));
                n.addProperty(maySettle, m.createTypedLiteral(String.valueOf(r.maySettle()), XSDDatatype.XSDinteger));
                n.addProperty(m.createProperty(Vocabulary.DISPLAY_ORDER), m.createTypedLiteral(String.valueOf(++rank), XSDDatatype.XSDinteger));
            }
            for (TreatmentExplanation t : e.treatments()) {
                Resource answer = m.createResource(piri + "/answer/" + t.procedure());
                answer.addLiteral(complete, t.complete());
                int n = 0;
                for (Reason reason : t.reasons()) {
                    for (Justification j : reason.justifications()) {
                        Resource jr = m.createResource(piri + "/answer/" + t.procedure() + "/justification/" + (++n));
                        jr.addProperty(RDF.type, justificationClass);
                        jr.addProperty(RDF.type, entity);
                        answer.addProperty(hasJustification, jr);
                        answer.addProperty(derived, jr);
                        jr.addProperty(role, reason.role().word());
                        jr.addProperty(justifies, m.createResource(reason.classIri()));
                        for (Fact f : j.facts()) {
                            Resource fr = m.createResource(piri + "/fact/" + f.field());
                            fr.addProperty(RDF.type, factClass);
                            fr.addProperty(RDF.type, entity);
                            fr.addProperty(field, f.field());
                            fr.addProperty(value, f.value());
                            fr.addLiteral(closure, f.fromStagingClosure());
                            fr.addProperty(attributed, patient);
                            jr.addProperty(derived, fr);
                        }
                        j.comparisons().forEach(c -> jr.addProperty(comparison, c));
                        for (EvidenceRef ev : reason.evidence()) {
                            kb.evidence().values().stream().filter(x -> x.id().equals(ev.id())).findFirst()
                                    .ifPresent(x -> jr.addProperty(source, m.createResource(x.iri())));
                        }
                    }
                }
                int s = 0;
                for (List<String> set : t.settledBy()) {
                    Resource sr = m.createResource(piri + "/answer/" + t.procedure() + "/settled-by/" + (++s));
                    answer.addProperty(settledBy, sr);
                    set.forEach(f -> sr.addProperty(settlingField, f));
                }
            }
        }
        return m;
    }
}
