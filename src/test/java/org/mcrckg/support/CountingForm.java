package org.mcrckg.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.query.QueryRunner;

/**
 * The shipped queries that read the summary graph keep, in their header, the slower form that
 * counts the same numbers from the patients and answers (after the line "The same numbers counted
 * from ..."). This reads that form, so that a test can run both and compare: the header's query is
 * then checked, not only documented.
 */
public final class CountingForm {
    /** The shipped queries that read counts of the summary graph instead of counting. */
    public static final List<String> SUMMARY_QUERIES = List.of("cohort-summary", "cohort-metastasis-sites", "cohort-evidence-levels-recommended");

    private CountingForm() {}

    /** The query text of {@code queries/<name>.rq}. */
    public static String shipped(String name) {
        try {
            return Files.readString(Path.of("queries", name + ".rq"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The counting form in the header of {@code queries/<name>.rq}, with the query's prefixes. */
    public static String of(String name) {
        List<String> lines = shipped(name).lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("# The same numbers counted from")) start = i;
        if (start < 0) throw new IllegalArgumentException(name + ".rq has no counting form in its header");
        List<String> form = new ArrayList<>();
        int i = start + 1;
        while (i < lines.size() && lines.get(i).startsWith("#") && !lines.get(i).startsWith("#   ")) i++;   // the sentence's continuation
        for (; i < lines.size() && lines.get(i).startsWith("#   "); i++) form.add(lines.get(i).substring(4));
        if (form.isEmpty()) throw new IllegalArgumentException(name + ".rq: the counting form is empty");
        String prefixes = lines.stream().filter(l -> l.startsWith("PREFIX ")).collect(Collectors.joining("\n"));
        return prefixes + "\n" + String.join("\n", form) + "\n";
    }

    /** The rows of a query as a multiset (row to how often it comes), numbers compared by value. */
    public static Map<Map<String, String>, Integer> rows(String query, Dataset data) {
        Map<Map<String, String>, Integer> out = new HashMap<>();
        for (Map<String, String> row : QueryRunner.select(query, data)) {
            Map<String, String> normal = new HashMap<>();
            row.forEach((k, v) -> normal.put(k, normalNumber(v)));
            out.merge(normal, 1, Integer::sum);
        }
        return out;
    }

    /**
     * Turns a store's summary graph into what the version before the field and rule-set counts
     * wrote: the status counts only (in its own write transaction). Returns how many counts it took out.
     */
    public static int keepStatusCountsOnly(Dataset store) {
        return Txn.calculateWrite(store, () -> {
            DatasetGraph dsg = store.asDatasetGraph();
            Node g = NodeFactory.createURI(Vocabulary.GRAPH_SUMMARY);
            List<Node> newer = new ArrayList<>();
            for (String type : List.of(Vocabulary.PATIENT_TOTAL, Vocabulary.FIELD_VALUE_COUNT, Vocabulary.RULE_SET_COUNT)) {
                dsg.find(g, Node.ANY, RDF.type.asNode(), NodeFactory.createURI(type)).forEachRemaining(q -> newer.add(q.getSubject()));
            }
            for (Node c : newer) dsg.deleteAny(g, c, Node.ANY, Node.ANY);
            return newer.size();
        });
    }

    private static String normalNumber(String v) {
        if (v == null || !v.matches("[+-]?\\d+(\\.\\d+)?")) return v;
        return new java.math.BigDecimal(v).stripTrailingZeros().toPlainString();
    }
}
