package io.qcommerce.oms.inventory;

import java.util.Optional;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.store.StoreId;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stock use cases of a store: receive and adjust units, read availability, and hold stock with
 * low-stock alerts. A thin layer over {@link InventoryLock} that checks the store and SKU exist, and
 * tells listeners when a change takes a SKU below its threshold. Thread-safe.
 */
public interface InventoryService {
    /** Receives units into a store under a fresh movement id. Prefer the overload with the caller's id. */
    StockLevel receive(StoreId store, SkuId sku, long units);

    /**
     * Receives units into a store; idempotent on {@code movement} (a goods-receipt note number, say), so a
     * retry after a timeout does not count the delivery twice.
     */
    StockLevel receive(StoreId store, SkuId sku, long units, MovementId movement);

    /**
     * Corrects on-hand units after a count, damage or loss. This changes the units kept without a batch;
     * units of a batch are corrected with {@link #adjustBatch}, so a SKU kept wholly in batches refuses it.
     * Refused (a {@link StockChangeResult.Rejected}, nothing changed) when it would leave fewer units on hand
     * than live holds need.
     */
    StockChangeResult adjust(StoreId store, SkuId sku, long delta, String reason, MovementId movement);

    StockChangeResult adjust(StoreId store, SkuId sku, long delta, String reason);

    /** Puts back the units of a cancelled order that had been sold; idempotent on {@code movement}. */
    StockChangeResult restock(StoreId store, SkuId sku, long units, MovementId movement, String reason);

    /**
     * Puts back units of a resource (a SKU, into the batch they came from when {@code batch} is given, or a
     * slot's capacity); idempotent on {@code movement}.
     */
    StockChangeResult restock(StoreId store, Resource resource, long units, @Nullable Batch batch, MovementId movement,
                                     String reason);

    /** As above, recording who made the restock (the one who cancelled the order). */
    StockChangeResult restock(StoreId store, Resource resource, long units, @Nullable Batch batch, MovementId movement,
                                     String reason, String actor);

    /** As {@link #receiveBatch(StoreId, SkuId, Batch, long, MovementId)} under a fresh movement id. */
    StockLevel receiveBatch(StoreId store, SkuId sku, Batch batch, long units);

    /**
     * Receives a batch of a SKU: its code must be new for the store and SKU ({@code DUPLICATE_BATCH}) and
     * its expiry still ahead ({@code BATCH_EXPIRED}); nothing changes otherwise. Idempotent on
     * {@code movement}: a retry after a timeout is not a duplicate.
     */
    StockLevel receiveBatch(StoreId store, SkuId sku, Batch batch, long units, MovementId movement);

    /**
     * Corrects the units of one batch (damage, a count, writing off what expired). {@code UNKNOWN_BATCH}
     * when the store has no such batch; a {@link StockChangeResult.Rejected} when it would leave fewer units
     * than live holds took from it.
     */
    StockChangeResult adjustBatch(StoreId store, SkuId sku, BatchCode code, long delta, String reason,
                                         MovementId movement);

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
     * Applies any stock change (with its actor, {@link StockChange#by}) through the lock, records it in the
     * durable ledger and raises low-stock events: the one door every change of units goes through, so the
     * ledger misses none. Idempotent on the movement id.
     */
    StockChangeResult apply(StockChange change);

    /**
     * Puts back units of a delivered order that the customer returned and the store can sell again, into
     * the batch they came from when {@code batch} is given; idempotent on {@code movement}.
     */
    StockChangeResult returnUnits(StoreId store, SkuId sku, long units, @Nullable Batch batch, MovementId movement,
                                         String actor, String reason);

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
