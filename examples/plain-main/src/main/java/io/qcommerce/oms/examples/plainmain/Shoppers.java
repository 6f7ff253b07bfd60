package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.order.ShortPick;
import io.qcommerce.oms.picking.PickingList;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * The people of the morning as steps on a timeline of minutes: shoppers checking out and paying, pickers, riders
 * and returns, calling the library as a host's request handlers would. A step schedules what follows for a later
 * minute; the steps of one minute run at once on the worker threads. Also what the apps were told, for the checks.
 */
final class Shoppers {
    /** What the apps and staff saw, counted from many threads. */
    enum Outcome {
        CHECKOUT_CALLS, PLACED, PLACED_AT_FALLBACK, PLACED_IN_SLOT, IDEMPOTENT_REPEAT, KEY_REUSE_REFUSED,
        CART_REJECTED, NOT_SERVICEABLE, OUT_OF_STOCK, SLOT_REFUSED, SLOT_REPICKED, PAYMENT_CONFIRMED,
        PAYMENT_REFUSED, PAYMENT_FAILED, ABANDONED, CANCELLED_BEFORE_PAYING, CANCELLED_AFTER_PAYING,
        CANCELLED_BY_STORE, DELIVERY_FAILED, DELIVERED, RETURNED_RESELLABLE, RETURNED_NOT_RESELLABLE,
        PICKING_LISTS, ORDERS_PICKED, RECONCILER_CANCELLED, MOVEMENTS_SHIPPED, BATCH_RESCAN_REFUSED,
        UNITS_WRITTEN_OFF, SHORT_PICKED, LATE_CANCEL_REFUSED
    }

    /** Every answer one shopper's checkout key got, and whether an edited cart under it was refused. */
    record Checkout(ShopperPlan plan, List<PlacementResult> results, AtomicBoolean keyReuseRefused) {
    }

    private record Due(int from, IntConsumer afterStart) {
    }

    private final Oms oms;
    private final Instant opening;
    private final ConcurrentSkipListMap<Integer, Queue<IntConsumer>> timeline = new ConcurrentSkipListMap<>();
    private final Map<Outcome, LongAdder> counts = new ConcurrentHashMap<>();
    final Map<Integer, Checkout> checkouts = new ConcurrentHashMap<>();
    final Queue<OrderId> refusedPayments = new ConcurrentLinkedQueue<>();
    final Queue<String> errors = new ConcurrentLinkedQueue<>();
    /** Paid orders waiting for a picker, by store: from which minute, and what follows once picking started. */
    private final Map<StoreId, Map<OrderId, Due>> due = new ConcurrentHashMap<>();
    /** The request each slot shopper sends, shared by both taps of a double tap. */
    private final Map<Integer, PlaceOrderRequest> slotRequests = new ConcurrentHashMap<>();
    private final java.util.Set<Integer> repicked = ConcurrentHashMap.newKeySet();

    Shoppers(Oms oms, Instant opening) {
        this.oms = oms;
        this.opening = opening;
    }

    void at(int minute, IntConsumer step) {
        timeline.computeIfAbsent(minute, m -> new ConcurrentLinkedQueue<>()).add(step);
    }

    /** The steps of a minute, taken off the timeline; then each store with a due order gets a picker's round. */
    List<IntConsumer> stepsAt(int minute) {
        Queue<IntConsumer> steps = timeline.remove(minute);
        List<IntConsumer> out = new ArrayList<>(steps == null ? List.of() : steps);
        due.forEach((store, orders) -> {
            if (orders.values().stream().anyMatch(d -> d.from() <= minute)) {
                out.add(m -> pickingRound(store, m));
            }
        });
        return out;
    }

    boolean idle() {
        return timeline.isEmpty() && due.values().stream().allMatch(Map::isEmpty);
    }

    void count(Outcome o, long n) {
        counts.computeIfAbsent(o, k -> new LongAdder()).add(n);
    }

    long get(Outcome o) {
        return counts.getOrDefault(o, new LongAdder()).sum();
    }

    /** The checkout at its minute; a double tap is two identical calls in the same minute. */
    void expect(ShopperPlan plan) {
        checkouts.put(plan.number(), new Checkout(plan, Collections.synchronizedList(new ArrayList<>()),
                new AtomicBoolean()));
        for (int taps = plan.retry() == ShopperPlan.Retry.DOUBLE_TAP ? 2 : 1; taps > 0; taps--) {
            at(plan.arrivalMinute(), m -> attempt(plan, request(plan, false), m));
        }
    }

    /** The plain request, or for a slot shopper one in the slot tapped in the list offered now (once per decision). */
    private PlaceOrderRequest request(ShopperPlan plan, boolean again) {
        if (plan.slotPick() < 0) {
            return plan.request();
        }
        return slotRequests.compute(plan.number(), (n, old) -> {
            if (old != null && !again) {
                return old;
            }
            List<StoreId> near = oms.stores().candidates(plan.pincode(), null).stream().map(Store::id).toList();
            List<SlotAvailability> offered = new ArrayList<>(oms.slots().bookable(plan.pincode(),
                    MorningSimulation.DAY, MorningSimulation.DAY));
            offered.sort(Comparator.comparing((SlotAvailability a) -> a.slot().start())
                    .thenComparingInt(a -> near.indexOf(a.slot().store())));
            return offered.isEmpty() ? plan.request()
                    : plan.request().inSlot(offered.get(plan.slotPick() * offered.size() / 1000).slot().id());
        });
    }

    /** One checkout call and what follows; a refused slot sends the shopper back to the list, once. */
    private void attempt(ShopperPlan plan, PlaceOrderRequest request, int minute) {
        PlacementResult first = place(plan, request);
        if (first instanceof PlacementResult.SlotUnavailable && repicked.add(plan.number())) {
            at(minute + 1, m -> { // once, for one tap of a double tap, unless the other got the order after all
                if (oms.orders().byCustomer(plan.customer(), 1).isEmpty()) {
                    count(Outcome.SLOT_REPICKED, 1);
                    attempt(plan, request(plan, true), m);
                }
            });
        }
        if (!(first instanceof PlacementResult.Placed placed)) {
            return; // only the call that created the order drives it on; a double tap's other call just looks
        }
        Order order = placed.order();
        if (plan.retry() == ShopperPlan.Retry.SEQUENTIAL) {
            place(plan, request); // the first answer was lost; the app sends the very same request again
        } else if (plan.retry() == ShopperPlan.Retry.KEY_REUSE) {
            count(Outcome.CHECKOUT_CALLS, 1);
            if (refused(ErrorCode.IDEMPOTENCY_CONFLICT, () -> oms.place(ShopperPlan.edited(request)))) {
                checkouts.get(plan.number()).keyReuseRefused().set(true);
                count(Outcome.KEY_REUSE_REFUSED, 1);
            }
        }
        if (plan.payment() == ShopperPlan.Payment.ABANDON) {
            count(Outcome.ABANDONED, 1); // the hold runs out and the reconciler cancels the order
        } else {
            at(minute + plan.paymentDelay(), m -> pay(plan, order, m));
        }
    }

    private PlacementResult place(ShopperPlan plan, PlaceOrderRequest request) {
        count(Outcome.CHECKOUT_CALLS, 1);
        PlacementResult result = oms.place(request);
        checkouts.get(plan.number()).results().add(result);
        if (result instanceof PlacementResult.Placed p) {
            boolean fallback = !p.order().store().equals(oms.stores().candidates(plan.pincode(), null).get(0).id());
            count(Outcome.PLACED, 1);
            count(Outcome.PLACED_AT_FALLBACK, fallback ? 1 : 0);
            count(Outcome.PLACED_IN_SLOT, p.order().slot() != null ? 1 : 0);
        } else if (result instanceof PlacementResult.Repeated) {
            count(Outcome.IDEMPOTENT_REPEAT, 1);
        } else {
            count(result instanceof PlacementResult.CartRejected ? Outcome.CART_REJECTED
                    : result instanceof PlacementResult.NotServiceable ? Outcome.NOT_SERVICEABLE
                    : result instanceof PlacementResult.SlotUnavailable ? Outcome.SLOT_REFUSED
                    : Outcome.OUT_OF_STOCK, 1);
        }
        return result;
    }

    private void pay(ShopperPlan plan, Order order, int minute) {
        Actor shopper = Actor.customer(plan.customer().value());
        switch (plan.payment()) {
            case PAY, PAY_LATE -> {
                PaymentResult paid = oms.orders().confirmPayment(order.id(), shopper);
                if (paid instanceof PaymentResult.Confirmed) {
                    count(Outcome.PAYMENT_CONFIRMED, 1);
                    fulfil(plan, paid.order(), minute);
                } else { // the hold ran out while the shopper was on the bank's page: refund, no order
                    count(Outcome.PAYMENT_REFUSED, 1);
                    refusedPayments.add(order.id());
                }
            }
            case FAIL -> {
                oms.orders().paymentFailed(order.id(), Actor.system("payment-gateway"));
                count(Outcome.PAYMENT_FAILED, 1);
            }
            default -> {
                oms.orders().cancel(order.id(), CancelReason.CUSTOMER, shopper);
                count(Outcome.CANCELLED_BEFORE_PAYING, 1);
            }
        }
    }

    /** A paid order is due for picking two minutes later, or six minutes before its slot starts. */
    private void fulfil(ShopperPlan plan, Order order, int paidAt) {
        if (plan.afterPayment() == ShopperPlan.AfterPayment.CUSTOMER_CANCELS) {
            cancelAt(paidAt + 1, order, CancelReason.CUSTOMER, Actor.customer(plan.customer().value()),
                    Outcome.CANCELLED_AFTER_PAYING);
            return;
        }
        int pickAt = paidAt + 2;
        if (order.slot() != null) {
            pickAt = Math.max(pickAt, (int) Duration.between(opening, order.slot().start()).toMinutes() - 6);
        }
        due.computeIfAbsent(order.store(), s -> new ConcurrentHashMap<>())
                .put(order.id(), new Due(pickAt, m -> picked(plan, order, m)));
    }

    /** A store's picker: the picking list (paid orders, oldest first, by SKU and batch), each due one started. */
    private void pickingRound(StoreId store, int minute) {
        PickingList list = oms.picking().list(store, 500);
        count(Outcome.PICKING_LISTS, 1);
        Map<OrderId, Due> waiting = due.get(store);
        for (OrderId id : list.orders()) {
            Due d = waiting.get(id);
            if (d != null && d.from() <= minute) {
                waiting.remove(id); // first: a step that throws is reported once, not retried every minute
                oms.picking().startPicking(id, Actor.staff("picker@" + store.value()));
                count(Outcome.ORDERS_PICKED, 1);
                d.afterStart().accept(minute);
            }
        }
        if (waiting.values().stream().anyMatch(d -> d.from() < minute)) {
            errors.add(MorningSimulation.OPENING.plusMinutes(minute) + " paid orders of " + store
                    + " overdue for picking are not on its picking list");
        }
    }

    /** Picking started: a unit may go short; pack, ride, deliver, maybe a return; or the store or the door ends it. */
    private void picked(ShopperPlan plan, Order order, int minute) {
        Actor rider = Actor.staff("rider@" + order.store().value());
        if (plan.number() % 13 == 0) { // one unit of the first line is damaged on the shelf: written off, refunded
            OrderLine line = order.lines().get(0);
            Order after = oms.orders().shortPick(order.id(), line.sku(), line.quantity() - 1, ShortPick.Cause.DAMAGED,
                    Actor.staff("picker@" + order.store().value()));
            count(Outcome.SHORT_PICKED, 1);
            if (after.status() == OrderStatus.CANCELLED) {
                return; // that was the order's only unit: the store cancelled it, refund due
            }
        }
        if (plan.afterPayment() == ShopperPlan.AfterPayment.STORE_CANCELS) { // a damaged pack found at picking
            cancelAt(minute + 1, order, CancelReason.STORE, Actor.staff("manager@" + order.store().value()),
                    Outcome.CANCELLED_BY_STORE);
            return;
        }
        at(minute + 2, m -> {
            oms.orders().advance(order.id(), OrderStatus.PACKED, Actor.staff("picker@" + order.store().value()));
            at(m + 1, m2 -> {
                oms.orders().advance(order.id(), OrderStatus.OUT_FOR_DELIVERY, rider);
                if (plan.number() % 7 == 0) { // the customer changes their mind on the way: too late
                    if (refused(ErrorCode.ILLEGAL_TRANSITION, () -> oms.orders().cancel(order.id(),
                            CancelReason.CUSTOMER, Actor.customer(plan.customer().value())))) {
                        count(Outcome.LATE_CANCEL_REFUSED, 1);
                    } else {
                        errors.add(order.id() + " was cancelled by its customer while out for delivery");
                    }
                }
                at(m2 + plan.rideMinutes(), m3 -> deliver(plan, order, rider, m3));
            });
        });
    }

    private void cancelAt(int minute, Order order, CancelReason reason, Actor by, Outcome outcome) {
        at(minute, m -> {
            oms.orders().cancel(order.id(), reason, by);
            count(outcome, 1);
        });
    }

    private void deliver(ShopperPlan plan, Order order, Actor rider, int minute) {
        if (plan.afterPayment() == ShopperPlan.AfterPayment.DELIVERY_FAILS) { // nobody home: back to the store, sealed
            oms.orders().recordReturn(order.id(), true, rider);
            count(Outcome.DELIVERY_FAILED, 1);
            return;
        }
        oms.orders().advance(order.id(), OrderStatus.DELIVERED, rider);
        count(Outcome.DELIVERED, 1);
        boolean resellable = plan.afterPayment() == ShopperPlan.AfterPayment.RETURNS_RESELLABLE;
        if (resellable || plan.afterPayment() == ShopperPlan.AfterPayment.RETURNS_NOT_RESELLABLE) {
            // Twenty minutes on: unopened goes back into its batches (RETURNED movements), spoilt is only recorded.
            at(minute + 20, m -> {
                oms.orders().recordReturn(order.id(), resellable, Actor.staff("returns@" + order.store().value()));
                count(resellable ? Outcome.RETURNED_RESELLABLE : Outcome.RETURNED_NOT_RESELLABLE, 1);
            });
        }
    }

    /** Runs a call the library must refuse with {@code code}: true if it did, false if the call went through. */
    static boolean refused(ErrorCode code, Runnable call) {
        try {
            call.run();
            return false;
        } catch (OmsException e) {
            if (e.code() != code) {
                throw e;
            }
            return true;
        }
    }
}
