package org.mcrckg.store;

import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.Quad;
import org.mcrckg.ontology.Vocabulary;

/**
 * A store's dataset as a SPARQL update sees it, noting whether the update may have changed a graph
 * the summary graph's counts depend on (patients, inferences) or the summary graph itself: only then
 * must the counts be taken again, which over 100,000 patients takes half a minute. It errs on the
 * safe side: any change to a quad whose graph is one of those (or any graph at all), and any
 * graph-level access to one of them (a CLEAR, DROP, ADD, COPY or MOVE goes through it), counts as a
 * change, even one that writes nothing.
 */
public final class CountedGraphsWatch extends DatasetGraphWrapper {
    private static final Set<Node> COUNTED = Set.of(
            NodeFactory.createURI(Vocabulary.GRAPH_PATIENTS),
            NodeFactory.createURI(Vocabulary.GRAPH_INFERENCES),
            NodeFactory.createURI(Vocabulary.GRAPH_SUMMARY));

    private boolean touched;

    public CountedGraphsWatch(DatasetGraph dsg) { super(dsg); }

    /** Whether the update may have changed the patients, the inferences or the summary graph. */
    public boolean touched() { return touched; }

    private void note(Node g) {
        // ANY, the union graph and a missing name may stand for every graph
        if (g == null || Node.ANY.equals(g) || Quad.isUnionGraph(g) || COUNTED.contains(g)) touched = true;
    }

    @Override
    public void add(Quad q) { note(q.getGraph()); super.add(q); }

    @Override
    public void add(Node g, Node s, Node p, Node o) { note(g); super.add(g, s, p, o); }

    @Override
    public void delete(Quad q) { note(q.getGraph()); super.delete(q); }

    @Override
    public void delete(Node g, Node s, Node p, Node o) { note(g); super.delete(g, s, p, o); }

    @Override
    public void deleteAny(Node g, Node s, Node p, Node o) { note(g); super.deleteAny(g, s, p, o); }

    @Override
    public Graph getGraph(Node g) { note(g); return super.getGraph(g); }

    @Override
    public Graph getUnionGraph() { touched = true; return super.getUnionGraph(); }

    @Override
    public void addGraph(Node g, Graph graph) { note(g); super.addGraph(g, graph); }

    @Override
    public void removeGraph(Node g) { note(g); super.removeGraph(g); }

    @Override
    public void clear() { touched = true; super.clear(); }
}
