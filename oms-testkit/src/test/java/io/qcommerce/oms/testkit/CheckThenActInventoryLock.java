package io.qcommerce.oms.testkit;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deliberately broken lock for testing the kit: every operation reads, yields, then writes, with no
 * lock around them (the check-then-act of a naive Redis GET/SET adapter). Holds never expire. The stress
 * driver must catch it.
 */
final class CheckThenActInventoryLock implements InventoryLock {
    private final Clock clock;
    private final Map<StockKey, long[]> counters = new ConcurrentHashMap<>();
    private final Map<String, Reservation> holds = new ConcurrentHashMap<>();

    CheckThenActInventoryLock(Clock clock) {
        this.clock = clock;
    }

    private long[] counter(StoreId store, Resource resource) {
        return counters.computeIfAbsent(StockKey.of(store, resource), k -> new long[2]);
    }

    private static String key(StoreId store, ReservationId id) {
        return store.value() + "/" + id.value();
    }

    private List<StockLevel> levelsOf(StoreId store, List<HoldLine> lines) {
        List<StockLevel> out = new ArrayList<>();
        for (HoldLine l : lines) {
            long[] c = counter(store, l.resource());
            out.add(new StockLevel(store, l.resource(), c[0], c[1]));
        }
        return out;
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        Reservation existing = holds.get(key(request.store(), request.id()));
        if (existing != null) {
            return new ReserveResult.Reserved(existing, levelsOf(request.store(), existing.lines()), true);
        }
        List<Shortfall> shortfalls = new ArrayList<>();
        for (HoldLine l : request.lines()) {
            long[] c = counter(request.store(), l.resource());
            if (c[0] - c[1] < l.quantity()) {
                shortfalls.add(new Shortfall(l.resource(), l.quantity(), c[0] - c[1]));
            }
        }
        if (!shortfalls.isEmpty()) {
            return new ReserveResult.Insufficient(request.store(), shortfalls);
        }
        Thread.yield();
        for (HoldLine l : request.lines()) {
            long[] c = counter(request.store(), l.resource());
            long read = c[1];
            Thread.yield();
            c[1] = read + l.quantity();
        }
        Reservation held = new Reservation(
                request.id(),
                request.store(),
                request.lines(),
                clock.instant(),
                clock.instant().plus(request.ttl()),
                ReservationStatus.HELD,
                null);
        holds.put(key(request.store(), request.id()), held);
        return new ReserveResult.Reserved(held, levelsOf(request.store(), held.lines()), false);
    }

    private Reservation known(StoreId store, ReservationId id) {
        Reservation r = holds.get(key(store, id));
        if (r == null) {
            throw new OmsException(ErrorCode.UNKNOWN_RESERVATION, "no reservation " + id);
        }
        return r;
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        Reservation r = known(store, id);
        if (r.status() == ReservationStatus.RELEASED) {
            return new ConfirmResult.Released(r);
        }
        if (r.status() == ReservationStatus.HELD) {
            for (HoldLine l : r.lines()) {
                long[] c = counter(store, l.resource());
                long onHand = c[0];
                long reserved = c[1];
                Thread.yield();
                c[0] = onHand - l.quantity();
                c[1] = reserved - l.quantity();
            }
            r = r.finish(ReservationStatus.CONFIRMED, clock.instant());
            holds.put(key(store, id), r);
        }
        return new ConfirmResult.Confirmed(r);
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        Reservation r = known(store, id);
        if (r.status() == ReservationStatus.CONFIRMED) {
            return new ReleaseResult.AlreadyConfirmed(r);
        }
        if (r.status() == ReservationStatus.HELD) {
            for (HoldLine l : r.lines()) {
                long[] c = counter(store, l.resource());
                long reserved = c[1];
                Thread.yield();
                c[1] = reserved - l.quantity();
            }
            r = r.finish(ReservationStatus.RELEASED, clock.instant());
            holds.put(key(store, id), r);
        }
        return new ReleaseResult.Released(r);
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        return Optional.ofNullable(holds.get(key(store, id)));
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        Map<Resource, StockLevel> out = new LinkedHashMap<>();
        for (Resource r : resources) {
            long[] c = counter(store, r);
            out.put(r, new StockLevel(store, r, c[0], c[1]));
        }
        return out;
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        long[] c = counter(change.store(), change.resource());
        c[0] += change.delta();
        return new StockChangeResult.Applied(new StockLevel(change.store(), change.resource(), c[0], c[1]), false);
    }

    @Override
    public int expireDue(StoreId store, int max) {
        return 0;
    }

    @Override
    public java.util.List<io.qcommerce.oms.inventory.BatchLevel> batches(
            StoreId store, io.qcommerce.oms.catalog.SkuId sku) {
        return java.util.List.of();
    }

    @Override
    public java.util.List<io.qcommerce.oms.inventory.BatchLevel> batchesExpiring(
            StoreId store, java.time.Instant before) {
        return java.util.List.of();
    }

    @Override
    public io.qcommerce.oms.spi.LedgerPage movements(StoreId store, String position, int limit) {
        return new io.qcommerce.oms.spi.LedgerPage(java.util.List.of(), position);
    }

    @Override
    public java.util.Map<io.qcommerce.oms.inventory.Resource, io.qcommerce.oms.inventory.StockLevel> allLevels(
            StoreId store) {
        return java.util.Map.of();
    }

    @Override
    public void restore(io.qcommerce.oms.spi.StoreState state) {
        throw new UnsupportedOperationException("a broken lock for tests");
    }
}
