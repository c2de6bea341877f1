package org.mcrckg.query;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.exec.http.Service;
import org.apache.jena.sparql.service.ServiceExecutorRegistry;
import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.op.OpOrder;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprVisitorBase;
import org.apache.jena.sparql.util.Context;

/**
 * SPARQL federation ({@code SERVICE}) is switched off: a query over patient records must never
 * make the process that runs it send a request elsewhere. A {@code SERVICE} clause lets the
 * query's author choose the URL (even one built from the data, {@code SERVICE ?u}), so the
 * server would fetch internal addresses for the author (request forgery) and could put patient
 * ids into the URLs it sends (exfiltration); and a service that never answers holds a thread.
 *
 * <p>Two locks, so that one mistake does not open the door: {@link #check} refuses every query
 * whose text has a {@code SERVICE} clause (SILENT or not) before it runs, and {@link #disable}
 * leaves an execution context with no service executor at all and with ARQ's own switch for
 * HTTP services off ({@link Service#httpServiceAllowed}).
 */
public final class NoService {
    /** The stable error id of a query with a {@code SERVICE} clause. */
    public static final String ERROR_ID = "query#service-disabled";

    private NoService() {}

    /** Whether the query (its pattern, sub-queries and EXISTS filters included) has a SERVICE clause. */
    public static boolean usesService(Query q) {
        if (q.getQueryPattern() == null) return false;
        return usesService(Algebra.compile(q));
    }

    /** Whether the algebra has a SERVICE operator, also inside EXISTS in filters, assignments, HAVING and ORDER BY. */
    public static boolean usesService(Op op) {
        boolean[] found = {false};
        ExprVisitorBase exprs = new ExprVisitorBase() {
            @Override
            public void visit(ExprFunctionOp e) {
                if (e.getGraphPattern() != null && usesService(e.getGraphPattern())) found[0] = true;
            }
        };
        Walker.walk(op, new OpVisitorBase() {
            @Override
            public void visit(OpService s) { found[0] = true; }

            @Override
            public void visit(OpOrder o) {
                // the walker does not visit sort expressions
                for (SortCondition c : o.getConditions()) Walker.walk(c.getExpression(), exprs);
            }
        }, exprs);
        return found[0];
    }

    /** @throws QueryException {@value #ERROR_ID} when the query has a SERVICE clause */
    public static void check(Query q) {
        if (usesService(q)) {
            throw new QueryException(ERROR_ID, "SERVICE is disabled: queries run only over the local data and never make outbound requests", null);
        }
    }

    /** Turns off every way ARQ executes a SERVICE clause in this context. */
    public static Context disable(Context cxt) {
        cxt.set(Service.httpServiceAllowed, false);
        // An empty registry: neither the HTTP executor nor any other is consulted.
        ServiceExecutorRegistry.set(cxt, new ServiceExecutorRegistry());
        return cxt;
    }
}
