package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.LowStock;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderTotals;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.picking.PickingList;
import io.qcommerce.oms.report.StorePerformance;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the service answers with: plain records mapped by hand from the library's values, so that the
 * wire format is stated here and does not change when a domain type gains a method.
 */
public final class Views {
    private Views() {}

    /** An amount in minor units (paise for INR). */
    public record MoneyView(long minor, String currency) {
        static MoneyView of(Money m) {
            return new MoneyView(m.minor(), m.currency().getCurrencyCode());
        }
    }

    /** {@code minShelfLife} as an ISO-8601 duration ({@code PT48H}; {@code PT0S} for none). */
    public record SkuView(
            String id,
            String name,
            MoneyView mrp,
            MoneyView sellingPrice,
            boolean active,
            int maxPerOrder,
            String minShelfLife) {
        static SkuView of(Sku s) {
            return new SkuView(
                    s.id().value(),
                    s.name(),
                    MoneyView.of(s.mrp()),
                    MoneyView.of(s.sellingPrice()),
                    s.active(),
                    s.maxPerOrder(),
                    s.minShelfLife().toString());
        }
    }

    public record LocationView(double latitude, double longitude) {}

    public record StoreView(
            String id,
            String name,
            List<String> pincodes,
            int priority,
            boolean active,
            LocationView location,
            int deliveryRadiusMeters) {
        static StoreView of(Store s) {
            return new StoreView(
                    s.id().value(),
                    s.name(),
                    s.pincodes().stream().map(Pincode::value).toList(),
                    s.priority(),
                    s.active(),
                    s.location() == null
                            ? null
                            : new LocationView(
                                    s.location().latitude(), s.location().longitude()),
                    s.deliveryRadiusMeters());
        }
    }

    /**
     * A priced line. {@code batches} (orders only): the batches its units come from, first expiry first; units
     * not listed come from stock kept without batches.
     */
    public record LineView(
            String sku,
            String name,
            int quantity,
            MoneyView unitPrice,
            MoneyView unitMrp,
            MoneyView lineTotal,
            List<BatchTakeView> batches) {
        /** A line of a cart: no batches are chosen before stock is held. */
        static LineView of(OrderLine l) {
            return new LineView(
                    l.sku().value(),
                    l.name(),
                    l.quantity(),
                    MoneyView.of(l.unitPrice()),
                    MoneyView.of(l.unitMrp()),
                    MoneyView.of(l.lineTotal()),
                    null);
        }

        /** A line of an order, with its batches (an empty list when it has none). */
        static LineView ofOrder(OrderLine l) {
            return new LineView(
                    l.sku().value(),
                    l.name(),
                    l.quantity(),
                    MoneyView.of(l.unitPrice()),
                    MoneyView.of(l.unitMrp()),
                    MoneyView.of(l.lineTotal()),
                    l.batches().stream().map(BatchTakeView::of).toList());
        }
    }

    /** Units of an order line taken from one batch. */
    public record BatchTakeView(String batch, Instant expiresAt, long quantity) {
        static BatchTakeView of(BatchTake t) {
            return new BatchTakeView(t.code().value(), t.batch().expiresAt(), t.quantity());
        }
    }

    /** The delivery slot an order booked. */
    public record SlotBookingView(String id, String type, Instant start, Instant end) {
        static SlotBookingView of(SlotBooking b) {
            return b == null
                    ? null
                    : new SlotBookingView(b.id().value(), b.type().name(), b.start(), b.end());
        }
    }

    public record TotalsView(long itemCount, MoneyView total, MoneyView mrpTotal, MoneyView savings) {
        static TotalsView of(OrderTotals t) {
            return new TotalsView(
                    t.itemCount(), MoneyView.of(t.total()), MoneyView.of(t.mrpTotal()), MoneyView.of(t.savings()));
        }
    }

    public record ActorView(String type, String id) {}

    public record ChangeView(String from, String to, Instant at, ActorView actor, String reason) {
        static ChangeView of(StatusChange c) {
            return new ChangeView(
                    c.from() == null ? null : c.from().name(),
                    c.to().name(),
                    c.at(),
                    new ActorView(c.actor().type().name(), c.actor().id()),
                    c.reason());
        }
    }

    /** An order; {@code slot} only when it booked a delivery slot. */
    public record OrderView(
            String id,
            String customer,
            String store,
            String pincode,
            String status,
            String cancelReason,
            SlotBookingView slot,
            List<LineView> lines,
            TotalsView totals,
            Instant createdAt,
            Instant holdExpiresAt,
            Instant updatedAt,
            List<ChangeView> history,
            long version) {
        static OrderView of(Order o) {
            return new OrderView(
                    o.id().value(),
                    o.customer().value(),
                    o.store().value(),
                    o.pincode().value(),
                    o.status().name(),
                    o.cancelReason().map(Enum::name).orElse(null),
                    SlotBookingView.of(o.slot()),
                    o.lines().stream().map(LineView::ofOrder).toList(),
                    TotalsView.of(o.totals()),
                    o.createdAt(),
                    o.holdExpiresAt(),
                    o.updatedAt(),
                    o.history().stream().map(ChangeView::of).toList(),
                    o.version());
        }
    }

    /** {@code expired}: units on hand in batches past their expiry, on the shelf but not for sale. */
    public record StockView(String store, String sku, long onHand, long reserved, long expired, long available) {
        static StockView of(StockLevel l) {
            return new StockView(
                    l.store().value(), name(l.resource()), l.onHand(), l.reserved(), l.expired(), l.available());
        }
    }

    /**
     * One batch of a SKU in a store: {@code available} is what a new order could take from it now (none once
     * {@code expired}).
     */
    public record BatchView(
            String store,
            String sku,
            String batch,
            Instant expiresAt,
            long onHand,
            long reserved,
            long available,
            boolean expired) {
        static BatchView of(BatchLevel l, Instant now) {
            return new BatchView(
                    l.store().value(),
                    l.sku().value(),
                    l.batch().code().value(),
                    l.batch().expiresAt(),
                    l.onHand(),
                    l.reserved(),
                    Math.max(0, l.availableAt(now)),
                    l.batch().isExpiredAt(now));
        }
    }

    /**
     * A delivery slot as its store's staff see it, with its bookings: {@code booked} by paid orders,
     * {@code held} by orders awaiting payment, {@code remaining} orders it can still take.
     */
    public record SlotView(
            String id,
            String store,
            String date,
            Instant start,
            Instant end,
            String type,
            int capacity,
            Instant cutoff,
            boolean active,
            long version,
            long booked,
            long held,
            long remaining) {
        static SlotView of(SlotAvailability a) {
            DeliverySlot s = a.slot();
            return new SlotView(
                    s.id().value(),
                    s.store().value(),
                    s.date().toString(),
                    s.start(),
                    s.end(),
                    s.type().name(),
                    s.capacity(),
                    s.cutoff(),
                    s.active(),
                    s.version(),
                    a.booked(),
                    a.held(),
                    a.remaining());
        }
    }

    /** A slot a customer can book now: {@code remaining} orders it can still take. */
    public record BookableSlotView(
            String id,
            String store,
            String date,
            Instant start,
            Instant end,
            String type,
            Instant cutoff,
            long remaining) {
        static BookableSlotView of(SlotAvailability a) {
            DeliverySlot s = a.slot();
            return new BookableSlotView(
                    s.id().value(),
                    s.store().value(),
                    s.date().toString(),
                    s.start(),
                    s.end(),
                    s.type().name(),
                    s.cutoff(),
                    a.remaining());
        }
    }

    public record StockChangeView(StockView level, boolean repeated) {}

    public record ShortfallView(String sku, long requested, long available, long missing) {
        static ShortfallView of(Shortfall s) {
            return new ShortfallView(name(s.resource()), s.requested(), s.available(), s.missing());
        }
    }

    /** Shortfalls per store tried, in the order tried. */
    static List<Map<String, Object>> shortfalls(Map<StoreId, List<Shortfall>> byStore) {
        List<Map<String, Object>> out = new ArrayList<>();
        byStore.forEach((store, list) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("store", store.value());
            entry.put("lines", list.stream().map(ShortfallView::of).toList());
            out.add(entry);
        });
        return out;
    }

    public record CartProblemView(String code, String sku, String message) {
        static CartProblemView of(CartProblem p) {
            return new CartProblemView(
                    p.code().name(), p.sku() == null ? null : p.sku().value(), p.message());
        }
    }

    public record ValidCartView(boolean valid, List<LineView> lines, TotalsView totals) {}

    /** The store that would serve a cart now; nothing is held. */
    public record AssignmentView(StoreView store, List<LineView> lines, TotalsView totals) {}

    /**
     * One SKU to pick: units over the listed orders, how many orders want it, and the units to take from each
     * batch, first expiry first (the rest from stock kept without batches).
     */
    public record PickLine(String sku, String name, long units, int orders, List<PickBatch> batches) {}

    /** Units of a pick line to take from one batch. */
    public record PickBatch(String batch, Instant expiresAt, long units) {}

    /**
     * What to pick in a store for its confirmed orders: the orders oldest first, one line per SKU (by SKU id),
     * {@code at} when the list was made.
     */
    public record PickingListView(String store, Instant at, List<String> orders, List<PickLine> lines) {
        static PickingListView of(PickingList list) {
            List<PickLine> lines = new ArrayList<>();
            for (io.qcommerce.oms.picking.PickLine line : list.lines()) {
                lines.add(new PickLine(
                        line.sku().value(),
                        line.name(),
                        line.units(),
                        line.orders(),
                        line.batches().stream()
                                .map(t -> new PickBatch(
                                        t.code().value(), t.batch().expiresAt(), t.quantity()))
                                .toList()));
            }
            return new PickingListView(
                    list.store().value(),
                    list.at(),
                    list.orders().stream().map(o -> o.value()).toList(),
                    lines);
        }
    }

    /**
     * One entry of the stock ledger. {@code sku} names the SKU (or {@code slot:<id>} for a delivery slot's
     * capacity); {@code quantity} is signed for ADJUSTED; {@code onHand} and {@code reserved} are the changes
     * it made to those counters. {@code actor} is who made it ({@code store_staff:<login>}, {@code admin:<login>},
     * {@code customer:<id>}), {@code system} for holds, sales, releases and expiries, which the inventory lock
     * records without knowing who. {@code reference}: the movement id of a stock change, or the hold's id
     * ({@code r-<orderId>}); {@code note}: an adjustment's reason, the order a restock or return came from.
     */
    public record MovementView(
            String key,
            String sku,
            String type,
            long quantity,
            long onHand,
            long reserved,
            String batch,
            Instant expiresAt,
            String actor,
            Instant at,
            String reference,
            String note) {
        static MovementView of(StockMovement m) {
            Batch b = m.batch();
            return new MovementView(
                    m.key(),
                    name(m.resource()),
                    m.type().name(),
                    m.quantity(),
                    m.onHandEffect(),
                    m.reservedEffect(),
                    b == null ? null : b.code().value(),
                    b == null ? null : b.expiresAt(),
                    m.actor(),
                    m.at(),
                    m.reference(),
                    m.note());
        }
    }

    /**
     * A page of a store's stock ledger, oldest first. {@code next}: the cursor of the next page ({@code after=});
     * absent on the last page. {@code upToDate}: the inventory lock's latest holds and sales were copied to the
     * ledger just before it was read; false when the lock could not be reached, so those since the reconciler's
     * last pass may be missing.
     */
    public record LedgerPageView(String store, List<MovementView> movements, String next, boolean upToDate) {}

    /**
     * One counter on which the inventory lock and the durable record disagree: {@code recorded} is what the
     * ledger and the orders say, {@code actual} what the lock holds, {@code difference} = actual - recorded.
     * {@code batch} only for the counter of one batch.
     */
    public record DriftView(
            String sku, String batch, Instant expiresAt, String counter, long recorded, long actual, long difference) {
        static DriftView of(Drift d) {
            Batch b = d.batch();
            return new DriftView(
                    name(d.resource()),
                    b == null ? null : b.code().value(),
                    b == null ? null : b.expiresAt(),
                    d.counter(),
                    d.recorded(),
                    d.actual(),
                    d.difference());
        }
    }

    /** A store's counters compared with the durable record at {@code at}; {@code clean} when none differs. */
    public record DriftReportView(String store, Instant at, boolean clean, List<DriftView> drifts) {
        static DriftReportView of(DriftReport r) {
            return new DriftReportView(
                    r.store().value(),
                    r.at(),
                    r.isClean(),
                    r.drifts().stream().map(DriftView::of).toList());
        }
    }

    /**
     * What a rebuild wrote into the inventory lock: {@code resources} counters; the holds of orders awaiting
     * payment it put back ({@code holdsRestored}) or could not ({@code holdsDropped}: those orders will be refused
     * at payment), by hold id {@code r-<orderId>}; {@code problems} of the record itself, in words;
     * {@code movementsRecovered}: movements of holds the lock lost before the reconciler copied them to the
     * ledger, recorded again from the orders.
     */
    public record RebuildView(
            String store,
            int resources,
            List<String> holdsRestored,
            List<String> holdsDropped,
            List<String> problems,
            int movementsRecovered) {
        static RebuildView of(RebuildReport r) {
            return new RebuildView(
                    r.store().value(),
                    r.resources(),
                    r.holdsRestored().stream().map(h -> h.value()).toList(),
                    r.holdsDropped().stream().map(h -> h.value()).toList(),
                    r.problems(),
                    r.movementsRecovered());
        }
    }

    /**
     * The low-stock threshold of a SKU in a store and where it comes from: {@code SKU} (set for this SKU),
     * {@code STORE_DEFAULT} (the store's default) or {@code CONFIGURED} ({@code oms.low-stock-threshold}).
     * 0: no alerts.
     */
    public record ThresholdView(String store, String sku, long threshold, String source) {}

    /** A SKU's own threshold in a store. */
    public record SkuThresholdView(String sku, long threshold) {}

    /**
     * A store's low-stock thresholds: its own default ({@code storeDefault}, absent when not set), the configured
     * one, which applies when it is not set, and the SKUs with a threshold of their own, by SKU id.
     */
    public record StoreThresholdsView(
            String store, Long storeDefault, long configuredDefault, List<SkuThresholdView> skus) {}

    /** A SKU of a store with fewer units available than its threshold. */
    public record LowStockView(String store, String sku, long available, long threshold) {
        static LowStockView of(LowStock l) {
            return new LowStockView(l.store().value(), l.sku().value(), l.available(), l.threshold());
        }
    }

    /**
     * How a store did with the orders placed in {@code [from, to)}: counted by where they are now.
     * {@code delivered} excludes those returned since; {@code revenue} is what the delivered, kept orders were
     * paid; {@code successRate} = delivered / (delivered + returned + cancelled), 0 when none has finished.
     */
    public record PerformanceView(
            String store,
            Instant from,
            Instant to,
            long placed,
            long paid,
            long delivered,
            long returned,
            long cancelled,
            Map<String, Long> cancelledByReason,
            long inProgress,
            MoneyView revenue,
            double successRate) {
        static PerformanceView of(StorePerformance p) {
            Map<String, Long> reasons = new LinkedHashMap<>();
            p.cancelledByReason().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                    .forEach(e -> reasons.put(e.getKey().name(), e.getValue()));
            return new PerformanceView(
                    p.store().value(),
                    p.from(),
                    p.to(),
                    p.placed(),
                    p.paid(),
                    p.delivered(),
                    p.returned(),
                    p.cancelled(),
                    reasons,
                    p.inProgress(),
                    MoneyView.of(p.revenue()),
                    p.successRate());
        }
    }

    /** What one reconciler pass did; {@code movementsShipped}: stock movements copied to the durable ledger. */
    public record ReconcileView(
            int ordersCancelled, int ordersConfirmed, int holdsExpired, int failures, int movementsShipped) {}

    public record MeView(String name, String role, String store, String customer) {}

    private static String name(Resource r) {
        return r.isSku() ? r.skuId().value() : r.key();
    }
}
