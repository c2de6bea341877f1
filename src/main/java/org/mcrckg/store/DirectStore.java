package org.mcrckg.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.atlas.lib.tuple.TupleFactory;
import org.apache.jena.atlas.lib.tuple.TupleMap;
import org.apache.jena.dboe.base.block.BlockMgr;
import org.apache.jena.dboe.base.block.BlockMgrFactory;
import org.apache.jena.dboe.base.block.FileMode;
import org.apache.jena.dboe.base.file.FileFactory;
import org.apache.jena.dboe.base.file.FileSet;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.dboe.base.record.RecordFactory;
import org.apache.jena.dboe.sys.Names;
import org.apache.jena.dboe.trans.bplustree.BPlusTree;
import org.apache.jena.dboe.trans.bplustree.BPlusTreeFactory;
import org.apache.jena.dboe.trans.bplustree.BPlusTreeParams;
import org.apache.jena.dboe.trans.data.TransBinaryDataFile;
import org.apache.jena.dboe.transaction.txn.TransactionCoordinator;
import org.apache.jena.dboe.transaction.txn.TransactionalBase;
import org.apache.jena.dboe.transaction.txn.TransactionalComponent;
import org.apache.jena.dboe.transaction.txn.TransactionalSystem;
import org.apache.jena.dboe.transaction.txn.journal.Journal;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.tdb2.params.StoreParams;
import org.apache.jena.tdb2.solver.OpExecutorTDB2;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.QuadTable;
import org.apache.jena.tdb2.store.StoragePrefixesTDB;
import org.apache.jena.tdb2.store.StorageTDB;
import org.apache.jena.tdb2.store.TripleTable;
import org.apache.jena.tdb2.store.nodetable.NodeTable;
import org.apache.jena.tdb2.store.nodetable.NodeTableCache;
import org.apache.jena.tdb2.store.nodetable.NodeTableInline;
import org.apache.jena.tdb2.store.nodetable.NodeTableTRDF;
import org.apache.jena.tdb2.store.nodetupletable.NodeTupleTableConcrete;
import org.apache.jena.tdb2.store.tupletable.TupleIndex;
import org.apache.jena.tdb2.store.tupletable.TupleIndexRecord;
import org.apache.jena.tdb2.sys.ComponentIdMgr;
import org.apache.jena.tdb2.sys.SystemTDB;

/**
 * A TDB2 storage area whose files are read and written through bounded caches in the heap
 * (TDB2's "direct" file mode), not memory-mapped: the store of {@code mcrc query --data}.
 *
 * <p>Why not {@code DatabaseMgr.connectDatasetGraph(dir, StoreParams)}: in Jena 5.6.0 TDB2 builds
 * its indexes with the JVM-wide file mode (mapped on a 64-bit JVM, settable once per JVM) and
 * fixed block caches of 10,000 read and 2,000 write blocks of 8 KiB per file (about 96 MB each,
 * two files for each of 12 indexes), whatever the parameters say; only the node caches follow them.
 * Mapped files count in the process's resident memory as they are touched, so a mapped store
 * grows the RSS with the cohort (1.3 GB at 10,000 patients); direct mode with TDB2's block caches
 * filled a 512 MB heap. This builds the same storage (the same indexes, node table, transaction
 * journal and files as TDB2's own builder, so queries run on it exactly as on a store {@code load}
 * wrote) with direct file access and the small caches of {@link #PARAMS}; the operating system's
 * page cache, which it may reclaim and which is not the process's memory, does the rest.
 *
 * <p>The area is one storage generation, not TDB2's switchable container: it is never compacted,
 * and it has no lock file, since its directory is new and private to one process.
 */
final class DirectStore {
    /** Blocks (8 KiB) cached per file for reading: 2 MiB a file. */
    static final int READ_BLOCKS = 256;
    /** Dirty blocks (8 KiB) held per file before they are written: 0.5 MiB a file. */
    static final int WRITE_BLOCKS = 64;

    /**
     * The store's parameters: TDB2's default layout (indexes, block size), direct file mode and
     * small caches. The 24 block files (two for each of 12 B+trees) cache at most 24 × 320 blocks
     * of 8 KiB, 60 MiB; the node caches some tens of MiB more.
     */
    static final StoreParams PARAMS = StoreParams.builder("mcrc-direct")
            .fileMode(FileMode.direct)
            .blockReadCacheSize(READ_BLOCKS)
            .blockWriteCacheSize(WRITE_BLOCKS)
            .node2NodeIdCacheSize(20_000)
            .nodeId2NodeCacheSize(50_000)
            .nodeMissCacheSize(1_000)
            .build();

    private final DatasetGraphTDB dataset;
    private final NodeTable nodes;
    private final TupleIndex[] quadIndexes;

    private DirectStore(DatasetGraphTDB dataset, NodeTable nodes, TupleIndex[] quadIndexes) {
        this.dataset = dataset;
        this.nodes = nodes;
        this.quadIndexes = quadIndexes;
    }

    /** Creates the storage in {@code dir}, which must be new or empty. */
    static DirectStore create(Path dir) {
        return new Builder(Location.create(dir.toString()), PARAMS).build();
    }

    DatasetGraphTDB dataset() { return dataset; }

    /**
     * Adds quads (in named graphs) index by index, each index's quads sorted in its own order,
     * within the caller's write transaction: what {@code DatasetGraph.add} gives, quad by quad,
     * but a quad index's insertions no longer jump from block to block. Added one by one, the
     * quads of a patient land in as many places of each index as they have distinct subjects,
     * predicates or objects, which with small caches meant a read and a write of a block for
     * nearly every insertion; sorted, consecutive insertions share their blocks.
     */
    void addSorted(List<Quad> quads) {
        List<Tuple<NodeId>> tuples = new ArrayList<>(quads.size());
        for (Quad q : quads) {
            if (q.isDefaultGraph()) throw new IllegalArgumentException("a quad in the default graph: " + q);
            tuples.add(TupleFactory.create4(nodes.getAllocateNodeId(q.getGraph()), nodes.getAllocateNodeId(q.getSubject()),
                    nodes.getAllocateNodeId(q.getPredicate()), nodes.getAllocateNodeId(q.getObject())));
        }
        for (TupleIndex index : quadIndexes) {
            TupleMap order = index.getMapping();
            List<Tuple<NodeId>> inOrder = new ArrayList<>(tuples.size());
            for (Tuple<NodeId> t : tuples) inOrder.add(order.map(t));
            inOrder.sort(DirectStore::compare);
            for (Tuple<NodeId> t : inOrder) index.add(order.unmap(t));
        }
    }

    private static int compare(Tuple<NodeId> a, Tuple<NodeId> b) {
        for (int i = 0; i < a.len(); i++) {
            int c = NodeId.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    private static final class Builder {
        private final Location location;
        private final StoreParams params;
        private final ComponentIdMgr ids = new ComponentIdMgr(UUID.randomUUID());
        private final List<TransactionalComponent> components = new ArrayList<>();
        private final List<NodeTableCache> caches = new ArrayList<>();

        Builder(Location location, StoreParams params) {
            this.location = location;
            this.params = params;
        }

        DirectStore build() {
            TransactionCoordinator coordinator = new TransactionCoordinator(Journal.create(location));
            TransactionalSystem txn = new TransactionalBase(coordinator);
            NodeTable nodes = nodeTable(params.getNodeTableBaseName(), params.getNode2NodeIdCacheSize(), params.getNodeId2NodeCacheSize(), params.getNodeMissCacheSize());
            TripleTable triples = new TripleTable(indexes(params.getPrimaryIndexTriples(), params.getTripleIndexes()), nodes);
            TupleIndex[] quadIndexes = indexes(params.getPrimaryIndexQuads(), params.getQuadIndexes());
            QuadTable quads = new QuadTable(quadIndexes, nodes);
            StorageTDB storage = new StorageTDB(txn, triples, quads);
            NodeTable prefixNodes = nodeTable(params.getPrefixTableBaseName(), params.getPrefixNode2NodeIdCacheSize(), params.getPrefixNodeId2NodeCacheSize(), params.getPrefixNodeMissCacheSize());
            String prefixPrimary = params.getPrimaryIndexPrefix();
            StoragePrefixesTDB prefixes = new StoragePrefixesTDB(txn,
                    new NodeTupleTableConcrete(prefixPrimary.length(), indexes(prefixPrimary, params.getPrefixIndexes()), prefixNodes));
            components.forEach(coordinator::add);
            caches.forEach(coordinator::addListener);
            coordinator.start();
            DatasetGraphTDB dsg = new DatasetGraphTDB(location, params, SystemTDB.getDefaultReorderTransform(), storage, prefixes, txn);
            QC.setFactory(dsg.getContext(), OpExecutorTDB2.OpExecFactoryTDB);
            return new DirectStore(dsg, nodes, quadIndexes);
        }

        private NodeTable nodeTable(String name, int nodeToId, int idToNode, int misses) {
            FileSet data = new FileSet(location, name + "-data");
            TransBinaryDataFile file = new TransBinaryDataFile(FileFactory.createBinaryDataFile(data, Names.extObjNodeData),
                    ids.getComponentId(name + "-data"), FileFactory.createBufferChannel(data, Names.extBdfState));
            components.add(file);
            NodeTable table = NodeTableCache.create(new NodeTableTRDF(bplusTree(name, new RecordFactory(SystemTDB.LenNodeHash, SystemTDB.SizeOfNodeId)), file),
                    nodeToId, idToNode, misses, params.getNodeCacheInitialCapacityFactor());
            if (table instanceof NodeTableCache c) caches.add(c);
            return NodeTableInline.create(table);
        }

        private TupleIndex[] indexes(String primary, String[] names) {
            TupleIndex[] indexes = new TupleIndex[names.length];
            for (int i = 0; i < names.length; i++) {
                TupleMap map = TupleMap.create(primary, names[i]);
                RecordFactory records = new RecordFactory(SystemTDB.SizeOfNodeId * map.length(), 0);
                indexes[i] = new TupleIndexRecord(primary.length(), map, names[i], records, bplusTree(names[i], records));
            }
            return indexes;
        }

        private BPlusTree bplusTree(String name, RecordFactory records) {
            FileSet files = new FileSet(location, name);
            int blockSize = params.getBlockSize();
            BPlusTreeParams shape = new BPlusTreeParams(BPlusTreeParams.calcOrder(blockSize, records.recordLength()), records);
            BlockMgr nodeBlocks = BlockMgrFactory.create(files, Names.extBptTree, params.getFileMode(), blockSize, params.getBlockReadCacheSize(), params.getBlockWriteCacheSize());
            BlockMgr recordBlocks = BlockMgrFactory.create(files, Names.extBptRecords, params.getFileMode(), blockSize, params.getBlockReadCacheSize(), params.getBlockWriteCacheSize());
            BPlusTree tree = BPlusTreeFactory.create(ids.getComponentId(name), shape, FileFactory.createBufferChannel(files, Names.extBptState), nodeBlocks, recordBlocks);
            components.add(tree);
            return tree;
        }
    }
}
