package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people of the morning, as steps on the {@link Timeline}: shoppers looking at delivery slots, checking
 * out and paying, pickers (through {@link Pickers}) and riders moving paid orders along, customers returning a
 * delivered order, all calling the library the way a host's request handlers would. Every step is one short
 * burst of calls; whatever comes next is scheduled for a later minute.
 */
final class Shoppers {
    /** How many times a shopper whose slot was refused picks another before taking delivery now. */
    static final int MAX_REPICKS = 1;
    /** Minutes before a slot's start at which its orders are picked, so that they leave within the window. */
    static final int PICK_BEFORE_SLOT = 6;
    /** Minutes after delivery at which a customer who returns an order hands it back. */
    static final int RETURN_AFTER_MINUTES = 20;

    private final Oms oms;
    private final Timeline timeline;
    private final Tally tally;
    private final Journal journal;
    private final Pickers pickers;
    /** The simulated instant of minute 0, to turn a slot's start into a minute of the timeline. */
    private final Instant opening;
    /** The store each pincode tries first, to tell a fallback placement when we see one. */
    private final Map<Pincode, StoreId> firstChoice = new HashMap<>();
    /** The stores of each pincode in allocation order: the app offers the first store's slot of a window. */
    private final Map<Pincode, List<StoreId>> storeOrder = new HashMap<>();
    /** The slot decision of each shopper who wants one, by shopper number; shared by the taps of a double tap. */
    private final Map<Integer, SlotDecision> decisions = new ConcurrentHashMap<>();

    Shoppers(Oms oms, SampleData data, Timeline timeline, Tally tally, Journal journal, Pickers pickers,
             Instant opening) {
        this.oms = oms;
        this.pickers = pickers;
        this.timeline = timeline;
        this.tally = tally;
        this.journal = journal;
        this.opening = opening;
        for (SampleData.Area area : data.areas()) {
            List<Store> stores = oms.stores().candidates(area.pincode(), null);
            if (!stores.isEmpty()) {
                firstChoice.put(area.pincode(), stores.get(0).id());
            }
            storeOrder.put(area.pincode(), stores.stream().map(Store::id).toList());
        }
    }

    /**
     * Puts the shopper on the timeline: a look at the slots some minutes before checking out, for some of those
     * who want one; the checkout; a double tap is two identical calls in the same minute.
     */
    void expect(ShopperPlan plan) {
        journal.checkout(plan);
        ShopperPlan.SlotWish wish = plan.slotWish();
        if (wish != null) {
            SlotDecision decision = new SlotDecision(plan);
            decisions.put(plan.number(), decision);
            int browseAt = plan.arrivalMinute() - wish.browseLead();
            if (wish.browseLead() > 0 && browseAt >= 0) {
                timeline.at(browseAt, minute -> decision.request());
            }
        }
        timeline.at(plan.arrivalMinute(), minute -> checkout(plan, minute));
        if (plan.retry() == ShopperPlan.Retry.DOUBLE_TAP) {
            timeline.at(plan.arrivalMinute(), minute -> checkout(plan, minute));
        }
    }

    private void checkout(ShopperPlan plan, int minute) {
        SlotDecision decision = decisions.get(plan.number());
        attempt(plan, decision == null ? plan.request() : decision.request(), minute);
    }

    /** One checkout call with its retries and what follows; a refused slot sends the shopper back to the list. */
    private void attempt(ShopperPlan plan, PlaceOrderRequest request, int minute) {
        PlacementResult first = place(plan, request);
        if (first instanceof PlacementResult.SlotUnavailable) {
            SlotDecision decision = decisions.get(plan.number());
            if (decision != null && decision.refused(request)) {
                // The app says the slot is gone; choosing another takes the shopper a minute.
                timeline.at(minute + 1, m -> repick(plan, decision, m));
            }
            return;
        }
        // Only the call that created the order drives it on; the other tap of a double tap just looks.
        if (!(first instanceof PlacementResult.Placed) || ((PlacementResult.Placed) first).repeated()) {
            return;
        }
        Order order = ((PlacementResult.Placed) first).order();
        if (order.slot() != null) {
            tally.add(Outcome.PLACED_IN_SLOT);
        }
        if (plan.retry() == ShopperPlan.Retry.SEQUENTIAL) {
            // The app's first response was lost to a flaky network; it sends the very same request again.
            place(plan, request);
        } else if (plan.retry() == ShopperPlan.Retry.KEY_REUSE) {
            reuseKey(plan, request);
        }

        if (plan.payment() == ShopperPlan.Payment.ABANDON) {
            // Nothing more from this shopper: the hold runs out and the reconciler cancels the order.
            tally.add(Outcome.ABANDONED);
            return;
        }
        timeline.at(minute + plan.paymentDelay(), m -> paymentStep(plan, order, m));
    }

    private PlacementResult place(ShopperPlan plan, PlaceOrderRequest request) {
        tally.add(Outcome.CHECKOUT_CALLS);
        PlacementResult result = oms.place(request);
        journal.answered(plan, result);
        if (result instanceof PlacementResult.Placed) {
            PlacementResult.Placed placed = (PlacementResult.Placed) result;
            if (placed.repeated()) {
                tally.add(Outcome.IDEMPOTENT_REPEAT);
            } else {
                tally.add(Outcome.PLACED);
                if (!placed.order().store().equals(firstChoice.get(plan.pincode()))) {
                    tally.add(Outcome.PLACED_AT_FALLBACK);
                }
            }
        } else if (result instanceof PlacementResult.CartRejected) {
            tally.add(Outcome.CART_REJECTED);
            ((PlacementResult.CartRejected) result).problems().forEach(p -> tally.problem(p.code()));
        } else if (result instanceof PlacementResult.NotServiceable) {
            tally.add(Outcome.NOT_SERVICEABLE);
        } else if (result instanceof PlacementResult.OutOfStock) {
            tally.add(Outcome.OUT_OF_STOCK);
            ((PlacementResult.OutOfStock) result).shortfalls().values().stream()
                    .flatMap(List::stream)
                    .filter(shortfall -> shortfall.resource().isSku())
                    .map(shortfall -> shortfall.resource().skuId())
                    .distinct()
                    .forEach(tally::shortOf);
        } else if (result instanceof PlacementResult.HoldLapsed) {
            tally.add(Outcome.HOLD_LAPSED);
        } else if (result instanceof PlacementResult.SlotUnavailable) {
            tally.add(((PlacementResult.SlotUnavailable) result).why() == PlacementResult.SlotUnavailable.Why.FULL
                    ? Outcome.SLOT_FULL : Outcome.SLOT_CUT_OFF);
        }
        return result;
    }

    /**
     * A minute after a slot was refused: unless the other tap of a double tap got the order after all, the
     * shopper picks another slot from a fresh list, or takes delivery now when none is offered or this is
     * already a second refusal. A single call, whatever the first checkout was.
     */
    private void repick(ShopperPlan plan, SlotDecision decision, int minute) {
        if (!oms.orders().byCustomer(plan.customer(), 1).isEmpty()) {
            return;
        }
        attempt(plan, decision.repick(), minute);
    }

    /** The slots the shopper's pincode is offered now, one window at a time from the nearest store that has it. */
    private List<SlotAvailability> offered(Pincode pincode) {
        List<StoreId> order = storeOrder.getOrDefault(pincode, List.of());
        List<SlotAvailability> list = new ArrayList<>(oms.slots().bookable(pincode, MorningSimulation.DAY,
                MorningSimulation.DAY));
        list.sort(Comparator.comparing((SlotAvailability a) -> a.slot().start())
                .thenComparingInt(a -> order.indexOf(a.slot().store()))
                .thenComparing(a -> a.slot().id()));
        return list;
    }

    /**
     * What one shopper who wants a slot asks for: decided once (when looking at the slots, or at checkout) and
     * shared by both taps of a double tap, so that they send the same request; decided again, once, after the
     * library refused the slot.
     */
    private final class SlotDecision {
        private final ShopperPlan plan;
        private PlaceOrderRequest request;
        private int refusals;
        private boolean repickPending;

        SlotDecision(ShopperPlan plan) {
            this.plan = plan;
        }

        /** The request to send; on the first call, the shopper looks at the slots offered and picks one. */
        synchronized PlaceOrderRequest request() {
            if (request == null) {
                request = choose();
            }
            return request;
        }

        /**
         * The library refused the slot of {@code sent}. True when this call is the one to send the shopper back
         * to the list: both taps of a double tap may be refused, only one goes back.
         */
        synchronized boolean refused(PlaceOrderRequest sent) {
            if (request != sent || repickPending) {
                return false;
            }
            repickPending = true;
            return true;
        }

        /** Back at the list after a refusal: another slot, or delivery now. */
        synchronized PlaceOrderRequest repick() {
            repickPending = false;
            refusals++;
            request = choose();
            return request;
        }

        private PlaceOrderRequest choose() {
            PlaceOrderRequest plain = plan.request();
            List<SlotAvailability> offered = refusals > MAX_REPICKS ? List.of() : offered(plan.pincode());
            if (offered.isEmpty()) {
                tally.add(refusals == 0 ? Outcome.SLOT_NONE_OFFERED : Outcome.SLOT_GAVE_UP);
                return plain;
            }
            tally.add(refusals == 0 ? Outcome.SLOT_ASKED : Outcome.SLOT_REPICKED);
            SlotId slot = offered.get(plan.slotWish().pick(offered.size())).slot().id();
            return plain.inSlot(slot);
        }
    }

    /** A buggy app sends an edited cart under the key it already used; the library must refuse it. */
    private void reuseKey(ShopperPlan plan, PlaceOrderRequest placed) {
        Journal.Checkout checkout = journal.checkout(plan);
        tally.add(Outcome.CHECKOUT_CALLS);
        try {
            PlacementResult answer = oms.place(plan.editedRequest(placed));
            checkout.keyReuseAnswer = "accepted: " + answer;
        } catch (OmsException e) {
            if (e.code() != ErrorCode.IDEMPOTENCY_CONFLICT) {
                throw e;
            }
            checkout.keyReuseRefused = true;
            checkout.keyReuseAnswer = e.code().name();
            tally.add(Outcome.KEY_REUSE_REFUSED);
        }
    }

    private void paymentStep(ShopperPlan plan, Order order, int minute) {
        Actor shopper = Actor.customer(plan.customer().value());
        switch (plan.payment()) {
            case PAY:
            case PAY_LATE: {
                PaymentResult paid = oms.orders().confirmPayment(order.id(), shopper);
                if (paid instanceof PaymentResult.Confirmed) {
                    tally.add(Outcome.PAYMENT_CONFIRMED);
                    fulfil(plan, paid.order(), minute);
                } else {
                    // The hold ran out while the shopper was on the bank's page: refund, no order.
                    tally.add(Outcome.PAYMENT_REFUSED);
                    journal.refused(order.id());
                }
                break;
            }
            case FAIL:
                oms.orders().paymentFailed(order.id(), Actor.system("payment-gateway"));
                tally.add(Outcome.PAYMENT_FAILED);
                break;
            case CANCEL:
                oms.orders().cancel(order.id(), CancelReason.CUSTOMER, shopper);
                tally.add(Outcome.CANCELLED_BEFORE_PAYING);
                break;
            default:
                throw new IllegalStateException("no payment step for " + plan.payment());
        }
    }

    /**
     * The store's side of a paid order: pick, pack, hand to a rider, deliver; or one of the ways it ends early.
     * An order for delivery now is due for picking two minutes after payment; one booked in a slot a few minutes
     * before the slot starts, so that it arrives within the window. The pickers take due orders from the store's
     * picking list ({@link Pickers}); what follows is scheduled from the minute picking started.
     */
    private void fulfil(ShopperPlan plan, Order order, int paidAt) {
        if (plan.afterPayment() == ShopperPlan.AfterPayment.CUSTOMER_CANCELS) {
            timeline.at(paidAt + 1, m -> {
                oms.orders().cancel(order.id(), CancelReason.CUSTOMER, Actor.customer(plan.customer().value()));
                tally.add(Outcome.CANCELLED_AFTER_PAYING);
            });
            return;
        }
        int pickAt = paidAt + 2;
        SlotBooking slot = order.slot();
        if (slot != null) {
            pickAt = Math.max(pickAt, (int) Duration.between(opening, slot.start()).toMinutes() - PICK_BEFORE_SLOT);
        }
        pickers.due(order.store(), order.id(), pickAt, m -> picked(plan, order, m));
    }

    /** After a picker took the order off the picking list (it is PICKING now): pack, ride, deliver, maybe a return. */
    private void picked(ShopperPlan plan, Order order, int m) {
        String store = order.store().value();
        Actor picker = Pickers.picker(order.store());
        Actor rider = Actor.staff("rider@" + store);
        if (plan.afterPayment() == ShopperPlan.AfterPayment.STORE_CANCELS) {
            timeline.at(m + 1, m2 -> {
                oms.orders().cancel(order.id(), CancelReason.STORE, Actor.staff("manager@" + store));
                tally.add(Outcome.CANCELLED_BY_STORE);
            });
            return;
        }
        timeline.at(m + 2, m2 -> {
            oms.orders().advance(order.id(), OrderStatus.PACKED, picker);
            timeline.at(m2 + 1, m3 -> {
                oms.orders().advance(order.id(), OrderStatus.OUT_FOR_DELIVERY, rider);
                timeline.at(m3 + plan.rideMinutes(), m4 -> {
                    if (plan.afterPayment() == ShopperPlan.AfterPayment.DELIVERY_FAILS) {
                        oms.orders().cancel(order.id(), CancelReason.DELIVERY_FAILED, rider);
                        tally.add(Outcome.DELIVERY_FAILED);
                        return;
                    }
                    oms.orders().advance(order.id(), OrderStatus.DELIVERED, rider);
                    tally.add(Outcome.DELIVERED);
                    boolean resellable = plan.afterPayment() == ShopperPlan.AfterPayment.RETURNS_RESELLABLE;
                    if (resellable || plan.afterPayment() == ShopperPlan.AfterPayment.RETURNS_NOT_RESELLABLE) {
                        timeline.at(m4 + RETURN_AFTER_MINUTES, m5 -> giveBack(order, resellable));
                    }
                });
            });
        });
    }

    /** The customer hands the order back to a rider; the store records the return and shelves what it can sell. */
    private void giveBack(Order order, boolean resellable) {
        Order returned = oms.orders().recordReturn(order.id(), resellable,
                Actor.staff("returns@" + order.store().value()));
        long units = returned.totals().itemCount();
        tally.add(resellable ? Outcome.RETURNED_RESELLABLE : Outcome.RETURNED_NOT_RESELLABLE);
        tally.add(Outcome.UNITS_RETURNED, units);
        if (resellable) {
            tally.add(Outcome.UNITS_RETURNED_TO_SHELF, units);
        }
    }
}
