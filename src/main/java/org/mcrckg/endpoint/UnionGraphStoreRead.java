package org.mcrckg.endpoint;

import org.apache.jena.fuseki.servlets.GSP_R;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.graph.Graph;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;

/**
 * Fuseki's Graph Store Protocol (read) with the store's default graph as queries see it: the
 * union of the named graphs. TDB2's union setting applies to queries only; without this,
 * {@code GET /mcrc/get?default} would return the (empty) stored default graph.
 */
final class UnionGraphStoreRead extends GSP_R {
    @Override
    protected DatasetGraph decideDataset(HttpAction action) {
        return new DatasetGraphWrapper(super.decideDataset(action)) {
            @Override
            public Graph getDefaultGraph() { return getUnionGraph(); }
        };
    }
}
