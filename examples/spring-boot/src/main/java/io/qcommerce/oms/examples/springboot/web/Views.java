package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderTotals;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the service answers with: plain records mapped by hand from the library's values, so that the
 * wire format is stated here and does not change when a domain type gains a method.
 */
public final class Views {
    private Views() {
    }

    /** An amount in minor units (paise for INR). */
    public record MoneyView(long minor, String currency) {
        static MoneyView of(Money m) {
            return new MoneyView(m.minor(), m.currency().getCurrencyCode());
        }
    }

    /** {@code minShelfLife} as an ISO-8601 duration ({@code PT48H}; {@code PT0S} for none). */
    public record SkuView(String id, String name, MoneyView mrp, MoneyView sellingPrice, boolean active,
                          int maxPerOrder, String minShelfLife) {
        static SkuView of(Sku s) {
            return new SkuView(s.id().value(), s.name(), MoneyView.of(s.mrp()), MoneyView.of(s.sellingPrice()),
                    s.active(), s.maxPerOrder(), s.minShelfLife().toString());
        }
    }

    public record LocationView(double latitude, double longitude) {
    }

    public record StoreView(String id, String name, List<String> pincodes, int priority, boolean active,
                            LocationView location, int deliveryRadiusMeters) {
        static StoreView of(Store s) {
            return new StoreView(s.id().value(), s.name(), s.pincodes().stream().map(Pincode::value).toList(),
                    s.priority(), s.active(),
                    s.location() == null ? null : new LocationView(s.location().latitude(), s.location().longitude()),
                    s.deliveryRadiusMeters());
        }
    }

    /**
     * A priced line. {@code batches} (orders only): the batches its units come from, first expiry first; units
     * not listed come from stock kept without batches.
     */
    public record LineView(String sku, String name, int quantity, MoneyView unitPrice, MoneyView unitMrp,
                           MoneyView lineTotal, List<BatchTakeView> batches) {
        /** A line of a cart: no batches are chosen before stock is held. */
        static LineView of(OrderLine l) {
            return new LineView(l.sku().value(), l.name(), l.quantity(), MoneyView.of(l.unitPrice()),
                    MoneyView.of(l.unitMrp()), MoneyView.of(l.lineTotal()), null);
        }

        /** A line of an order, with its batches (an empty list when it has none). */
        static LineView ofOrder(OrderLine l) {
            return new LineView(l.sku().value(), l.name(), l.quantity(), MoneyView.of(l.unitPrice()),
                    MoneyView.of(l.unitMrp()), MoneyView.of(l.lineTotal()),
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
            return b == null ? null : new SlotBookingView(b.id().value(), b.type().name(), b.start(), b.end());
        }
    }

    public record TotalsView(long itemCount, MoneyView total, MoneyView mrpTotal, MoneyView savings) {
        static TotalsView of(OrderTotals t) {
            return new TotalsView(t.itemCount(), MoneyView.of(t.total()), MoneyView.of(t.mrpTotal()),
                    MoneyView.of(t.savings()));
        }
    }

    public record ActorView(String type, String id) {
    }

    public record ChangeView(String from, String to, Instant at, ActorView actor, String reason) {
        static ChangeView of(StatusChange c) {
            return new ChangeView(c.from() == null ? null : c.from().name(), c.to().name(), c.at(),
                    new ActorView(c.actor().type().name(), c.actor().id()), c.reason());
        }
    }

    /** An order; {@code slot} only when it booked a delivery slot. */
    public record OrderView(String id, String customer, String store, String pincode, String status,
                            String cancelReason, SlotBookingView slot, List<LineView> lines, TotalsView totals,
                            Instant createdAt, Instant holdExpiresAt, Instant updatedAt, List<ChangeView> history,
                            long version) {
        static OrderView of(Order o) {
            return new OrderView(o.id().value(), o.customer().value(), o.store().value(), o.pincode().value(),
                    o.status().name(), o.cancelReason().map(Enum::name).orElse(null), SlotBookingView.of(o.slot()),
                    o.lines().stream().map(LineView::ofOrder).toList(), TotalsView.of(o.totals()), o.createdAt(),
                    o.holdExpiresAt(), o.updatedAt(), o.history().stream().map(ChangeView::of).toList(),
                    o.version());
        }
    }

    /** {@code expired}: units on hand in batches past their expiry, on the shelf but not for sale. */
    public record StockView(String store, String sku, long onHand, long reserved, long expired, long available) {
        static StockView of(StockLevel l) {
            return new StockView(l.store().value(), name(l.resource()), l.onHand(), l.reserved(), l.expired(),
                    l.available());
        }
    }

    /**
     * One batch of a SKU in a store: {@code available} is what a new order could take from it now (none once
     * {@code expired}).
     */
    public record BatchView(String store, String sku, String batch, Instant expiresAt, long onHand, long reserved,
                            long available, boolean expired) {
        static BatchView of(BatchLevel l, Instant now) {
            return new BatchView(l.store().value(), l.sku().value(), l.batch().code().value(), l.batch().expiresAt(),
                    l.onHand(), l.reserved(), Math.max(0, l.availableAt(now)), l.batch().isExpiredAt(now));
        }
    }

    /**
     * A delivery slot as its store's staff see it, with its bookings: {@code booked} by paid orders,
     * {@code held} by orders awaiting payment, {@code remaining} orders it can still take.
     */
    public record SlotView(String id, String store, String date, Instant start, Instant end, String type,
                           int capacity, Instant cutoff, boolean active, long version, long booked, long held,
                           long remaining) {
        static SlotView of(SlotAvailability a) {
            DeliverySlot s = a.slot();
            return new SlotView(s.id().value(), s.store().value(), s.date().toString(), s.start(), s.end(),
                    s.type().name(), s.capacity(), s.cutoff(), s.active(), s.version(), a.booked(), a.held(),
                    a.remaining());
        }
    }

    /** A slot a customer can book now: {@code remaining} orders it can still take. */
    public record BookableSlotView(String id, String store, String date, Instant start, Instant end, String type,
                                   Instant cutoff, long remaining) {
        static BookableSlotView of(SlotAvailability a) {
            DeliverySlot s = a.slot();
            return new BookableSlotView(s.id().value(), s.store().value(), s.date().toString(), s.start(), s.end(),
                    s.type().name(), s.cutoff(), a.remaining());
        }
    }

    public record StockChangeView(StockView level, boolean repeated) {
    }

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
            return new CartProblemView(p.code().name(), p.sku() == null ? null : p.sku().value(), p.message());
        }
    }

    public record ValidCartView(boolean valid, List<LineView> lines, TotalsView totals) {
    }

    /** The store that would serve a cart now; nothing is held. */
    public record AssignmentView(StoreView store, List<LineView> lines, TotalsView totals) {
    }

    /**
     * One SKU to pick: units over the listed orders, how many orders want it, and the units to take from each
     * batch, first expiry first (the rest from stock kept without batches).
     */
    public record PickLine(String sku, String name, long units, int orders, List<PickBatch> batches) {
    }

    /** Units of a pick line to take from one batch. */
    public record PickBatch(String batch, Instant expiresAt, long units) {
    }

    /** What to pick in a store for its confirmed orders, the oldest order first. */
    public record PickingListView(String store, List<String> orders, List<PickLine> lines) {
    }

    public record ReconcileView(int ordersCancelled, int ordersConfirmed, int holdsExpired, int failures) {
    }

    public record MeView(String name, String role, String store, String customer) {
    }

    private static String name(Resource r) {
        return r.isSku() ? r.skuId().value() : r.key();
    }
}
