package io.qcommerce.oms.benchmarks;

import java.util.SplittableRandom;

/**
 * One cell of the comparison: how many callers, how many lines per cart, and whether every cart asks for the
 * same SKUs (hot) or for SKUs drawn from a catalogue (spread). SKU ids are {@code p} and twelve digits, the
 * form {@code redis-benchmark} writes for {@code __rand_int__}, so the ceiling run hits the same keys.
 *
 * @param callers     concurrent callers (one thread each)
 * @param lines       lines per cart, one unit each
 * @param hot         true: SKUs 0..lines-1 in every cart; false: distinct SKUs drawn from {@code skuCount}
 * @param skuCount    the SKUs seeded with stock
 * @param stockPerSku units on hand per SKU at the start
 * @param oversell    true for the short run that counts oversold units: callers buy until refused
 */
record Scenario(int callers, int lines, boolean hot, int skuCount, long stockPerSku, boolean oversell) {
    static final String STORE = "store-1";

    static Scenario throughput(int callers, int lines, boolean hot, int spreadSkus, long stock) {
        return new Scenario(callers, lines, hot, hot ? lines : spreadSkus, stock, false);
    }

    static Scenario oversell(int callers, int lines, long stock) {
        return new Scenario(callers, lines, true, lines, stock, true);
    }

    static String skuId(int index) {
        return String.format("p%012d", index);
    }

    String label() {
        String what = oversell ? "oversell " + stockPerSku + "u" : hot ? "hot" : "spread " + skuCount;
        return what + ", " + lines + (lines == 1 ? " line" : " lines") + ", " + callers + " callers";
    }

    String shortLabel() {
        return (oversell ? "oversell" : hot ? "hot" : "spread") + "/" + lines + "L/" + callers + "c";
    }

    /** The SKU indexes of the next cart, sorted ascending (the order the adapter stores lines in). */
    int[] nextCart(SplittableRandom random) {
        int[] skus = new int[lines];
        if (hot) {
            for (int i = 0; i < lines; i++) {
                skus[i] = i;
            }
            return skus;
        }
        int n = 0;
        while (n < lines) {
            int candidate = random.nextInt(skuCount);
            boolean dup = false;
            for (int i = 0; i < n; i++) {
                if (skus[i] == candidate) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                skus[n++] = candidate;
            }
        }
        java.util.Arrays.sort(skus);
        return skus;
    }
}
