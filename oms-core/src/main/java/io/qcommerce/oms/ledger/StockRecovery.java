package io.qcommerce.oms.ledger;

import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.store.StoreId;
import java.util.List;

/**
 * The durable record of stock: reads its movements, copies the lock's movements into it, rebuilds a store's
 * counters in the inventory lock from it after a loss, and checks the two agree.
 *
 * <p>The record: {@code onHand} of each resource (and batch) = received + adjusted + restocked + returned,
 * from the {@link io.qcommerce.oms.spi.StockLedger}, minus the units of every order whose hold was confirmed
 * (paid orders, including those cancelled or returned since), from the {@link OrderRepository}; a slot's
 * booked capacity counts the same way. {@code reserved} = the lines of orders still awaiting payment whose hold has not
 * expired; a rebuild puts those holds back under their own ids, with their batches and expiry, so their
 * payment confirms as if nothing had happened.
 *
 * <p>A rebuild is explicit and idempotent: run it for a store after its counters were lost (a Redis restart
 * without persistence, a failover that dropped writes), with the store's traffic paused, since orders
 * placed while it reads the record would be overwritten. Its cost is one pass over the store's ledger and
 * orders. A drift check reads the same record and compares; it changes nothing.
 */
public interface StockRecovery {
    /**
     * Writes the store's counters and live holds, as the record has them, into the lock, then copies what the
     * lock records from there on into the ledger from its first movement (a lock that lost its data may
     * number its movements from the start again).
     *
     * <p>Movements of holds the lock recorded but had not shipped when it lost its data are recorded again
     * from the orders, under the keys the lock gives them, so the ledger alone adds up to the counters again:
     * each order's hold was taken when it was placed, then sold (when it was paid for), expired (at its
     * expiry, when its order lapsed) or released (when its order was cancelled first, or its hold could not
     * be put back); a hold put back stays held. Keys the ledger has already are left alone, so this is
     * idempotent too, and a rebuild of a store that lost nothing records nothing.
     */
    RebuildReport rebuild(StoreId store);

    /** Compares the lock's counters of the store with the record; changes nothing. */
    DriftReport checkDrift(StoreId store);

    /**
     * Copies what the lock recorded since the last copy into the durable ledger, at most {@code maxPages}
     * pages; the reconciler runs it too. Idempotent: the ledger keeps a movement once by its key.
     *
     * @return the movements copied
     */
    int ship(StoreId store, int maxPages);

    /** The durable ledger's movements that match {@code query}, oldest first. */
    List<StockMovement> movements(LedgerQuery query);
}
