package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.catalog.SkuId;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the shoppers saw, counted from many threads: the outcome of every checkout call and payment step.
 * The orders themselves are counted from the repository at the end; this is the view from the app.
 */
public final class Tally {
    public enum Outcome {
        /** Every call to place, retries included. */
        CHECKOUT_CALLS,
        /** A new order, awaiting payment. */
        PLACED,
        /** ...of which the pincode's first store could not fill the cart and the next one did. */
        PLACED_AT_FALLBACK,
        /** A call that found the order of an earlier call with the same key. */
        IDEMPOTENT_REPEAT,
        /** The same key sent with another cart; refused with IDEMPOTENCY_CONFLICT. */
        KEY_REUSE_REFUSED,
        CART_REJECTED,
        NOT_SERVICEABLE,
        OUT_OF_STOCK,
        HOLD_LAPSED,
        /** A shopper who wanted a slot found one offered and asked for it. */
        SLOT_ASKED,
        /** A shopper who wanted a slot found none offered (all full or past their cut-off): delivery now. */
        SLOT_NONE_OFFERED,
        /** A new order booked in a slot. */
        PLACED_IN_SLOT,
        /** A checkout answered SlotUnavailable FULL: the slot filled up after the shopper picked it. */
        SLOT_FULL,
        /** A checkout answered SlotUnavailable CUT_OFF: the slot's cut-off passed after the shopper picked it. */
        SLOT_CUT_OFF,
        /** After a slot was refused, the shopper picked another one. */
        SLOT_REPICKED,
        /** After a slot was refused, the shopper took delivery now instead. */
        SLOT_GAVE_UP,
        PAYMENT_CONFIRMED,
        /** Paid after the hold expired: refused, to be refunded. */
        PAYMENT_REFUSED,
        PAYMENT_FAILED,
        ABANDONED,
        CANCELLED_BEFORE_PAYING,
        CANCELLED_AFTER_PAYING,
        CANCELLED_BY_STORE,
        DELIVERY_FAILED,
        DELIVERED,
        /** A delivered order sent back that the store can sell again: its units go back into their batches. */
        RETURNED_RESELLABLE,
        /** A delivered order sent back that cannot be sold again: recorded, nothing restocked. */
        RETURNED_NOT_RESELLABLE,
        /** Units of returned orders, resellable or not. */
        UNITS_RETURNED,
        /** ...of which put back on the shelf (RETURNED movements). */
        UNITS_RETURNED_TO_SHELF,
        /** A picker asked for the store's picking list ({@code oms.picking().list}). */
        PICKING_LISTS,
        /** A picker started an order from the list ({@code oms.picking().startPicking}). */
        ORDERS_PICKED,
        RECONCILER_RUNS,
        RECONCILER_CANCELLED,
        RECONCILER_CONFIRMED,
        HOLDS_REAPED,
        /** Stock movements the reconciler copied from the inventory lock to the durable ledger. */
        MOVEMENTS_SHIPPED,
        /** A batch scanned again under another receipt note; refused with DUPLICATE_BATCH. */
        BATCH_RESCAN_REFUSED,
        /** Expired batches taken off the shelf by the write-off round. */
        BATCHES_WRITTEN_OFF,
        UNITS_WRITTEN_OFF
    }

    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<CartProblem.Code, LongAdder> cartProblems = new EnumMap<>(CartProblem.Code.class);
    private final ConcurrentHashMap<SkuId, LongAdder> shortOf = new ConcurrentHashMap<>();

    Tally() {
        // Filled once here and never changed, so concurrent readers of the maps need no lock.
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new LongAdder());
        }
        for (CartProblem.Code c : CartProblem.Code.values()) {
            cartProblems.put(c, new LongAdder());
        }
    }

    void add(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    void add(Outcome outcome, long n) {
        outcomes.get(outcome).add(n);
    }

    void problem(CartProblem.Code code) {
        cartProblems.get(code).increment();
    }

    /** A SKU a store could not fill for an out-of-stock cart (once per cart, however many stores were short). */
    void shortOf(SkuId sku) {
        shortOf.computeIfAbsent(sku, s -> new LongAdder()).increment();
    }

    /** The SKUs that most often left a cart unfilled, most often first. */
    Map<SkuId, Long> shortOf(int top) {
        Map<SkuId, Long> out = new LinkedHashMap<>();
        shortOf.entrySet().stream()
                .sorted(Map.Entry.<SkuId, LongAdder>comparingByValue(Comparator.comparingLong(LongAdder::sum)).reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
        return Collections.unmodifiableMap(out);
    }

    long get(Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> out = new EnumMap<>(Outcome.class);
        outcomes.forEach((k, v) -> out.put(k, v.sum()));
        return Collections.unmodifiableMap(out);
    }

    Map<CartProblem.Code, Long> cartProblems() {
        Map<CartProblem.Code, Long> out = new EnumMap<>(CartProblem.Code.class);
        cartProblems.forEach((k, v) -> out.put(k, v.sum()));
        return Collections.unmodifiableMap(out);
    }
}
