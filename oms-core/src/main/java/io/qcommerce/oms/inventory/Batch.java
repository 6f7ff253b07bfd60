package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Checks;
import java.time.Instant;
import java.util.Comparator;

/**
 * A batch of a SKU: its code and the instant its units stop being sellable. Units of a batch are sold
 * first-expiry-first-out ({@link #FEFO}); at and after {@code expiresAt} they are on hand but not
 * available.
 *
 * @param code      unique per (store, SKU)
 * @param expiresAt the first instant at which the batch is expired
 */
public record Batch(BatchCode code, Instant expiresAt) {
    /** Earliest expiry first; the code breaks ties so that every adapter picks the same batch. */
    public static final Comparator<Batch> FEFO =
            Comparator.comparing(Batch::expiresAt).thenComparing(Batch::code);

    public Batch {
        Checks.notNull(code, "batch.code");
        Checks.notNull(expiresAt, "batch.expiresAt");
    }

    public static Batch of(String code, Instant expiresAt) {
        return new Batch(new BatchCode(code), expiresAt);
    }

    /** True when the batch's units are no longer sellable at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
