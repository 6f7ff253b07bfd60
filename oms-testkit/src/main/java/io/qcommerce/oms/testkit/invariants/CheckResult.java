package io.qcommerce.oms.testkit.invariants;

import java.util.List;

/**
 * The outcome of one {@link Invariant}: how much was compared, every violation counted, the first ones kept in
 * words, and on a pass the evidence (what was compared and the totals that add up).
 *
 * @param compared   how many things (counters, orders, batches, movements) were compared
 * @param violations how many comparisons failed
 * @param examples   the first violations, in words (at most {@link OmsInvariants#EXAMPLES})
 * @param evidence   what a pass rests on, in words
 */
public record CheckResult(Invariant invariant, long compared, long violations, List<String> examples, String evidence) {
    public CheckResult {
        examples = List.copyOf(examples);
    }

    public boolean passed() {
        return violations == 0;
    }

    /** The evidence on a pass; the count and first violations on a failure. */
    public String detail() {
        return passed()
                ? evidence
                : violations + " violation(s) in " + compared + " comparisons, e.g. " + String.join("; ", examples);
    }

    @Override
    public String toString() {
        return (passed() ? "PASS " : "FAIL ") + invariant + ": " + detail();
    }
}
