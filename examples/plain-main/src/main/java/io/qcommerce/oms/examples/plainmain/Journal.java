package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.placement.PlacementResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What each shopper's app was told, kept for the idempotency and all-or-nothing checks at the end: the
 * answer to every checkout call, the payments that were refused, and any step that blew up.
 */
final class Journal {
    /** The calls of one shopper's checkout key. */
    static final class Checkout {
        final ShopperPlan plan;
        private final List<PlacementResult> results = Collections.synchronizedList(new ArrayList<>());
        /** For a KEY_REUSE shopper: null until tried, then what the library answered. */
        volatile String keyReuseAnswer;
        volatile boolean keyReuseRefused;

        Checkout(ShopperPlan plan) {
            this.plan = plan;
        }

        List<PlacementResult> results() {
            synchronized (results) {
                return List.copyOf(results);
            }
        }
    }

    private final ConcurrentHashMap<Integer, Checkout> checkouts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<OrderId> refusedPayments = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    Checkout checkout(ShopperPlan plan) {
        return checkouts.computeIfAbsent(plan.number(), n -> new Checkout(plan));
    }

    void answered(ShopperPlan plan, PlacementResult result) {
        checkout(plan).results.add(result);
    }

    void refused(OrderId order) {
        refusedPayments.add(order);
    }

    void error(String what) {
        errors.add(what);
    }

    Collection<Checkout> checkouts() {
        return checkouts.values();
    }

    List<OrderId> refusedPayments() {
        return List.copyOf(refusedPayments);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
