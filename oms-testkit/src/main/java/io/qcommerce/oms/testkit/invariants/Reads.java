package io.qcommerce.oms.testkit.invariants;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only reads of the checker that no service of {@link Oms} offers: they go to ports. Kept in one place so
 * they can be re-pointed when the facade stops handing out its ports.
 */
final class Reads {
    private final Oms oms;

    Reads(Oms oms) {
        this.oms = oms;
    }

    /** {@code InventoryLock.find}: a hold as the lock has it, finished ones included. */
    Optional<Reservation> hold(StoreId store, ReservationId id) {
        return oms.inventory().reservation(store, id);
    }

    /** {@code InventoryLock.allLevels}: every counter the lock keeps for the store, SKUs and slots. */
    Map<Resource, StockLevel> allLevels(StoreId store) {
        return oms.inventory().levels(store);
    }

    /** {@code StockLedger.query}, paged: every movement of the store in the durable ledger. */
    List<StockMovement> ledger(StoreId store) {
        List<StockMovement> all = new ArrayList<>();
        StockMovement last = null;
        while (true) {
            LedgerQuery query = LedgerQuery.of(store, LedgerQuery.MAX_LIMIT);
            List<StockMovement> page = oms.recovery().movements(last == null ? query : query.after(last));
            all.addAll(page);
            if (page.size() < LedgerQuery.MAX_LIMIT) {
                return all;
            }
            last = page.get(page.size() - 1);
        }
    }
}
