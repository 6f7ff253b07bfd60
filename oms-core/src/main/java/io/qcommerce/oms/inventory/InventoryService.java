package io.qcommerce.oms.inventory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.store.StoreId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stock use cases of a store: receive and adjust units, read availability, and hold stock with
 * low-stock alerts. A thin layer over {@link io.qcommerce.oms.spi.InventoryLock} that checks the store and SKU
 * exist, and tells listeners when a change takes a SKU below its threshold. Thread-safe.
 */
public interface InventoryService {
    /**
     * Receives units into a store under a fresh movement id. A retry of it counts the units again: where a
     * retry may happen, {@link #apply} a {@link StockChange#receive} with the caller's own id instead.
     */
    StockLevel receive(StoreId store, SkuId sku, long units);

    /**
     * Receives a batch of a SKU under a fresh movement id: its code must be new for the store and SKU
     * ({@code DUPLICATE_BATCH}) and its expiry still ahead ({@code BATCH_EXPIRED}); nothing changes otherwise.
     * For a retry-safe receipt, {@link #apply} a {@link StockChange#receive} with a batch and an id.
     */
    StockLevel receiveBatch(StoreId store, SkuId sku, Batch batch, long units);

    /** The batches of a SKU in a store, first expiry first. */
    List<BatchLevel> batches(StoreId store, SkuId sku);

    /**
     * The batches of a store with units on hand that expire within {@code within} from now (those already
     * expired included), first expiry first: for the store's alerts and markdowns.
     */
    List<BatchLevel> expiringWithin(StoreId store, java.time.Duration within);

    /**
     * Available, on-hand and held units of each SKU in the store, in one call to the lock; SKUs the store
     * never had read as zero. {@code UNKNOWN_STORE} for a store that does not exist.
     */
    Map<SkuId, StockLevel> availability(StoreId store, Collection<SkuId> skus);

    long available(StoreId store, SkuId sku);

    /** Holds stock through the lock and reports low stock for the lines it took below their threshold. */
    ReserveResult reserve(HoldRequest request);

    /**
     * Applies a stock change built by name ({@link StockChange#receive}, {@link StockChange#adjust},
     * {@link StockChange#restock}, {@link StockChange#returned}) through the lock, records it in the durable
     * ledger with its actor and raises low-stock events: the one door every change of units goes through, so
     * the ledger misses none. Idempotent on the movement id ({@code IDEMPOTENCY_CONFLICT} when the id was used
     * for another change). {@code UNKNOWN_STORE}, {@code UNKNOWN_SKU} first; then by kind:
     * <ul>
     *   <li>a receipt is never refused for stock: with a batch, {@code BATCH_EXPIRED} when its expiry has
     *       passed and {@code DUPLICATE_BATCH} when its code is taken; nothing changes then;</li>
     *   <li>an adjustment without a batch changes the units kept without one (a SKU kept wholly in batches
     *       refuses it); with a batch, that batch of the store ({@code UNKNOWN_BATCH} when it has none of that
     *       code; its stored expiry is kept). A {@link StockChangeResult.Rejected} when it would leave fewer
     *       units than live holds need;</li>
     *   <li>a restock or a return puts units back, into their batch when one is given.</li>
     * </ul>
     */
    StockChangeResult apply(StockChange change);

    /** The threshold below which a SKU is low in a store: its own, else the store's default, else configured. */
    long thresholdFor(StoreId store, SkuId sku);

    /** Sets a SKU's low-stock threshold in a store (0 turns its alerts off). */
    void setThreshold(StoreId store, SkuId sku, long units);

    /** Sets a store's default low-stock threshold, for SKUs without their own. */
    void setStoreDefaultThreshold(StoreId store, long units);

    /**
     * The SKUs of a store with fewer available units than their threshold, fewest first; SKUs the store has
     * never stocked count when they have a threshold of their own.
     */
    List<LowStock> lowStock(StoreId store);

    /** A hold as the inventory lock knows it now (held, confirmed, released or expired); empty once forgotten. */
    Optional<Reservation> reservation(StoreId store, ReservationId id);

    /** Every counter of the store (its SKUs and its slots' capacity), as the inventory lock has it now. */
    Map<Resource, StockLevel> levels(StoreId store);

    /**
     * Returns to available the units of the store's holds that have expired, at most {@code max} holds; a
     * reaper for quiet stores (every other call does the same for the holds it touches).
     *
     * @return the holds expired
     */
    int expireDue(StoreId store, int max);
}
