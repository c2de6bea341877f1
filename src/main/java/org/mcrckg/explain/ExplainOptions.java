package org.mcrckg.explain;

import java.time.Duration;

/**
 * How much an explanation may search.
 *
 * @param maxJustifications how many different minimal sets of facts to look for, per deciding class (1: the first one)
 * @param timeout the time budget of each treatment's explanation (and of the patient's field ranking; when one
 *                procedure is asked for, one budget covers both); when it runs out the explanation says so
 *                ({@code complete = false}) and keeps what it found
 * @param maxSettlingSize the largest set of missing fields tried as a way to settle an undetermined answer
 */
public record ExplainOptions(int maxJustifications, Duration timeout, int maxSettlingSize) {
    public ExplainOptions {
        if (maxJustifications < 1) throw new IllegalArgumentException("maxJustifications must be at least 1, not " + maxJustifications);
        if (maxSettlingSize < 1) throw new IllegalArgumentException("maxSettlingSize must be at least 1, not " + maxSettlingSize);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }

    /** The first justification, 30 seconds per treatment, settling sets of up to 2 fields. */
    public static ExplainOptions defaults() { return new ExplainOptions(1, Duration.ofSeconds(30), 2); }

    public ExplainOptions withMaxJustifications(int n) { return new ExplainOptions(n, timeout, maxSettlingSize); }

    public ExplainOptions withTimeout(Duration t) { return new ExplainOptions(maxJustifications, t, maxSettlingSize); }

    public ExplainOptions withMaxSettlingSize(int n) { return new ExplainOptions(maxJustifications, timeout, n); }
}
