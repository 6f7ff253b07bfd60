package io.qcommerce.oms.spi;

import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.store.StoreId;
import java.util.List;
import java.util.Optional;

/**
 * Port: the durable copy of the stock ledger, kept with the orders (MongoDB) so that it survives a loss of
 * the inventory lock's store. Implementations are thread-safe.
 *
 * <p>Recording is idempotent on (store, key): a movement recorded twice (the service's own copy, then
 * the shipper's copy of the lock's record) is kept once, as first written.
 */
public interface StockLedger {
    /** Records movements; those whose (store, key) is already recorded are left as they are. */
    void record(List<StockMovement> movements);

    /** The movement recorded under {@code key} in the store, if any. */
    Optional<StockMovement> find(StoreId store, String key);

    /** The movements a query asks for, oldest first (by time, then key). */
    List<StockMovement> query(LedgerQuery query);

    /** How far the lock's record of the store has been copied here; empty before the first copy. */
    Optional<String> shippedPosition(StoreId store);

    /** Remembers how far the lock's record of the store has been copied. */
    void markShipped(StoreId store, String position);
}
