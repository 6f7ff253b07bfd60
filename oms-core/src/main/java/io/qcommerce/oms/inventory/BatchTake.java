package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Checks;

/**
 * Units of one line of a hold taken from one batch. A hold's takes are chosen when it is made
 * (first-expiry-first-out among the batches fresh enough for the line) and become final when it is
 * confirmed; the order and its picking list carry them.
 *
 * @param batch    the batch
 * @param quantity units taken from it, positive
 */
public record BatchTake(Batch batch, long quantity) {
    public BatchTake {
        Checks.notNull(batch, "take.batch");
        Checks.positiveQuantity(quantity, "take.quantity");
    }

    public BatchCode code() {
        return batch.code();
    }
}
