package io.qcommerce.oms.spi;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Port: the stock counters and holds of each store.
 *
 * <p>What every implementation guarantees, and the {@code oms-testkit} contract suite checks:
 * <ul>
 *   <li>No oversell: for each (store, resource) {@code 0 <= reserved <= onHand}, at every moment, under
 *       any concurrency.</li>
 *   <li>All-or-nothing: a multi-line hold holds every line or none.</li>
 *   <li>Exact expiry: a hold stops counting at the instant it expires, for every reader, with no sweep
 *       needing to run first; a hold at or past its expiry is never confirmed. The check and the
 *       confirmation are one atomic step.</li>
 *   <li>Idempotency: every operation repeated with the same reservation or movement id returns the first
 *       outcome and changes nothing more. Finished reservations answer for a retention window.</li>
 *   <li>Batches: units of a SKU received in batches are held first-expiry-first-out from the batches good
 *       enough for the line ({@link io.qcommerce.oms.inventory.HoldLine}); a batch is never oversold
 *       ({@code 0 <= reserved <= onHand} per batch too), and at its expiry instant its units stop being
 *       available, for every reader, with no sweep needing to run.</li>
 *   <li>Bad input is refused with an {@link io.qcommerce.oms.error.OmsException} and changes nothing.</li>
 * </ul>
 * A backend failure is {@code BACKEND_UNAVAILABLE} (not applied) or {@code OUTCOME_UNKNOWN} (maybe
 * applied): retry with the same ids to settle it.
 */
public interface InventoryLock {
    /**
     * Holds every line of the request in its store, or none. A repeat with the same id returns the
     * existing hold; the same id with other lines is an {@code IDEMPOTENCY_CONFLICT}.
     */
    ReserveResult reserve(HoldRequest request);

    /**
     * Makes a hold final: its units leave {@code onHand}. Refused with {@link ConfirmResult.Expired} at or
     * after the expiry instant. An unknown id is an {@code UNKNOWN_RESERVATION} error.
     */
    ConfirmResult confirm(StoreId store, ReservationId id);

    /** Gives a hold's units back. An unknown id is an {@code UNKNOWN_RESERVATION} error. */
    ReleaseResult release(StoreId store, ReservationId id);

    /** The hold as it is now (expiry applied), if known within the retention window. */
    Optional<Reservation> find(StoreId store, ReservationId id);

    /** The counters of the given resources of one store, expiry applied; unknown ones read as zero. */
    Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources);

    /** Receives, adjusts or restocks units; idempotent on the movement id. */
    StockChangeResult apply(StockChange change);

    /**
     * The batches of one SKU in a store, first expiry first: those with units on hand, and emptied ones
     * until their expiry (their codes stay taken until then).
     */
    List<BatchLevel> batches(StoreId store, SkuId sku);

    /**
     * The batches of every SKU of a store with units on hand that expire before {@code before} (those
     * already expired included), first expiry first: what the store must sell soon or write off.
     */
    List<BatchLevel> batchesExpiring(StoreId store, Instant before);

    /**
     * Returns to {@code available} the units of holds of the store that have expired, at most
     * {@code max} of them, and says how many it expired. Reads and writes already do this for the holds
     * they touch; a reaper calls it so that quiet stores give their units back too.
     */
    int expireDue(StoreId store, int max);

    /**
     * The movements this lock recorded for the store after {@code position} (exclusive; absent for the
     * oldest it still keeps), oldest first, at most {@code limit}. Each was recorded in the same atomic step
     * as the change it records; they are kept for the lock's retention window, for a shipper to copy them to
     * the durable {@link io.qcommerce.oms.spi.StockLedger}.
     */
    io.qcommerce.oms.spi.LedgerPage movements(StoreId store, @Nullable String position, int limit);

    /**
     * The instant by the clock this lock decides the store's expiry with: whatever asks whether a hold is live
     * without asking the lock about the hold itself (a rebuild after a loss, a drift check) uses it, never the
     * host's clock, so a host whose clock runs ahead of or behind the lock's agrees with the lock. The default is
     * the JVM's clock, right only for a lock that runs in this process on it; a lock on a server's clock (Redis's
     * {@code TIME}) answers with the server's.
     */
    default Instant now(StoreId store) {
        return Instant.now();
    }

    /** The counters of every resource the store has, expiry applied, in no particular order. */
    Map<Resource, StockLevel> allLevels(StoreId store);

    /**
     * Replaces everything the lock holds for the store (counters, batches, live holds) by {@code state}, in
     * one atomic step: the recovery after a loss of the lock's data. Finished holds and applied movement ids
     * that the lock still remembers are kept, so late retries stay idempotent. Repeating it with the same
     * state leaves the same counters. Holds in {@code state} that have expired by the lock's clock are
     * restored and expire at once, giving their units back.
     */
    void restore(StoreState state);
}
