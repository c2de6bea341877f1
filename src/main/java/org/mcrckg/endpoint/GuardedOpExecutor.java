package org.mcrckg.endpoint;

import org.apache.jena.sparql.algebra.op.OpJoin;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.iterator.QueryIterNullIterator;
import org.apache.jena.sparql.engine.join.Join;
import org.apache.jena.sparql.engine.main.OpExecutorFactory;
import org.apache.jena.tdb2.solver.OpExecutorTDB2;

/**
 * TDB2's query executor with a guard against a defect of Jena 5.6.0 (apache/jena#3516, fixed in
 * 5.7.0): a hash join or OPTIONAL whose left side is empty closes its right side unread, and when
 * that right side is itself a hash join, closing it throws a NullPointerException. A query such
 * as {@code applicable-treatments} for a patient with no recommended or consider answer then
 * fails (HTTP 500) instead of returning no rows. Here an empty left side is answered at once
 * with no rows (the join, and the left join, of nothing with anything is nothing), before the
 * right side is built. Remove this class when the build uses Jena 5.7.0 or later.
 */
final class GuardedOpExecutor extends OpExecutorTDB2 {
    static final OpExecutorFactory FACTORY = GuardedOpExecutor::new;

    private GuardedOpExecutor(ExecutionContext execCxt) {
        super(execCxt);
    }

    @Override
    protected QueryIterator execute(OpJoin opJoin, QueryIterator input) {
        QueryIterator left = exec(opJoin.getLeft(), input);
        if (!left.hasNext()) {
            left.close();
            return QueryIterNullIterator.create(execCxt);
        }
        QueryIterator right = exec(opJoin.getRight(), root());
        return Join.join(left, right, execCxt);
    }

    @Override
    protected QueryIterator execute(OpLeftJoin opLeftJoin, QueryIterator input) {
        QueryIterator left = exec(opLeftJoin.getLeft(), input);
        if (!left.hasNext()) {
            left.close();
            return QueryIterNullIterator.create(execCxt);
        }
        QueryIterator right = exec(opLeftJoin.getRight(), root());
        return Join.leftJoin(left, right, opLeftJoin.getExprs(), execCxt);
    }
}
