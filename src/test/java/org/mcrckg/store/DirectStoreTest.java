package org.mcrckg.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary store's buffered, sorted writing ({@link DirectStore#add}) gives every quad index
 * the quads that TDB2's own {@code add} gives it, whatever the buffer's size: a wrong key order
 * for an index, or a quad lost between two flushes, makes a lookup through that index differ.
 */
class DirectStoreTest {
    @TempDir
    Path dir;

    /** Quads in two graphs with every kind of term TDB2 stores (inline numbers, dates, booleans; IRIs, strings, language tags), some twice. */
    static List<Quad> quads() {
        List<Quad> quads = new ArrayList<>();
        Node[] graphs = {NodeFactory.createURI("http://example.org/g1"), NodeFactory.createURI("http://example.org/g2")};
        Node[] objects = {
            NodeFactory.createURI("http://example.org/C1"), NodeFactory.createURI("http://example.org/C2"),
            NodeFactory.createLiteralDT("45", XSDDatatype.XSDinteger), NodeFactory.createLiteralDT("-3", XSDDatatype.XSDinteger),
            NodeFactory.createLiteralDT("45.5", XSDDatatype.XSDdecimal), NodeFactory.createLiteralDT("true", XSDDatatype.XSDboolean),
            NodeFactory.createLiteralDT("2024-05-01", XSDDatatype.XSDdate), NodeFactory.createLiteralString("a string"),
            NodeFactory.createLiteralLang("texte", "fr"), NodeFactory.createLiteralDT("1e3", XSDDatatype.XSDdouble)};
        for (int s = 0; s < 60; s++) {
            Node subject = NodeFactory.createURI("http://example.org/s" + s);
            for (int p = 0; p < 4; p++) {
                Node predicate = NodeFactory.createURI("http://example.org/p" + p);
                quads.add(Quad.create(graphs[(s + p) % 2], subject, predicate, objects[(s * 7 + p * 3) % objects.length]));
                if (s % 5 == 0) quads.add(Quad.create(graphs[(s + p) % 2], subject, predicate, NodeFactory.createURI("http://example.org/s" + (s + p))));
            }
        }
        quads.addAll(quads.subList(0, 40));  // written again: still one quad each
        return quads;
    }

    @Test
    void everyIndexHasWhatTdb2sOwnAddGivesItAcrossManyFlushes() {
        List<Quad> quads = quads();
        DatasetGraph reference = DatabaseMgr.createDatasetGraph();
        Txn.executeWrite(reference, () -> quads.forEach(reference::add));
        DirectStore store = DirectStore.create(dir, 7);
        try {
            DatasetGraph dsg = store.dataset();
            Txn.executeWrite(dsg, () -> {
                for (int i = 0; i < quads.size(); i += 25) store.add(quads.subList(i, Math.min(quads.size(), i + 25)));
                store.flush();
            });
            Set<Quad> distinct = new HashSet<>(quads);
            assertTrue(distinct.size() > 200 && distinct.size() < quads.size(), distinct.size() + " distinct quads, fewer than the " + quads.size() + " written");
            SortedQuadsTest.assertSameIndexes(reference, dsg, distinct.size());
        } finally {
            store.dataset().shutdown();
        }
    }
}
