package io.qcommerce.oms.internal;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.IdGenerator;
import io.qcommerce.oms.config.LowStockThresholds;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.InventoryService;
import io.qcommerce.oms.inventory.LowStock;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stock use cases of a store: receive and adjust units, read availability, and hold stock with
 * low-stock alerts. A thin layer over {@link InventoryLock} that checks the store and SKU exist, and
 * tells listeners when a change takes a SKU below its threshold. Thread-safe.
 */
final class DefaultInventoryService implements InventoryService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InventoryService.class);

    private final InventoryLock lock;
    private final Catalog catalog;
    private final StoreDirectory stores;
    private final IdGenerator ids;
    private final LowStockThresholds thresholds;
    private final StockThresholds overrides;
    private final StockLedger ledger;
    private final EventPublisher events;
    private final Clock clock;

    DefaultInventoryService(
            InventoryLock lock,
            Catalog catalog,
            StoreDirectory stores,
            IdGenerator ids,
            LowStockThresholds thresholds,
            StockThresholds overrides,
            StockLedger ledger,
            EventPublisher events,
            Clock clock) {
        this.overrides = Checks.notNull(overrides, "overrides");
        this.ledger = Checks.notNull(ledger, "ledger");
        this.lock = Checks.notNull(lock, "lock");
        this.catalog = Checks.notNull(catalog, "catalog");
        this.stores = Checks.notNull(stores, "stores");
        this.ids = Checks.notNull(ids, "ids");
        this.thresholds = Checks.notNull(thresholds, "thresholds");
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
    }

    @Override
    public StockLevel receive(StoreId store, SkuId sku, long units) {
        return apply(StockChange.receive(store, sku, units)
                        .id(new MovementId(ids.newId()))
                        .build())
                .level();
    }

    @Override
    public StockLevel receiveBatch(StoreId store, SkuId sku, Batch batch, long units) {
        Checks.notNull(batch, "batch");
        return apply(StockChange.receive(store, sku, units)
                        .batch(batch)
                        .id(new MovementId(ids.newId()))
                        .build())
                .level();
    }

    /** The store's own batch of that code, whose expiry an adjustment keeps; {@code UNKNOWN_BATCH} otherwise. */
    private Batch storedBatch(StoreId store, SkuId sku, BatchCode code) {
        for (BatchLevel level : lock.batches(store, sku)) {
            if (level.batch().code().equals(code)) {
                return level.batch();
            }
        }
        throw OmsException.notFound(ErrorCode.UNKNOWN_BATCH, "batch", code.value());
    }

    /** The batches of a SKU in a store, first expiry first. */
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        return lock.batches(requireStore(store), Checks.notNull(sku, "sku"));
    }

    /**
     * The batches of a store with units on hand that expire within {@code within} from now (those already
     * expired included), first expiry first: for the store's alerts and markdowns.
     */
    public List<BatchLevel> expiringWithin(StoreId store, java.time.Duration within) {
        Checks.notNull(within, "within");
        if (within.isNegative()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "within", "must not be negative");
        }
        return lock.batchesExpiring(requireStore(store), clock.instant().plus(within));
    }

    private StoreId requireStore(StoreId store) {
        Checks.notNull(store, "store");
        if (stores.find(store).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_STORE, "store", store.value());
        }
        return store;
    }

    /**
     * Available, on-hand and held units of each SKU in the store, in one call to the lock; SKUs the store
     * never had read as zero. {@code UNKNOWN_STORE} for a store that does not exist.
     */
    public Map<SkuId, StockLevel> availability(StoreId store, Collection<SkuId> skus) {
        Checks.notNull(store, "store");
        Checks.noNulls(skus, "skus");
        requireStore(store);
        List<Resource> resources = new ArrayList<>(skus.size());
        for (SkuId sku : skus) {
            resources.add(Resource.sku(sku));
        }
        Map<SkuId, StockLevel> out = new LinkedHashMap<>();
        lock.levels(store, resources).forEach((r, level) -> out.put(r.skuId(), level));
        return out;
    }

    public long available(StoreId store, SkuId sku) {
        return java.util.Objects.requireNonNull(
                        availability(store, List.of(sku)).get(sku), "level")
                .available();
    }

    /** Holds stock through the lock and reports low stock for the lines it took below their threshold. */
    public ReserveResult reserve(HoldRequest request) {
        ReserveResult result = lock.reserve(request);
        if (result instanceof ReserveResult.Reserved) {
            ReserveResult.Reserved reserved = (ReserveResult.Reserved) result;
            if (!reserved.repeated()) {
                List<HoldLine> lines = reserved.reservation().lines();
                for (int i = 0; i < lines.size(); i++) {
                    HoldLine line = lines.get(i);
                    StockLevel after = reserved.levels().get(i);
                    alertIfCrossed(
                            request.store(), line.resource(), after.available() + line.quantity(), after.available());
                }
            }
        }
        return result;
    }

    private StockChangeResult afterChange(StockChange change, StockChangeResult result) {
        if (result instanceof StockChangeResult.Applied) {
            // The durable copy, with who made the change; a repeat records nothing new (same key), and
            // covers a first attempt that died between the lock and the ledger.
            ledger.record(List.of(movementOf(change)));
            if (!((StockChangeResult.Applied) result).repeated()) {
                long after = result.level().available();
                alertIfCrossed(change.store(), change.resource(), after - change.delta(), after);
            }
        }
        return result;
    }

    /**
     * Applies the change in the lock unless the durable ledger already has it: after the lock lost its data
     * and was rebuilt, it no longer knows the movement ids it had applied, and a late retry would otherwise
     * count the change a second time.
     */
    private StockChangeResult applyOnce(StockChange change) {
        java.util.Optional<StockMovement> recorded =
                ledger.find(change.store(), StockMovement.changeKey(change.id().value()));
        if (recorded.isEmpty()) {
            return lock.apply(change);
        }
        StockMovement m = recorded.get();
        StockMovement asked = movementOf(change);
        if (!m.resource().equals(asked.resource())
                || m.type() != asked.type()
                || m.quantity() != asked.quantity()
                || !java.util.Objects.equals(m.batch(), asked.batch())) {
            throw new OmsException(
                    ErrorCode.IDEMPOTENCY_CONFLICT,
                    "movement " + change.id() + " was applied before with other content");
        }
        Resource resource = change.resource();
        StockLevel level = java.util.Objects.requireNonNull(
                lock.levels(change.store(), List.of(resource)).get(resource), "level");
        return new StockChangeResult.Applied(level, true);
    }

    private StockMovement movementOf(StockChange change) {
        MovementType type = change.kind().movementType();
        return new StockMovement(
                StockMovement.changeKey(change.id().value()),
                change.store(),
                change.resource(),
                type,
                change.delta(),
                change.batch(),
                change.recordedActor(),
                clock.instant(),
                change.id().value(),
                change.reason());
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        Checks.notNull(change, "change");
        requireStore(change.store());
        Resource resource = change.resource();
        if (resource.isSku() && catalog.find(resource.skuId()).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_SKU, "SKU", resource.id());
        }
        Batch batch = change.batch();
        StockChange effective = change;
        if (batch != null && change.kind() == StockChange.Kind.RECEIVE && batch.isExpiredAt(clock.instant())) {
            throw OmsException.invalid(
                    ErrorCode.BATCH_EXPIRED,
                    "batch.expiresAt",
                    "batch " + batch.code() + " expired at " + batch.expiresAt());
        }
        if (batch != null && change.kind() == StockChange.Kind.ADJUST) {
            Batch stored = storedBatch(change.store(), resource.skuId(), batch.code());
            effective = new StockChange(
                    change.id(),
                    change.store(),
                    resource,
                    change.kind(),
                    change.delta(),
                    change.reason(),
                    stored,
                    change.actor());
        }
        StockChangeResult result = afterChange(effective, applyOnce(effective));
        if (result instanceof StockChangeResult.Rejected rejected) {
            if (change.kind() == StockChange.Kind.RECEIVE) {
                throw batch != null
                        ? rejected.asError(change.store(), resource.skuId(), batch.code())
                        : OmsException.invalid(ErrorCode.INVALID_QUANTITY, "units", rejected.why());
            }
            if (batch != null && rejected.cause() == StockChangeResult.Cause.UNKNOWN_BATCH) {
                throw OmsException.notFound(
                        ErrorCode.UNKNOWN_BATCH, "batch", batch.code().value());
            }
        }
        return result;
    }

    /** The threshold below which a SKU is low in a store: its own, else the store's default, else configured. */
    public long thresholdFor(StoreId store, SkuId sku) {
        java.util.OptionalLong own = overrides.find(store, sku);
        if (own.isPresent()) {
            return own.getAsLong();
        }
        java.util.OptionalLong storeDefault = overrides.storeDefault(store);
        return storeDefault.isPresent() ? storeDefault.getAsLong() : thresholds.thresholdFor(store, sku);
    }

    /** Sets a SKU's low-stock threshold in a store (0 turns its alerts off). */
    public void setThreshold(StoreId store, SkuId sku, long units) {
        Checks.notNull(sku, "sku");
        requireStore(store);
        if (catalog.find(sku).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_SKU, "SKU", sku.value());
        }
        overrides.set(store, sku, StockThresholds.checkUnits(units));
    }

    /** Sets a store's default low-stock threshold, for SKUs without their own. */
    public void setStoreDefaultThreshold(StoreId store, long units) {
        overrides.setStoreDefault(requireStore(store), StockThresholds.checkUnits(units));
    }

    /**
     * The SKUs of a store with fewer available units than their threshold, fewest first; SKUs the store has
     * never stocked count when they have a threshold of their own.
     */
    public List<LowStock> lowStock(StoreId store) {
        requireStore(store);
        Map<SkuId, Long> available = new java.util.HashMap<>();
        lock.allLevels(store).forEach((resource, level) -> {
            if (resource.isSku()) {
                available.put(resource.skuId(), level.available());
            }
        });
        overrides.ofStore(store).keySet().forEach(sku -> available.putIfAbsent(sku, 0L));
        List<LowStock> out = new ArrayList<>();
        available.forEach((sku, units) -> {
            long threshold = thresholdFor(store, sku);
            if (threshold > 0 && units < threshold) {
                out.add(new LowStock(store, sku, units, threshold));
            }
        });
        out.sort(java.util.Comparator.comparingLong(LowStock::available).thenComparing(LowStock::sku));
        return out;
    }

    private void alertIfCrossed(StoreId store, Resource resource, long before, long after) {
        if (!resource.isSku() || after >= before) {
            return;
        }
        SkuId sku = resource.skuId();
        try {
            long threshold = thresholdFor(store, sku);
            if (LowStockThresholds.crossesDownward(threshold, before, after)) {
                events.publish(new OmsEvent.StockLow(store, sku, after, threshold, clock.instant()));
            }
        } catch (OmsException e) {
            // The change is made; an alert that cannot be worked out must not turn it into a failure.
            LOG.warn("could not check the low-stock threshold of {} in {}", sku, store, e);
        }
    }

    @Override
    public Optional<Reservation> reservation(StoreId store, ReservationId id) {
        Checks.notNull(store, "store");
        Checks.notNull(id, "reservationId");
        return lock.find(store, id);
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store) {
        return lock.allLevels(Checks.notNull(store, "store"));
    }

    @Override
    public int expireDue(StoreId store, int max) {
        Checks.notNull(store, "store");
        return lock.expireDue(store, Checks.positive(max, "max"));
    }
}
