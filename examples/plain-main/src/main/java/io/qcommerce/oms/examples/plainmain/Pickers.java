package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.picking.PickLine;
import io.qcommerce.oms.picking.PickingList;
import io.qcommerce.oms.store.StoreId;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pickers of each store. A paid order becomes due for picking at a minute of its own (two minutes after
 * payment, or a few minutes before its slot starts); every minute in which a store has a due order, its picker
 * asks the library for the store's picking list ({@code oms.picking().list}: the confirmed orders, oldest first,
 * with what they need by SKU and batch) and starts each due order on it, oldest first
 * ({@code oms.picking().startPicking}), which takes it off the list. Orders on the list that are not due yet (a
 * slot later in the morning) stay on it. What happens after picking started is the caller's, run at that minute.
 *
 * <p>Thread-safe: the stores' rounds run concurrently with the shoppers' steps; one round per store and minute.
 */
final class Pickers {
    /**
     * The most orders one picking list brings. Only orders that are due are started, so the list must reach
     * them past the confirmed orders not due yet (booked in a later slot): a store has at most its slots'
     * capacity of those.
     */
    static final int LIST_SIZE = 500;

    private final Oms oms;
    private final Tally tally;
    private final Journal journal;
    private final LocalTime opening;
    /** Orders waiting for a picker, by store: when they become due, and what follows once picking started. */
    private final Map<StoreId, Map<OrderId, Due>> due = new ConcurrentHashMap<>();
    private Sample busiest;

    private record Due(int from, Timeline.Step afterStart) {
    }

    /**
     * The busiest round of the morning: the most orders started from one list (then the longest list, the
     * earliest, the first store).
     *
     * @param at      when the picker asked for it
     * @param started of its orders, those that were due and started
     */
    record Sample(PickingList list, LocalTime at, int minute, int started) {
        long units() {
            return list.lines().stream().mapToLong(PickLine::units).sum();
        }
    }

    Pickers(Oms oms, Tally tally, Journal journal, LocalTime opening) {
        this.oms = oms;
        this.tally = tally;
        this.journal = journal;
        this.opening = opening;
    }

    /** The picker of a store, as the order's history records them. */
    static Actor picker(StoreId store) {
        return Actor.staff("picker@" + store.value());
    }

    /** The order is to be picked from {@code minute} on; {@code afterStart} runs at the minute picking started. */
    void due(StoreId store, OrderId order, int minute, Timeline.Step afterStart) {
        due.computeIfAbsent(store, s -> new ConcurrentHashMap<>()).put(order, new Due(minute, afterStart));
    }

    /** The stores with an order due at or before {@code minute}, each to get one round. */
    List<StoreId> storesWithWork(int minute) {
        List<StoreId> out = new ArrayList<>();
        due.forEach((store, orders) -> {
            if (orders.values().stream().anyMatch(d -> d.from() <= minute)) {
                out.add(store);
            }
        });
        out.sort(null);
        return out;
    }

    /** True when no paid order is waiting for a picker. */
    boolean idle() {
        return due.values().stream().allMatch(Map::isEmpty);
    }

    /** One store's round: the picking list, and every due order on it started, oldest first. */
    void round(StoreId store, int minute) {
        PickingList list = oms.picking().list(store, LIST_SIZE);
        tally.add(Outcome.PICKING_LISTS);
        Map<OrderId, Due> waiting = due.getOrDefault(store, Map.of());
        int started = 0;
        for (OrderId id : list.orders()) {
            Due d = waiting.get(id);
            if (d == null || d.from() > minute) {
                continue;
            }
            // Off the waiting list first: a step that throws is journaled once, not retried every minute.
            waiting.remove(id);
            oms.picking().startPicking(id, picker(store));
            tally.add(Outcome.ORDERS_PICKED);
            started++;
            d.afterStart().run(minute);
        }
        long overdue = waiting.values().stream().filter(d -> d.from() < minute).count();
        if (overdue > 0 && list.orders().size() < LIST_SIZE) {
            journal.error(opening.plusMinutes(minute) + " " + overdue + " paid orders of " + store
                    + " overdue for picking are not on its picking list");
        }
        remember(new Sample(list, opening.plusMinutes(minute), minute, started));
    }

    private static final java.util.Comparator<Sample> BUSIER = java.util.Comparator.comparingInt(Sample::started)
            .thenComparingInt(x -> x.list().orders().size())
            .thenComparing(Sample::minute, java.util.Comparator.reverseOrder())
            .thenComparing(x -> x.list().store(), java.util.Comparator.reverseOrder());

    private synchronized void remember(Sample s) {
        if (busiest == null || BUSIER.compare(s, busiest) > 0) {
            busiest = s;
        }
    }

    /** The busiest round seen, or null when no picker asked for a list. */
    synchronized Sample busiest() {
        return busiest;
    }
}
