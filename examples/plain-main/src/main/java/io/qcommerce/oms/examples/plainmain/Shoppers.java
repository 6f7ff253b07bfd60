package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The people of the morning, as steps on the {@link Timeline}: shoppers checking out and paying, pickers
 * and riders moving paid orders along, all calling the library the way a host's request handlers would.
 * Every step is one short burst of calls; whatever comes next is scheduled for a later minute.
 */
final class Shoppers {
    private final Oms oms;
    private final Timeline timeline;
    private final Tally tally;
    private final Journal journal;
    /** The store each pincode tries first, to tell a fallback placement when we see one. */
    private final Map<Pincode, StoreId> firstChoice = new HashMap<>();

    Shoppers(Oms oms, SampleData data, Timeline timeline, Tally tally, Journal journal) {
        this.oms = oms;
        this.timeline = timeline;
        this.tally = tally;
        this.journal = journal;
        for (SampleData.Area area : data.areas()) {
            List<Store> stores = oms.storeAssignment().candidates(area.pincode(), null);
            if (!stores.isEmpty()) {
                firstChoice.put(area.pincode(), stores.get(0).id());
            }
        }
    }

    /** Puts the shopper's checkout on the timeline; a double tap is two identical calls in the same minute. */
    void expect(ShopperPlan plan) {
        journal.checkout(plan);
        timeline.at(plan.arrivalMinute(), minute -> checkout(plan, minute));
        if (plan.retry() == ShopperPlan.Retry.DOUBLE_TAP) {
            timeline.at(plan.arrivalMinute(), minute -> checkout(plan, minute));
        }
    }

    private void checkout(ShopperPlan plan, int minute) {
        PlacementResult first = place(plan, plan.request());
        // Only the call that created the order drives it on; the other tap of a double tap just looks.
        if (!(first instanceof PlacementResult.Placed) || ((PlacementResult.Placed) first).repeated()) {
            return;
        }
        Order order = ((PlacementResult.Placed) first).order();
        if (plan.retry() == ShopperPlan.Retry.SEQUENTIAL) {
            // The app's first response was lost to a flaky network; it sends the very same request again.
            place(plan, plan.request());
        } else if (plan.retry() == ShopperPlan.Retry.KEY_REUSE) {
            reuseKey(plan);
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
                    .map(shortfall -> shortfall.resource().skuId())
                    .distinct()
                    .forEach(tally::shortOf);
        } else if (result instanceof PlacementResult.HoldLapsed) {
            tally.add(Outcome.HOLD_LAPSED);
        }
        return result;
    }

    /** A buggy app sends an edited cart under the key it already used; the library must refuse it. */
    private void reuseKey(ShopperPlan plan) {
        Journal.Checkout checkout = journal.checkout(plan);
        tally.add(Outcome.CHECKOUT_CALLS);
        try {
            PlacementResult answer = oms.place(plan.editedRequest());
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

    /** The store's side of a paid order: pick, pack, hand to a rider, deliver; or one of the ways it ends early. */
    private void fulfil(ShopperPlan plan, Order order, int paidAt) {
        String store = order.store().value();
        Actor picker = Actor.staff("picker@" + store);
        Actor rider = Actor.staff("rider@" + store);
        if (plan.afterPayment() == ShopperPlan.AfterPayment.CUSTOMER_CANCELS) {
            timeline.at(paidAt + 1, m -> {
                oms.orders().cancel(order.id(), CancelReason.CUSTOMER, Actor.customer(plan.customer().value()));
                tally.add(Outcome.CANCELLED_AFTER_PAYING);
            });
            return;
        }
        timeline.at(paidAt + 2, m -> {
            oms.orders().advance(order.id(), OrderStatus.PICKING, picker);
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
                        } else {
                            oms.orders().advance(order.id(), OrderStatus.DELIVERED, rider);
                            tally.add(Outcome.DELIVERED);
                        }
                    });
                });
            });
        });
    }
}
