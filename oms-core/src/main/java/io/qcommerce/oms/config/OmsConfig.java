package io.qcommerce.oms.config;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.inventory.HoldRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's settings: an immutable value, built once and checked when built.
 * {@link #ofDefaults()} suits a 10-minute-delivery checkout.
 */
public final class OmsConfig {
    private final Duration holdTtl;
    private final int maxCartLines;
    private final int maxWriteRetries;
    private final int reconcileBatchSize;
    private final int reapBatchSize;
    private final LowStockThresholds lowStock;
    private final Duration restockRetryWindow;
    private final Duration deliveryAllowance;
    private final CancellationPolicy cancellation;
    private final int eventBatchSize;
    private final Duration eventRetryBackoff;
    private final Duration eventRetryBackoffMax;
    private final Duration reconcileStoreBudget;

    private OmsConfig(Builder b) {
        this.holdTtl = b.holdTtl;
        this.maxCartLines = b.maxCartLines;
        this.maxWriteRetries = b.maxWriteRetries;
        this.reconcileBatchSize = b.reconcileBatchSize;
        this.reapBatchSize = b.reapBatchSize;
        this.lowStock = b.lowStock;
        this.restockRetryWindow = b.restockRetryWindow;
        this.deliveryAllowance = b.deliveryAllowance;
        this.cancellation = b.cancellation;
        this.eventBatchSize = b.eventBatchSize;
        this.eventRetryBackoff = b.eventRetryBackoff;
        this.eventRetryBackoffMax = b.eventRetryBackoffMax;
        this.reconcileStoreBudget = b.reconcileStoreBudget;
    }

    /**
     * How long one reconciler pass may spend on one store (its lapsed orders, expiring its holds, shipping its
     * ledger) before it leaves the rest of that store to the next pass; a store whose backend fails is left at
     * its first failure. So one slow or unreachable store (a dead Redis Cluster master, say) costs a pass about
     * one timeout, not one per order, and never stalls the other stores. Default 2 seconds.
     */
    public Duration reconcileStoreBudget() {
        return reconcileStoreBudget;
    }

    /** Up to which status each kind of actor may cancel an order. Default {@link CancellationPolicy#ofDefaults()}. */
    public CancellationPolicy cancellation() {
        return cancellation;
    }

    /** Events the dispatcher hands to one subscriber per pass at most. Default 500. */
    public int eventBatchSize() {
        return eventBatchSize;
    }

    /**
     * How long the dispatcher waits before it retries a subscriber that failed once; it doubles with every
     * further failure in a row, up to {@link #eventRetryBackoffMax()}. Default 1 second.
     */
    public Duration eventRetryBackoff() {
        return eventRetryBackoff;
    }

    /** The longest wait between two attempts of a failing subscriber. Default 5 minutes. */
    public Duration eventRetryBackoffMax() {
        return eventRetryBackoffMax;
    }

    public static OmsConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How long placement holds a cart's stock while the customer pays. Default 10 minutes. */
    public Duration holdTtl() {
        return holdTtl;
    }

    /** The most distinct SKUs a cart may have. Default 50. */
    public int maxCartLines() {
        return maxCartLines;
    }

    /** How often a status change is retried after losing a compare-and-set race. Default 8. */
    public int maxWriteRetries() {
        return maxWriteRetries;
    }

    /** Orders the reconciler repairs per query. Default 100. */
    public int reconcileBatchSize() {
        return reconcileBatchSize;
    }

    /** Expired holds the reaper returns per store per pass. Default 1000. */
    public int reapBatchSize() {
        return reapBatchSize;
    }

    /** Low-stock thresholds; none by default. */
    public LowStockThresholds lowStock() {
        return lowStock;
    }

    /**
     * How long after a paid order's cancellation a repeated cancel may finish a restock that failed half-way.
     * Default 1 hour; keep it below the inventory lock's retention of movement ids (24 hours by default).
     */
    public Duration restockRetryWindow() {
        return restockRetryWindow;
    }

    /**
     * For an order without a delivery slot, how long after placement it may take to reach the customer
     * (payment, picking and the ride). Batches must still be good at placement plus this allowance, plus the
     * SKU's minimum shelf life, to be sold to it. Default 1 hour; zero or more, at most a day.
     */
    public Duration deliveryAllowance() {
        return deliveryAllowance;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.holdTtl = holdTtl;
        b.maxCartLines = maxCartLines;
        b.maxWriteRetries = maxWriteRetries;
        b.reconcileBatchSize = reconcileBatchSize;
        b.reapBatchSize = reapBatchSize;
        b.lowStock = lowStock;
        b.restockRetryWindow = restockRetryWindow;
        b.deliveryAllowance = deliveryAllowance;
        b.cancellation = cancellation;
        b.eventBatchSize = eventBatchSize;
        b.eventRetryBackoff = eventRetryBackoff;
        b.eventRetryBackoffMax = eventRetryBackoffMax;
        b.reconcileStoreBudget = reconcileStoreBudget;
        return b;
    }

    public static final class Builder {
        private Duration holdTtl = Duration.ofMinutes(10);
        private int maxCartLines = 50;
        private int maxWriteRetries = 8;
        private int reconcileBatchSize = 100;
        private int reapBatchSize = 1000;
        private LowStockThresholds lowStock = LowStockThresholds.none();
        private Duration restockRetryWindow = Duration.ofHours(1);
        private Duration deliveryAllowance = Duration.ofHours(1);
        private CancellationPolicy cancellation = CancellationPolicy.ofDefaults();
        private int eventBatchSize = 500;
        private Duration eventRetryBackoff = Duration.ofSeconds(1);
        private Duration eventRetryBackoffMax = Duration.ofMinutes(5);
        private Duration reconcileStoreBudget = Duration.ofSeconds(2);

        private Builder() {}

        public Builder reconcileStoreBudget(Duration budget) {
            this.reconcileStoreBudget = budget;
            return this;
        }

        public Builder cancellation(CancellationPolicy policy) {
            this.cancellation = policy;
            return this;
        }

        public Builder eventBatchSize(int size) {
            this.eventBatchSize = size;
            return this;
        }

        /** The first and the longest wait before a failing subscriber is tried again. */
        public Builder eventRetryBackoff(Duration first, Duration max) {
            this.eventRetryBackoff = first;
            this.eventRetryBackoffMax = max;
            return this;
        }

        public Builder deliveryAllowance(Duration allowance) {
            this.deliveryAllowance = allowance;
            return this;
        }

        public Builder restockRetryWindow(Duration window) {
            this.restockRetryWindow = window;
            return this;
        }

        public Builder holdTtl(Duration ttl) {
            this.holdTtl = ttl;
            return this;
        }

        public Builder maxCartLines(int lines) {
            this.maxCartLines = lines;
            return this;
        }

        public Builder maxWriteRetries(int retries) {
            this.maxWriteRetries = retries;
            return this;
        }

        public Builder reconcileBatchSize(int size) {
            this.reconcileBatchSize = size;
            return this;
        }

        public Builder reapBatchSize(int size) {
            this.reapBatchSize = size;
            return this;
        }

        public Builder lowStock(LowStockThresholds thresholds) {
            this.lowStock = thresholds;
            return this;
        }

        /** Checks every setting; {@code INVALID_CONFIGURATION} names each one that is wrong. */
        public OmsConfig build() {
            List<Violation> problems = new ArrayList<>();
            if (holdTtl == null
                    || holdTtl.isZero()
                    || holdTtl.isNegative()
                    || holdTtl.compareTo(HoldRequest.MAX_TTL) > 0) {
                problems.add(new Violation(
                        "holdTtl", "must be positive and at most " + HoldRequest.MAX_TTL + ", was " + holdTtl));
            }
            if (maxCartLines < 1 || maxCartLines > HoldRequest.MAX_LINES) {
                problems.add(new Violation(
                        "maxCartLines", "must be within 1.." + HoldRequest.MAX_LINES + ", was " + maxCartLines));
            }
            if (maxWriteRetries < 1) {
                problems.add(new Violation("maxWriteRetries", "must be at least 1"));
            }
            if (reconcileBatchSize < 1) {
                problems.add(new Violation("reconcileBatchSize", "must be at least 1"));
            }
            if (reapBatchSize < 1) {
                problems.add(new Violation("reapBatchSize", "must be at least 1"));
            }
            if (restockRetryWindow == null
                    || restockRetryWindow.isZero()
                    || restockRetryWindow.isNegative()
                    || restockRetryWindow.compareTo(HoldRequest.MAX_TTL) > 0) {
                problems.add(new Violation(
                        "restockRetryWindow",
                        "must be positive and at most " + HoldRequest.MAX_TTL + ", was " + restockRetryWindow));
            }
            if (deliveryAllowance == null
                    || deliveryAllowance.isNegative()
                    || deliveryAllowance.compareTo(HoldRequest.MAX_TTL) > 0) {
                problems.add(new Violation(
                        "deliveryAllowance",
                        "must be zero or more and at most " + HoldRequest.MAX_TTL + ", was " + deliveryAllowance));
            }
            if (cancellation == null) {
                problems.add(new Violation("cancellation", "must not be null"));
            }
            if (eventBatchSize < 1 || eventBatchSize > 10_000) {
                problems.add(new Violation("eventBatchSize", "must be within 1..10000, was " + eventBatchSize));
            }
            if (eventRetryBackoff == null
                    || eventRetryBackoffMax == null
                    || eventRetryBackoff.isNegative()
                    || eventRetryBackoff.isZero()
                    || eventRetryBackoffMax.compareTo(eventRetryBackoff) < 0) {
                problems.add(new Violation(
                        "eventRetryBackoff",
                        "must be positive and at most the maximum, was " + eventRetryBackoff + " up to "
                                + eventRetryBackoffMax));
            }
            if (lowStock == null) {
                problems.add(new Violation("lowStock", "must not be null"));
            }
            if (reconcileStoreBudget == null || reconcileStoreBudget.isNegative() || reconcileStoreBudget.isZero()) {
                problems.add(new Violation("reconcileStoreBudget", "must be positive, was " + reconcileStoreBudget));
            }
            if (!problems.isEmpty()) {
                throw OmsException.invalid(ErrorCode.INVALID_CONFIGURATION, problems);
            }
            return new OmsConfig(this);
        }
    }
}
