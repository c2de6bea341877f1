package org.mcrckg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.QuadTable;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load}'s writing of a batch into a TDB2 store on disk ({@link SortedQuads}): index by
 * index in each index's order, on one thread or with half of the indexes on a second one, every
 * index holds what TDB2's own {@code add} gives it; what the second thread wrote is part of the
 * caller's transaction (committed with it and there after the store is reopened; gone when the
 * transaction is aborted).
 */
class SortedQuadsTest {
    @TempDir
    Path dir;

    private final ExecutorService helper = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        helper.shutdownNow();
    }

    private static SortedQuads writer(DatasetGraph dsg) {
        QuadTable table = ((DatasetGraphTDB) TDBInternal.getDatasetGraphTDB(dsg)).getQuadTable();
        return new SortedQuads(table.getNodeTupleTable().getNodeTable(), table.getNodeTupleTable().getTupleTable().getIndexes());
    }

    @Test
    void oneThreadGivesEveryIndexWhatTdb2sOwnAddGives() {
        assertSameAsTdb2(null);
    }

    @Test
    void twoThreadsGiveEveryIndexWhatTdb2sOwnAddGivesAndCommitWithTheTransaction() {
        assertSameAsTdb2(helper);
    }

    @Test
    void aRefusedSecondThreadLeavesTheWholeBatchToTheCaller() {
        helper.shutdown();
        assertSameAsTdb2(helper);
    }

    private void assertSameAsTdb2(ExecutorService second) {
        List<Quad> quads = DirectStoreTest.quads();
        DatasetGraph reference = DatabaseMgr.createDatasetGraph();
        Txn.executeWrite(reference, () -> quads.forEach(reference::add));
        Path location = dir.resolve("store");
        DatasetGraph dsg = DatabaseMgr.connectDatasetGraph(location.toString());
        Txn.executeWrite(dsg, () -> {
            // in two batches, the second partly a repeat of the first
            SortedQuads w = writer(dsg);
            w.addAll(quads.subList(0, 150));
            w.write(second);
            w.addAll(quads.subList(100, quads.size()));
            assertEquals(quads.size() - 100, w.size());
            w.write(second);
            assertEquals(0, w.size());
        });
        // from the files: what the second thread wrote was committed with the transaction
        TDBInternal.expel(dsg);
        DatasetGraph reopened = DatabaseMgr.connectDatasetGraph(location.toString());
        try {
            assertSameIndexes(reference, reopened, new HashSet<>(quads).size());
        } finally {
            TDBInternal.expel(reopened);
        }
    }

    @Test
    void anAbortedTransactionTakesBackWhatTheSecondThreadWrote() {
        List<Quad> quads = DirectStoreTest.quads();
        DatasetGraph dsg = DatabaseMgr.connectDatasetGraph(dir.resolve("store").toString());
        try {
            dsg.begin(org.apache.jena.query.TxnType.WRITE);
            SortedQuads w = writer(dsg);
            w.addAll(quads);
            w.write(helper);
            assertTrue(count(dsg) > 200, "written within the transaction");
            dsg.abort();
            dsg.end();
            assertEquals(0L, Txn.calculateRead(dsg, () -> count(dsg)));
            // and the store takes a new transaction on every index afterwards
            Txn.executeWrite(dsg, () -> {
                SortedQuads again = writer(dsg);
                again.addAll(quads);
                again.write(helper);
            });
            assertEquals((long) new HashSet<>(quads).size(), Txn.calculateRead(dsg, () -> count(dsg)));
        } finally {
            TDBInternal.expel(dsg);
        }
    }

    private static long count(DatasetGraph dsg) {
        return Iter.count(dsg.find(Node.ANY, Node.ANY, Node.ANY, Node.ANY));
    }

    /** Every quad of {@code reference} found in {@code dsg} through each of its six quad indexes, and nothing else. */
    static void assertSameIndexes(DatasetGraph reference, DatasetGraph dsg, int distinct) {
        Txn.executeRead(dsg, () -> Txn.executeRead(reference, () -> {
            Set<Quad> all = find(reference, Node.ANY, Node.ANY, Node.ANY, Node.ANY);
            assertEquals(distinct, all.size());
            assertEquals(all, find(dsg, Node.ANY, Node.ANY, Node.ANY, Node.ANY));
            for (Quad q : all) {
                // each pattern is answered from a different index (GSPO, GPOS, GOSP, SPOG, POSG, OSPG)
                for (Node[] pattern : List.of(
                        new Node[] {q.getGraph(), q.getSubject(), Node.ANY, Node.ANY},
                        new Node[] {q.getGraph(), Node.ANY, q.getPredicate(), q.getObject()},
                        new Node[] {q.getGraph(), Node.ANY, Node.ANY, q.getObject()},
                        new Node[] {Node.ANY, q.getSubject(), q.getPredicate(), Node.ANY},
                        new Node[] {Node.ANY, Node.ANY, q.getPredicate(), q.getObject()},
                        new Node[] {Node.ANY, Node.ANY, Node.ANY, q.getObject()})) {
                    Set<Quad> expected = find(reference, pattern[0], pattern[1], pattern[2], pattern[3]);
                    assertTrue(expected.contains(q));
                    assertEquals(expected, find(dsg, pattern[0], pattern[1], pattern[2], pattern[3]), q + " by " + List.of(pattern));
                }
            }
        }));
    }

    private static Set<Quad> find(DatasetGraph dsg, Node g, Node s, Node p, Node o) {
        var it = dsg.find(g, s, p, o);
        try {
            Set<Quad> found = new HashSet<>();
            it.forEachRemaining(found::add);
            return found;
        } finally {
            Iter.close(it);
        }
    }
}
