package org.mcrckg.rdf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.compose.MultiUnion;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.PatientRecord;

/**
 * The one place where classified patients become RDF: their records (the patients graph), their
 * answers (the inferences graph), the counts of both ({@link SummaryCounts}, the summary graph) and,
 * when they were explained, the explanations graph, as {@link RdfExport} and
 * {@link ExplanationRdf} define them. {@code mcrc query} makes an in-memory dataset of a cohort
 * with it ({@link #dataset}); the TDB2 store writes the same graphs, batch by batch.
 *
 * <pre>{@code
 * CohortDataset cohort = CohortDataset.create(mcrc.knowledgeBase(), Explanations.NONE);
 * mcrc.cohort(files).materialisation(Materialisation.ALL_DEFINED_CLASSES)
 *         .forEach(p -> cohort.add(p.record(), p.answer(), p.explanation()));   // what CohortRun.toDataset() does
 * Dataset ds = cohort.dataset();   // ontology, patients, inferences, summary; default graph: their union
 * }</pre>
 *
 * <p>Not thread-safe: patients are added by one thread, in the order they should be written.
 */
public final class CohortDataset {
    /** Whether the patients come with explanations, and so the dataset with an explanations graph. */
    public enum Explanations { NONE, INCLUDED }

    private final KnowledgeBase kb;
    private final Explanations explanations;
    private final List<PatientRecord> records = new ArrayList<>();
    private final List<PatientAnswer> answers = new ArrayList<>();
    private final List<PatientExplanation> explained = new ArrayList<>();

    private CohortDataset(KnowledgeBase kb, Explanations explanations) {
        this.kb = kb;
        this.explanations = explanations;
    }

    /** An empty cohort over the ontology {@code kb}. */
    public static CohortDataset create(KnowledgeBase kb, Explanations explanations) { return new CohortDataset(kb, explanations); }

    /**
     * Adds a classified patient. {@code explanation} is its answers' explanation, or null when it
     * has none; it is left out when the cohort does not include explanations.
     */
    public CohortDataset add(PatientRecord record, PatientAnswer answer, PatientExplanation explanation) {
        if (!record.id().equals(answer.id())) throw new IllegalArgumentException("the answer of " + answer.id() + " given for the record of " + record.id());
        if (explanation != null && !explanation.patientId().equals(record.id())) {
            throw new IllegalArgumentException("the explanation of " + explanation.patientId() + " given for the record of " + record.id());
        }
        records.add(record);
        answers.add(answer);
        if (explanations == Explanations.INCLUDED && explanation != null) explained.add(explanation);
        return this;
    }

    public List<PatientRecord> records() { return List.copyOf(records); }

    public List<PatientAnswer> answers() { return List.copyOf(answers); }

    public int size() { return records.size(); }

    public boolean isEmpty() { return records.isEmpty(); }

    /** The ontology graph: the TBox as RDF. */
    public static Model ontology(KnowledgeBase kb) { return RdfExport.ontology(kb); }

    /** The patients graph: the asserted facts of every patient added. */
    public Model patients() { return RdfExport.patients(records, kb); }

    /** The inferences graph: the answers of every patient added. */
    public Model inferences() { return RdfExport.inferences(answers, kb); }

    /** The explanations graph, or empty when the cohort has no explanations. */
    public Optional<Model> explanations() {
        return explanations == Explanations.INCLUDED ? Optional.of(ExplanationRdf.explanations(explained, kb)) : Optional.empty();
    }

    /** The summary counts of an inferences graph made by {@link #inferences}: procedure key, then status, then patients. */
    public static SortedMap<String, SortedMap<String, Long>> statusCounts(Model inferences) {
        return SummaryCounts.of(ModelFactory.createDefaultModel().getGraph(), inferences.getGraph()).statusCounts();
    }

    /**
     * An in-memory dataset of the whole cohort: the named graphs of the ontology, the patients,
     * the inferences, the summary derived from them and, when included, the explanations; its
     * default graph is their union (a read-only view).
     */
    public Dataset dataset() {
        Model ontology = ontology(kb), patients = patients(), inferences = inferences();
        Model summary = SummaryCounts.of(patients.getGraph(), inferences.getGraph()).model();
        Dataset ds = DatasetFactory.create();
        ds.addNamedModel(Vocabulary.GRAPH_ONTOLOGY, ontology);
        ds.addNamedModel(Vocabulary.GRAPH_PATIENTS, patients);
        ds.addNamedModel(Vocabulary.GRAPH_INFERENCES, inferences);
        ds.addNamedModel(Vocabulary.GRAPH_SUMMARY, summary);
        List<Graph> union = new ArrayList<>(List.of(ontology.getGraph(), patients.getGraph(), inferences.getGraph(), summary.getGraph()));
        explanations().ifPresent(e -> {
            ds.addNamedModel(Vocabulary.GRAPH_EXPLANATIONS, e);
            union.add(e.getGraph());
        });
        ds.setDefaultModel(ModelFactory.createModelForGraph(new MultiUnion(union.toArray(new Graph[0]))));
        return ds;
    }
}
