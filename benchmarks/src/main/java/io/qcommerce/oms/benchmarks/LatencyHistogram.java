package io.qcommerce.oms.benchmarks;

/**
 * A log-linear histogram of latencies in nanoseconds: 64 linear steps within every power of two, so a
 * percentile read back is within about 1.6 % of the true value, in a fixed array of a few thousand counters.
 * One per caller thread (not thread-safe); {@link #add} merges them after a run.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = SUB + (63 - SUB_BITS) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long maxNanos() {
        return max;
    }

    /** The latency below which {@code fraction} of the samples fall (0 &lt; fraction &le; 1), in ns. */
    long percentileNanos(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(middle(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (msb - SUB_BITS)) & (SUB - 1));
        return SUB + (msb - SUB_BITS) * SUB + sub;
    }

    /** The middle of the values that fall into bucket {@code i}. */
    static long middle(int i) {
        if (i < SUB) {
            return i;
        }
        int step = (i - SUB) / SUB;
        int sub = (i - SUB) % SUB;
        long low = ((long) (SUB + sub)) << step;
        long width = 1L << step;
        return low + width / 2;
    }
}
