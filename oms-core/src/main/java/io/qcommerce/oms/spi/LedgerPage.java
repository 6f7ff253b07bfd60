package io.qcommerce.oms.spi;

import io.qcommerce.oms.ledger.StockMovement;
import java.util.List;

/**
 * A page of the movements an inventory lock recorded for a store, oldest first.
 *
 * @param movements the movements after the position asked for
 * @param position  where the page ends: pass it to get the next page; the position asked for when the page
 *                  is empty, and the lock's start (before any movement) when none was given. Never
 *                  absent. Opaque, ordered by the adapter.
 */
public record LedgerPage(List<StockMovement> movements, String position) {
    public LedgerPage {
        movements = List.copyOf(movements);
        io.qcommerce.oms.internal.util.Checks.notBlank(position, "position");
    }
}
