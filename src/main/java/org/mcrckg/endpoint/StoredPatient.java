package org.mcrckg.endpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.jena.query.Dataset;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.rdf.RdfExport;

/**
 * One patient as the store holds it, read in one read transaction: the asserted values (by
 * property IRI), the answers as stored, and the patient's own triples of every graph (its RDF
 * description, for content negotiation). Explanations are kept as the RDF of the explanations
 * graph ({@link #explanations}); {@link PatientView} turns them into the library's types.
 *
 * @param id            the patient_id
 * @param iri           the patient's IRI
 * @param values        property IRI to lexical value, from the patients graph
 * @param consistent    {@code mcrc:isConsistent}
 * @param clash         for an inconsistent record, the clashing facts
 * @param tags          {@code mcrc:hasTag}, sorted
 * @param answers       procedure key to the stored answer
 * @param explanations  the patient's part of the explanations graph (empty when it was loaded without {@code --explain})
 * @param description   every triple about the patient, its answers and its explanations (all graphs but the ontology)
 */
record StoredPatient(String id, String iri, Map<String, String> values, boolean consistent, List<String> clash, List<String> tags,
                     Map<String, StoredAnswer> answers, Model explanations, Model description) {

    /** An answer as stored: status, fired (or refuted) rule IRIs, cited evidence IRIs, missing fields. */
    record StoredAnswer(String procedure, String status, List<String> ruleIris, List<String> evidenceIris, List<String> missing) {}

    boolean hasExplanations() { return !explanations.isEmpty(); }

    /** The patient with this id, or empty when the store has none. */
    static Optional<StoredPatient> read(Dataset ds, String id) {
        return Txn.calculateRead(ds, () -> {
            String iri = RdfExport.patientIri(id);
            Model patients = ds.getNamedModel(Vocabulary.GRAPH_PATIENTS);
            Resource p = patients.createResource(iri);
            if (!patients.contains(p, RDF.type, patients.createResource(Vocabulary.PATIENT))) return Optional.empty();
            Model description = ModelFactory.createDefaultModel();
            description.setNsPrefix("mcrc", Vocabulary.NS);
            description.setNsPrefix("patient", Vocabulary.PATIENT_NS);
            description.setNsPrefix("prov", Vocabulary.PROV_NS);
            description.setNsPrefix("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
            description.setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
            Map<String, String> values = new TreeMap<>();
            for (Statement s : patients.listStatements(p, null, (RDFNode) null).toList()) {
                description.add(s);
                if (s.getObject().isLiteral()) values.put(s.getPredicate().getURI(), s.getObject().asLiteral().getLexicalForm());
            }
            Model inf = ds.getNamedModel(Vocabulary.GRAPH_INFERENCES);
            Model ontology = ds.getNamedModel(Vocabulary.GRAPH_ONTOLOGY);
            Resource pi = inf.createResource(iri);
            description.add(inf.listStatements(pi, null, (RDFNode) null));
            boolean consistent = !pi.hasLiteral(inf.createProperty(Vocabulary.IS_CONSISTENT), false);
            List<String> clash = strings(pi, inf.createProperty(Vocabulary.INCONSISTENCY_EXPLANATION), false);
            List<String> tags = strings(pi, inf.createProperty(Vocabulary.HAS_TAG), true);
            Map<String, StoredAnswer> answers = new LinkedHashMap<>();
            Property answersPatient = inf.createProperty(Vocabulary.ANSWERS_PATIENT);
            List<Resource> answerNodes = inf.listSubjectsWithProperty(answersPatient, pi).toList();
            for (Resource a : answerNodes) {
                description.add(inf.listStatements(a, null, (RDFNode) null));
                Statement key = a.getProperty(inf.createProperty(Vocabulary.PROCEDURE_KEY));
                Statement status = a.getProperty(inf.createProperty(Vocabulary.HAS_STATUS));
                if (key == null || status == null) continue;
                List<String> rules = new ArrayList<>(iris(a, inf.createProperty(Vocabulary.FIRED_RULE)));
                rules.addAll(iris(a, inf.createProperty(Vocabulary.REFUTED_RULE)));
                answers.put(key.getString(), new StoredAnswer(key.getString(), status.getString(), rules,
                        evidence(ontology, iris(a, inf.createProperty(Vocabulary.FIRED_RULE))), strings(a, inf.createProperty(Vocabulary.MISSING_FIELD), true)));
            }
            // the explanations graph: every resource named under the patient's IRI, reachable from it or its answers
            Model expl = ds.getNamedModel(Vocabulary.GRAPH_EXPLANATIONS);
            Model mine = ModelFactory.createDefaultModel();
            ArrayDeque<Resource> todo = new ArrayDeque<>();
            todo.add(expl.createResource(iri));
            for (Resource a : answerNodes) todo.add(expl.createResource(a.getURI()));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                Resource r = todo.poll();
                if (!seen.add(r.getURI())) continue;
                for (Statement s : expl.listStatements(r, null, (RDFNode) null).toList()) {
                    mine.add(s);
                    if (s.getObject().isURIResource() && s.getObject().asResource().getURI().startsWith(iri + "/")) todo.add(s.getObject().asResource());
                }
            }
            description.add(mine);
            return Optional.of(new StoredPatient(id, iri, values, consistent, clash, tags, answers, mine, description));
        });
    }

    private static List<String> strings(Resource r, Property p, boolean sorted) {
        List<String> out = new ArrayList<>();
        r.listProperties(p).forEachRemaining(s -> out.add(s.getObject().isLiteral() ? s.getString() : s.getObject().toString()));
        if (sorted) out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The evidence an answer cites: that of its fired rules, from the ontology graph (the store does not repeat it per answer). */
    private static List<String> evidence(Model ontology, List<String> firedRules) {
        Property hasEvidence = ontology.createProperty(Vocabulary.HAS_EVIDENCE);
        Set<String> out = new TreeSet<>();
        for (String rule : firedRules) out.addAll(iris(ontology.createResource(rule), hasEvidence));
        return new ArrayList<>(out);
    }

    private static List<String> iris(Resource r, Property p) {
        Set<String> out = new TreeSet<>();
        r.listProperties(p).forEachRemaining(s -> { if (s.getObject().isURIResource()) out.add(s.getResource().getURI()); });
        return new ArrayList<>(out);
    }
}
