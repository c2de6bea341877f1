package org.mcrckg.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.atlas.lib.tuple.TupleFactory;
import org.apache.jena.atlas.lib.tuple.TupleMap;
import org.apache.jena.dboe.base.record.Record;
import org.apache.jena.dboe.base.record.RecordFactory;
import org.apache.jena.dboe.index.RangeIndex;
import org.apache.jena.dboe.trans.bplustree.BPlusTree;
import org.apache.jena.dboe.transaction.txn.SysTransState;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.NodeIdFactory;
import org.apache.jena.tdb2.store.nodetable.NodeTable;
import org.apache.jena.tdb2.store.tupletable.TupleIndex;
import org.apache.jena.tdb2.store.tupletable.TupleIndexRecord;

/**
 * Quads (in named graphs) on their way into a TDB2 quad table, held as node ids and written index
 * by index, each index's quads in that index's key order, within the caller's write transaction.
 * The result is exactly what TDB2's own {@code add} writes quad by quad: the same node table
 * entries and the same records in every index ({@code SortedQuadsTest}, {@code DirectStoreTest}).
 *
 * <p>Why: added quad by quad, the quads of a patient land in as many places of each index as they
 * have distinct terms, so every insertion walks the B+tree down to a different leaf. Sorted,
 * consecutive insertions go to the same few blocks: in a memory-mapped store they stay in the
 * processor's caches, in a store read through small block caches ({@link DirectStore}) they stay
 * in those. Measured in BENCHMARKS.md: a third less CPU for {@code query --data}'s store, and
 * {@code load}'s batches.
 *
 * <p>TDB2's tuple indexes, B+trees and node tables are public classes but not a stable API:
 * check this class again when Jena is upgraded.
 */
final class SortedQuads {
    private final NodeTable nodes;
    private final TupleIndex[] indexes;
    /** The quads in the primary (GSPO) order, each term as the 8 bytes an index keeps of it. */
    private long[] buffer = new long[4 * 1024];
    private int size;
    private final byte[] bytes = new byte[NodeId.SIZE];

    /**
     * @param nodes   the quad table's node table (ids are allocated in it as quads are added)
     * @param indexes the quad table's indexes, each a {@link TupleIndexRecord} over GSPO
     */
    SortedQuads(NodeTable nodes, TupleIndex[] indexes) {
        for (TupleIndex index : indexes) {
            if (!(index instanceof TupleIndexRecord) || index.getTupleLength() != 4) {
                throw new IllegalArgumentException("not a TDB2 quad index: " + index);
            }
        }
        this.nodes = nodes;
        this.indexes = indexes.clone();
    }

    int size() { return size; }

    /** Allocates the quad's terms in the node table and holds the quad until {@link #write}. */
    void add(Quad q) {
        if (q.isDefaultGraph() || q.getGraph() == null) throw new IllegalArgumentException("a quad in the default graph: " + q);
        if (4 * size == buffer.length) buffer = Arrays.copyOf(buffer, 2 * buffer.length);
        int at = 4 * size;
        buffer[at] = key(nodes.getAllocateNodeId(q.getGraph()));
        buffer[at + 1] = key(nodes.getAllocateNodeId(q.getSubject()));
        buffer[at + 2] = key(nodes.getAllocateNodeId(q.getPredicate()));
        buffer[at + 3] = key(nodes.getAllocateNodeId(q.getObject()));
        size++;
    }

    void addAll(List<Quad> quads) {
        for (Quad q : quads) add(q);
    }

    /**
     * Writes the quads held to every index, within the caller's write transaction, and forgets
     * them. A quad already in the store is left as it is, as TDB2 does.
     */
    void write() {
        write(null);
    }

    /**
     * As {@link #write()}, with the indexes shared between this thread and {@code helper} (a
     * single thread), which writes every other index. The caller's transaction is bound to its
     * thread, index by index: the state of each index the helper writes is detached here,
     * attached on the helper, and attached here again when the helper is done (also when it
     * failed, so that the caller's transaction can be aborted whole).
     *
     * <p>Why: {@code load} spends most of its time in B+tree insertions on one thread while the
     * classification workers wait for the batch to be written; the indexes are independent
     * B+trees in files of their own, so two threads can fill them (BENCHMARKS.md, "load").
     */
    void write(ExecutorService helper) {
        if (size == 0) return;
        if (helper == null || indexes.length < 2) {
            writeEach(List.of(indexes));
            clear();
            return;
        }
        List<TupleIndex> mine = new ArrayList<>(), theirs = new ArrayList<>();
        for (int x = 0; x < indexes.length; x++) (x % 2 == 0 ? mine : theirs).add(indexes[x]);
        List<SysTransState> detached = new ArrayList<>();
        for (TupleIndex index : theirs) detached.add(tree(index).detach());
        Future<Handback> other;
        try {
            other = helper.submit(() -> writeDetached(theirs, detached));
        } catch (RejectedExecutionException e) {
            // no second thread (the store is closing): the states come back, and this thread writes all
            for (int i = 0; i < theirs.size(); i++) tree(theirs.get(i)).attach(detached.get(i));
            write(null);
            return;
        }
        Throwable failed = null;
        try {
            writeEach(mine);
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        Handback back = await(other);
        for (int i = 0; i < theirs.size(); i++) tree(theirs.get(i)).attach(back.states().get(i));
        if (failed == null) failed = back.failure();
        if (failed instanceof RuntimeException e) throw e;
        if (failed instanceof Error e) throw e;
        clear();
    }

    /** The indexes' transaction states, detached again by the helper, and what it failed with, if it did. */
    private record Handback(List<SysTransState> states, Throwable failure) {}

    private Handback writeDetached(List<TupleIndex> theirs, List<SysTransState> states) {
        Throwable failure = null;
        int attached = 0;
        try {
            for (int i = 0; i < theirs.size(); i++, attached++) tree(theirs.get(i)).attach(states.get(i));
            writeEach(theirs);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        List<SysTransState> back = new ArrayList<>(states);
        for (int i = 0; i < attached; i++) back.set(i, tree(theirs.get(i)).detach());
        return new Handback(back, failure);
    }

    /** The helper's result; waits on through interrupts, since the transaction's states are with it. */
    private static Handback await(Future<Handback> other) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return other.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the index writer failed outside its task", e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static BPlusTree tree(TupleIndex index) {
        return (BPlusTree) ((TupleIndexRecord) index).getRangeIndex();
    }

    /** Writes the quads held to each of {@code indexes}, in turn (one sorting array for all). */
    private void writeEach(List<TupleIndex> indexes) {
        long[] sorted = new long[4 * size];
        for (TupleIndex index : indexes) write(index, sorted);
    }

    /** Writes the quads held to one index, in its order, using {@code sorted} (4 longs a quad) to sort them. */
    private void write(TupleIndex index, long[] sorted) {
        int[] slots = slots(index.getMapping());
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < 4; j++) sorted[4 * i + j] = buffer[4 * i + slots[j]];
        }
        sort(sorted, 0, size - 1);
        RangeIndex tree = ((TupleIndexRecord) index).getRangeIndex();
        RecordFactory records = tree.getRecordFactory();
        for (int i = 0; i < size; i++) {
            if (i > 0 && compare(sorted, i, i - 1) == 0) continue;  // a quad given twice
            Record r = records.create();
            byte[] k = r.getKey();
            for (int j = 0; j < 4; j++) putLong(k, 8 * j, sorted[4 * i + j]);
            tree.insert(r);
        }
    }

    /** Forgets the quads held (their transaction was aborted, or they were written). */
    void clear() {
        size = 0;
        if (buffer.length > 4 * 1024) buffer = new long[4 * 1024];
    }

    /** For each slot of an index's key, the slot of the primary (GSPO) order it takes. */
    private static int[] slots(TupleMap map) {
        Tuple<Integer> mapped = map.map(TupleFactory.create4(0, 1, 2, 3));
        int[] slots = new int[4];
        for (int j = 0; j < 4; j++) slots[j] = mapped.get(j);
        return slots;
    }

    /** The 8 bytes an index keeps of a term, as an unsigned number: indexes sort keys bytewise. */
    private long key(NodeId id) {
        NodeIdFactory.set(id, bytes, 0);
        long v = 0;
        for (byte b : bytes) v = (v << 8) | (b & 0xFF);
        return v;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Quicksort of the records (4 longs each, compared unsigned, in order) from {@code lo} to {@code hi}. */
    private static void sort(long[] a, int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            // median of three to the middle, then partition around it
            if (compare(a, mid, lo) < 0) swap(a, mid, lo);
            if (compare(a, hi, lo) < 0) swap(a, hi, lo);
            if (compare(a, hi, mid) < 0) swap(a, hi, mid);
            swap(a, mid, hi - 1);
            int pivot = hi - 1, i = lo, j = hi - 1;
            while (true) {
                while (compare(a, ++i, pivot) < 0) { }
                while (j > lo && compare(a, --j, pivot) > 0) { }
                if (i >= j) break;
                swap(a, i, j);
            }
            swap(a, i, hi - 1);
            // the smaller side recursively, the larger in this loop: the stack stays logarithmic
            if (i - lo < hi - i) {
                sort(a, lo, i - 1);
                lo = i + 1;
            } else {
                sort(a, i + 1, hi);
                hi = i - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && compare(a, j, j - 1) < 0; j--) swap(a, j, j - 1);
        }
    }

    private static int compare(long[] a, int x, int y) {
        for (int j = 0; j < 4; j++) {
            int c = Long.compareUnsigned(a[4 * x + j], a[4 * y + j]);
            if (c != 0) return c;
        }
        return 0;
    }

    private static void swap(long[] a, int x, int y) {
        for (int j = 0; j < 4; j++) {
            long t = a[4 * x + j];
            a[4 * x + j] = a[4 * y + j];
            a[4 * y + j] = t;
        }
    }
}
