package org.mcrckg.store;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecException;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.OpJoin;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIter1;
import org.apache.jena.sparql.engine.iterator.QueryIterNullIterator;
import org.apache.jena.sparql.engine.join.Join;
import org.apache.jena.sparql.engine.main.OpExecutorFactory;
import org.apache.jena.sparql.serializer.SerializationContext;
import org.apache.jena.sparql.util.Symbol;
import org.apache.jena.tdb2.solver.OpExecutorTDB2;
import org.mcrckg.query.NoService;

/**
 * TDB2's query executor with three guards.
 *
 * <ul>
 *   <li><b>Cancellation that reaches every loop.</b> Jena checks the cancel signal of a timed-out
 *       query only in {@code next()} of some iterators, so a loop that calls {@code hasNext()}
 *       only, or one that drains its input before returning anything (an aggregate inside
 *       {@code OPTIONAL}, {@code ORDER BY} over a cross join), ran on long after its timeout
 *       (139 s of CPU for a 2 s timeout). Here the output of every operator, down to each basic
 *       graph pattern, passes through an iterator that checks the signal on every step, so the
 *       innermost loop stops within one binding of the timeout.</li>
 *   <li><b>No SERVICE.</b> A SERVICE operator that got past the query check ({@link NoService}) is
 *       refused here, with no request made.</li>
 *   <li>A defect of Jena 5.6.0 (apache/jena#3516, fixed in 5.7.0): a hash join or OPTIONAL whose
 *       left side is empty closes its right side unread, and when that right side is itself a
 *       hash join, closing it throws a NullPointerException. A query such as
 *       {@code applicable-treatments} for a patient with no recommended or consider answer then
 *       fails (HTTP 500) instead of returning no rows. Here an empty left side is answered at once
 *       with no rows (the join, and the left join, of nothing with anything is nothing), before
 *       the right side is built. Remove these two overrides when the build uses Jena 5.7.0.</li>
 * </ul>
 */
public final class GuardedOpExecutor extends OpExecutorTDB2 {
    public static final OpExecutorFactory FACTORY = GuardedOpExecutor::new;
    /**
     * Context key: the {@link System#nanoTime()} at which the query must stop (a Long). Jena's own
     * timeout cannot always stop it: its callback waits for a lock that the execution holds while
     * it builds the plan, and a hash join or an OPTIONAL drains its right side while the plan is
     * built, so the cancel signal was set only after that side was complete. The deadline is
     * checked here, by the executing thread itself, with no lock.
     */
    public static final Symbol DEADLINE = Symbol.create("https://w3id.org/mcrc-kg/mcrc#queryDeadline");

    private final AtomicBoolean cancelled;
    private final long deadline;
    private final boolean hasDeadline;

    private GuardedOpExecutor(ExecutionContext execCxt) {
        super(execCxt);
        this.cancelled = execCxt.getCancelSignal();
        Object d = execCxt.getContext().get(DEADLINE);
        this.hasDeadline = d instanceof Long;
        this.deadline = hasDeadline ? (Long) d : 0;
    }

    @Override
    protected QueryIterator exec(Op op, QueryIterator input) {
        QueryIterator it = super.exec(op, input);
        return cancelled == null && !hasDeadline ? it : new CheckCancel(it, this);
    }

    /**
     * Whether the query must stop now: cancelled, or past its deadline (which then cancels it).
     * The clock is read every 64th call of an iterator ({@code step}): a few microseconds of work.
     */
    boolean stop(int step) {
        if (cancelled != null && cancelled.get()) return true;
        if (hasDeadline && (step & 63) == 0 && System.nanoTime() - deadline >= 0) {
            if (cancelled != null) cancelled.set(true);
            return true;
        }
        return false;
    }

    @Override
    protected QueryIterator execute(OpService opService, QueryIterator input) {
        throw new QueryExecException("SERVICE is disabled: this endpoint never makes outbound requests");
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

    /** Passes bindings through; throws {@link QueryCancelledException} at the first step after the signal is set. */
    private static final class CheckCancel extends QueryIter1 {
        private final GuardedOpExecutor guard;
        private int steps;

        CheckCancel(QueryIterator input, GuardedOpExecutor guard) {
            super(input, guard.execCxt);
            this.guard = guard;
        }

        @Override
        protected boolean hasNextBinding() {
            if (guard.stop(steps++)) throw new QueryCancelledException();
            return getInput().hasNext();
        }

        @Override
        protected Binding moveToNextBinding() {
            if (guard.stop(steps++)) throw new QueryCancelledException();
            return getInput().next();
        }

        @Override
        protected void requestSubCancel() {}

        @Override
        protected void closeSubIterator() {}

        @Override
        protected void details(IndentedWriter out, SerializationContext sCxt) {}
    }
}
