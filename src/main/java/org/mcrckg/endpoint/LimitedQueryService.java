package org.mcrckg.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.jena.atlas.lib.Pair;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.fuseki.servlets.Responses;
import org.apache.jena.fuseki.servlets.SPARQL_QueryDataset;
import org.apache.jena.fuseki.servlets.ServletOps;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecResult;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.exec.RowSetStream;
import org.apache.jena.sparql.util.Context;
import org.mcrckg.query.NoService;

/**
 * Fuseki's SPARQL query service with a result-size limit, complete results and a service
 * description.
 *
 * <ul>
 *   <li>A SELECT is run with its LIMIT lowered to {@code maxResults + 1} (when it had none or a
 *       larger one); one row more than the limit tells a cut result from a complete one. The rows
 *       are read before the response starts, so a timeout is answered with status 503 instead of a
 *       200 with a broken body; {@link EndpointConfig#TRUNCATED_HEADER} says whether rows were cut.</li>
 *   <li>A CONSTRUCT or DESCRIBE is built from at most {@code maxResults} solutions.</li>
 *   <li>A GET without a query string is answered with the SPARQL 1.1 service description, as the
 *       Service Description recommendation asks of a protocol endpoint.</li>
 *   <li>The query is bounded ({@link QueryLimits}: length, one deadline from the request's arrival
 *       through parsing and execution) and a SERVICE clause is refused with 400 ({@link NoService}).</li>
 * </ul>
 */
final class LimitedQueryService extends SPARQL_QueryDataset {
    private final int maxResults;
    private final DatasetDescription description;
    private final QueryLimits limits;

    LimitedQueryService(EndpointConfig config, DatasetDescription description) {
        this.maxResults = config.maxResults();
        this.description = description;
        this.limits = new QueryLimits(config);
    }

    /**
     * Fuseki's query execution, with the limits of {@link QueryLimits}: the text's length is
     * checked before parsing (413), parsing runs within the timeout, which counts from the
     * request's arrival, and the execution gets what is left of it.
     */
    @Override
    protected void execute(String queryString, HttpAction action) {
        QueryLimits.Deadline deadline = limits.deadline(action);
        Query query = limits.parse(queryString, deadline);
        if (NoService.usesService(query)) {
            ServletOps.errorBadRequest("SERVICE is disabled: this endpoint runs queries over its own data only and never makes outbound requests [" + NoService.ERROR_ID + "]");
        }
        validateQuery(action, query);
        try {
            action.beginRead();
            Pair<DatasetGraph, Query> p = decideDataset(action, query, null);
            Query q = p.getRight() == null ? query : p.getRight();
            try (QueryExec qExec = limits.exec(action, q, p.getLeft(), deadline)) {
                QueryExecResult result = executeQuery(action, qExec, query, null);
                sendResults(action, result, query.getPrologue());
            }
        } catch (QueryParseException ex) {
            action.abortSilent();
            ServletOps.errorBadRequest("Query parse error: " + ex.getMessage());
        } catch (QueryCancelledException ex) {
            action.abortSilent();
            throw ex;
        } finally {
            action.endRead();
        }
    }

    @Override
    public void execGet(HttpAction action) {
        if (action.getRequestQueryString() == null) {
            Responses.doResponseGraph(action, description.serviceDescription(action.getRequest()).getGraph());
            return;
        }
        super.execGet(action);
    }

    @Override
    protected Pair<DatasetGraph, Query> decideDataset(HttpAction action, Query query, String queryStringLog) {
        Pair<DatasetGraph, Query> p = super.decideDataset(action, query, queryStringLog);
        Query q = p.getRight() == null ? query : p.getRight();
        if (!(q.isSelectType() || q.isConstructType() || q.isDescribeType())) return p;
        long cap = q.isSelectType() ? maxResults + 1L : maxResults;
        if (q.hasLimit() && q.getLimit() <= cap) return p;
        Query limited = q.cloneQuery();
        limited.setLimit(cap);
        return Pair.create(p.getLeft(), limited);
    }

    @Override
    protected QueryExecResult executeQuery(HttpAction action, QueryExec queryExec, Query requestQuery, String queryStringLog) {
        try {
            if (!requestQuery.isSelectType()) return super.executeQuery(action, queryExec, requestQuery, queryStringLog);
            RowSet rs = queryExec.select();
            List<Var> vars = rs.getResultVars();
            List<Binding> rows = new ArrayList<>();
            while (rs.hasNext()) rows.add(rs.next());  // at most maxResults + 1 rows: see decideDataset
            boolean truncated = rows.size() > maxResults;
            if (truncated) rows = rows.subList(0, maxResults);
            action.setResponseHeader(EndpointConfig.TRUNCATED_HEADER, Boolean.toString(truncated));
            return new QueryExecResult(RowSetStream.create(vars, rows.iterator()));
        } catch (NullPointerException e) {
            // Jena 5.6.0 (apache/jena#3516, fixed in 5.7.0): a hash join cancelled by the timeout
            // before its table was built throws this when it is closed, hiding the cancellation.
            AtomicBoolean cancelled = Context.getCancelSignal(queryExec.getContext());
            if (cancelled != null && cancelled.get()) throw new QueryCancelledException();
            throw e;
        }
    }
}
