package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.store.Pincode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything one shopper will do, decided before the morning starts. Drawing every choice from the seed
 * up front keeps a run repeatable: threads decide only who gets the last pack of milk, never what a shopper
 * wanted.
 *
 * @param number        1-based, also the shopper's place in the arrival order
 * @param customer      the customer id
 * @param key           the idempotency key of the checkout
 * @param arrivalMinute minutes after opening at which the shopper checks out
 * @param pincode       where to deliver
 * @param cart          the cart as the app sends it (may be broken on purpose)
 * @param brokenBy      the problems planted in the cart; empty for a good cart
 * @param retry         whether and how the app repeats the checkout call
 * @param payment       what happens at the payment step
 * @param paymentDelay  minutes from checkout to the payment step
 * @param afterPayment  what happens to the order once paid
 * @param rideMinutes   the rider's time on the road
 * @param slotWish      how the shopper picks a delivery slot, or {@code null} for delivery as soon as possible
 */
public record ShopperPlan(int number, CustomerId customer, IdempotencyKey key, int arrivalMinute, Pincode pincode,
                          Cart cart, List<CartProblem.Code> brokenBy, Retry retry, Payment payment, int paymentDelay,
                          AfterPayment afterPayment, int rideMinutes, SlotWish slotWish) {

    /**
     * A shopper who wants the order delivered in a slot rather than at once.
     *
     * @param preference  which of the bookable slots the shopper takes
     * @param browseLead  minutes between looking at the slots and checking out (0: both at once). A slot seen
     *                    earlier may be full or past its cut-off by the time the shopper checks out
     * @param pickPermille for {@link Preference#ANY}: where in the list of bookable slots the shopper taps,
     *                    0 (first) to 999 (last)
     */
    public record SlotWish(Preference preference, int browseLead, int pickPermille) {
        public enum Preference {
            /** The first slot offered: as soon as a slot allows. */
            EARLIEST,
            /** Whichever suits the shopper's morning: a slot drawn from those offered. */
            ANY
        }

        /** The index this shopper taps in a list of {@code offered} slots (at least one). */
        public int pick(int offered) {
            return preference == Preference.EARLIEST ? 0 : pickPermille * offered / 1000;
        }
    }

    /** How the app repeats a checkout. */
    public enum Retry {
        NONE,
        /** The first response was lost; the app sends the same request again. */
        SEQUENTIAL,
        /** The shopper double-tapped "Pay": two identical requests race each other. */
        DOUBLE_TAP,
        /** A buggy app reuses the key for an edited cart; the library must refuse it. */
        KEY_REUSE
    }

    public enum Payment {
        /** Pays within the hold. */
        PAY,
        /** Comes back from the bank's page after the hold expired; the payment must be refused. */
        PAY_LATE,
        /** The gateway reports a failure. */
        FAIL,
        /** Closes the app; the hold expires and the reconciler cancels the order. */
        ABANDON,
        /** Cancels the order before paying. */
        CANCEL
    }

    public enum AfterPayment {
        DELIVER,
        /** Delivered, then sent back unopened (the wrong size): the store can sell it again, units restocked. */
        RETURNS_RESELLABLE,
        /** Delivered, then sent back spoilt or opened: recorded as returned, units not put back on the shelf. */
        RETURNS_NOT_RESELLABLE,
        /** Changes their mind right after paying: cancelled while confirmed, units restocked. */
        CUSTOMER_CANCELS,
        /** The store cannot fill it after all (a damaged pack found at picking): cancelled, restocked. */
        STORE_CANCELS,
        /** Nobody home: the rider brings it back, cancelled, restocked. */
        DELIVERY_FAILS
    }

    /** The checkout request the app sends. */
    public PlaceOrderRequest request() {
        return PlaceOrderRequest.of(customer, key, pincode, cart);
    }

    /**
     * For {@link Retry#KEY_REUSE}: the request that placed the order (with its slot, if any) under the same key,
     * with one more unit of the first line.
     */
    public PlaceOrderRequest editedRequest(PlaceOrderRequest placed) {
        List<CartLine> lines = new ArrayList<>(placed.cart().lines());
        CartLine first = lines.get(0);
        lines.set(0, new CartLine(first.sku(), first.quantity() + 1));
        return new PlaceOrderRequest(placed.customer(), placed.idempotencyKey(), placed.pincode(), new Cart(lines),
                placed.store(), placed.location(), placed.slot());
    }

    // -------------------------------------------------------------------------------------------------

    /** Minutes of the morning (07:00-11:00) and how busy each hour is: the breakfast rush peaks at 8. */
    static final int MORNING_MINUTES = 240;
    private static final int[] HOUR_WEIGHTS = {30, 35, 22, 13};

    /** An id that is well-formed but in no catalog: what an outdated app might send. */
    static final SkuId UNKNOWN_SKU = SkuId.of("FILTER-COFFEE-DECOCTION-250ML");

    /** Percent of shoppers who ask for a delivery slot. */
    static final int SLOT_PERCENT = 25;
    /** Mixed into the seed for the slot wishes, which come from a stream of their own. */
    private static final long SLOT_STREAM = 0x51075L;

    /**
     * Draws {@code count} shoppers from {@code seed}; the same arguments always give the same plans. The slot
     * wishes come from a second stream of the same seed, so that adding them changed no other choice.
     */
    public static List<ShopperPlan> draw(SampleData data, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom slotRng = new SplittableRandom(seed ^ SLOT_STREAM);
        List<SampleData.Product> onSale = new ArrayList<>();
        List<SampleData.Product> offSale = new ArrayList<>();
        for (SampleData.Product p : data.products()) {
            if (p.sku().active() && p.demandWeight() > 0) {
                onSale.add(p);
            } else if (!p.sku().active()) {
                offSale.add(p);
            }
        }
        if (onSale.isEmpty()) {
            throw new IllegalStateException("the catalog has nothing on sale");
        }
        List<ShopperPlan> plans = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            plans.add(drawOne(n, rng, data, onSale, offSale, drawSlotWish(slotRng)));
        }
        // Arrival order is the order of the morning; ties keep shopper number order.
        plans.sort(Comparator.comparingInt(ShopperPlan::arrivalMinute).thenComparingInt(ShopperPlan::number));
        return plans;
    }

    /** One shopper in four wants a slot; of those, about half look at the slots a few minutes before paying. */
    private static SlotWish drawSlotWish(SplittableRandom rng) {
        boolean wants = rng.nextInt(100) < SLOT_PERCENT;
        SlotWish.Preference preference = rng.nextInt(100) < 55 ? SlotWish.Preference.EARLIEST : SlotWish.Preference.ANY;
        int lead = rng.nextBoolean() ? 0 : 1 + rng.nextInt(8);
        int pick = rng.nextInt(1000);
        // Drawn whether wanted or not, so that every shopper takes the same number of draws from the stream.
        return wants ? new SlotWish(preference, lead, pick) : null;
    }

    private static ShopperPlan drawOne(int n, SplittableRandom rng, SampleData data, List<SampleData.Product> onSale,
                                       List<SampleData.Product> offSale, SlotWish slotWish) {
        CustomerId customer = CustomerId.of(String.format("cust-%05d", n));
        IdempotencyKey key = IdempotencyKey.of(String.format("checkout-%05d-1", n));
        int hour = weighted(rng, HOUR_WEIGHTS);
        int arrival = hour * 60 + rng.nextInt(60);

        int[] areaWeights = data.areas().stream().mapToInt(SampleData.Area::weight).toArray();
        Pincode pincode = data.areas().get(weighted(rng, areaWeights)).pincode();

        // 1 to 5 distinct lines, two or three most often; popular SKUs more likely.
        int lineCount = 1 + weighted(rng, new int[] {20, 30, 25, 15, 10});
        List<SampleData.Product> pool = new ArrayList<>(onSale);
        List<CartLine> lines = new ArrayList<>();
        for (int i = 0; i < lineCount && !pool.isEmpty(); i++) {
            int pick = weighted(rng, pool.stream().mapToInt(SampleData.Product::demandWeight).toArray());
            SampleData.Product p = pool.remove(pick);
            int quantity = Math.min(1 + weighted(rng, new int[] {65, 25, 10}), p.sku().maxPerOrder());
            lines.add(new CartLine(p.id(), quantity));
        }

        // About one cart in fourteen is broken, a quarter of those in two ways at once (to show that
        // validation reports every problem, not the first).
        List<CartProblem.Code> broken = new ArrayList<>();
        if (rng.nextInt(100) < 7) {
            int problems = rng.nextInt(4) == 0 ? 2 : 1;
            List<CartProblem.Code> kinds = new ArrayList<>(List.of(CartProblem.Code.UNKNOWN_SKU,
                    CartProblem.Code.INACTIVE_SKU, CartProblem.Code.INVALID_QUANTITY,
                    CartProblem.Code.ABOVE_MAX_PER_ORDER));
            if (offSale.isEmpty()) {
                kinds.remove(CartProblem.Code.INACTIVE_SKU);
            }
            for (int i = 0; i < problems; i++) {
                broken.add(kinds.remove(rng.nextInt(kinds.size())));
            }
            // Applied in a fixed order so that no planted problem hides another: a zeroed line is never
            // also the one pushed above its maximum (the validator reports only the zero for such a line).
            broken.sort(Comparator.naturalOrder());
            if (broken.contains(CartProblem.Code.INVALID_QUANTITY)) {
                lines.set(0, new CartLine(lines.get(0).sku(), 0));
            }
            if (broken.contains(CartProblem.Code.ABOVE_MAX_PER_ORDER)) {
                int target = lines.size() - 1;
                if (target == 0 && broken.contains(CartProblem.Code.INVALID_QUANTITY)) {
                    SampleData.Product fresh = onSale.stream()
                            .filter(q -> !q.id().equals(lines.get(0).sku())).findFirst().orElseThrow();
                    lines.add(new CartLine(fresh.id(), 1));
                    target = 1;
                }
                SkuId sku = lines.get(target).sku();
                lines.set(target, new CartLine(sku, data.product(sku).sku().maxPerOrder() + 1));
            }
            if (broken.contains(CartProblem.Code.UNKNOWN_SKU)) {
                lines.add(new CartLine(UNKNOWN_SKU, 1));
            }
            if (broken.contains(CartProblem.Code.INACTIVE_SKU)) {
                lines.add(new CartLine(offSale.get(rng.nextInt(offSale.size())).id(), 1));
            }
        }

        int r = rng.nextInt(1000);
        Retry retry = r < 50 ? Retry.SEQUENTIAL : r < 80 ? Retry.DOUBLE_TAP : r < 95 ? Retry.KEY_REUSE : Retry.NONE;

        Payment payment;
        int delay;
        int p = rng.nextInt(100);
        if (p < 70) {
            payment = Payment.PAY;
            // Most pay within a few minutes; one in ten cuts it close, a minute before the hold runs out.
            delay = rng.nextInt(10) == 0 ? 9 : 1 + rng.nextInt(6);
        } else if (p < 75) {
            payment = Payment.PAY_LATE;
            delay = 10 + rng.nextInt(5);
        } else if (p < 84) {
            payment = Payment.FAIL;
            delay = 1 + rng.nextInt(4);
        } else if (p < 96) {
            payment = Payment.ABANDON;
            delay = 0;
        } else {
            payment = Payment.CANCEL;
            delay = 1 + rng.nextInt(5);
        }

        int a = rng.nextInt(100);
        // Returns are carved out of the deliveries' share of the same draw, so adding them changed no other choice.
        AfterPayment after = a < 87 ? AfterPayment.DELIVER : a < 89 ? AfterPayment.RETURNS_RESELLABLE
                : a < 91 ? AfterPayment.RETURNS_NOT_RESELLABLE : a < 95 ? AfterPayment.CUSTOMER_CANCELS
                : a < 98 ? AfterPayment.STORE_CANCELS : AfterPayment.DELIVERY_FAILS;
        int ride = 6 + rng.nextInt(9);

        return new ShopperPlan(n, customer, key, arrival, pincode, new Cart(lines), List.copyOf(broken), retry,
                payment, delay, after, ride, slotWish);
    }

    /** An index drawn with the given relative weights. */
    static int weighted(SplittableRandom rng, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = rng.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
