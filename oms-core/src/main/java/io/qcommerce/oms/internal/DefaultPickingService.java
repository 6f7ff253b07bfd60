package io.qcommerce.oms.internal;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.picking.PickLine;
import io.qcommerce.oms.picking.PickingList;
import io.qcommerce.oms.picking.PickingService;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picking lists of a dark store: the confirmed orders awaiting picking, oldest first, aggregated by SKU with
 * the batches to take; and the step that starts picking an order, which takes it off the list. Thread-safe;
 * a list is a snapshot, and picking the same order twice is harmless (the second call returns it as is).
 */
final class DefaultPickingService implements PickingService {
    private final OrderRepository orders;
    private final OrderService orderService;
    private final Clock clock;
    private final StoreDirectory stores;

    DefaultPickingService(OrderRepository orders, OrderService orderService, StoreDirectory stores, Clock clock) {
        this.stores = Checks.notNull(stores, "stores");
        this.orders = Checks.notNull(orders, "orders");
        this.orderService = Checks.notNull(orderService, "orderService");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** The oldest {@code maxOrders} confirmed orders of the store and what they need. */
    public PickingList list(StoreId store, int maxOrders) {
        Checks.notNull(store, "store");
        Checks.positive(maxOrders, "maxOrders");
        if (stores.find(store).isEmpty()) {
            throw io.qcommerce.oms.error.OmsException.notFound(
                    io.qcommerce.oms.error.ErrorCode.UNKNOWN_STORE, "store", store.value());
        }
        List<Order> waiting = orders.findByStoreAndStatus(store, OrderStatus.CONFIRMED, maxOrders);
        List<OrderId> ids = new ArrayList<>(waiting.size());
        Map<SkuId, Aggregate> bySku = new TreeMap<>();
        for (Order order : waiting) {
            ids.add(order.id());
            for (OrderLine line : order.lines()) {
                if (line.quantity() == 0) {
                    continue; // every unit went short already: nothing to pick
                }
                Aggregate a = bySku.computeIfAbsent(line.sku(), s -> new Aggregate(line.name()));
                a.units += line.quantity();
                a.orders++;
                for (BatchTake take : line.deliveredBatches()) {
                    a.batches.merge(take.batch(), take.quantity(), Long::sum);
                }
            }
        }
        List<PickLine> lines = new ArrayList<>(bySku.size());
        bySku.forEach((sku, a) -> {
            List<BatchTake> takes = new ArrayList<>(a.batches.size());
            a.batches.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Batch.FEFO))
                    .forEach(e -> takes.add(new BatchTake(e.getKey(), e.getValue())));
            lines.add(new PickLine(sku, a.name, a.units, a.orders, takes));
        });
        return new PickingList(store, clock.instant(), ids, lines);
    }

    /** Starts picking an order: it moves to PICKING and leaves the list. */
    public Order startPicking(OrderId order, Actor picker) {
        return orderService.advance(order, OrderStatus.PICKING, picker);
    }

    private static final class Aggregate {
        final String name;
        long units;
        int orders;
        final Map<Batch, Long> batches = new LinkedHashMap<>();

        Aggregate(String name) {
            this.name = name;
        }
    }
}
