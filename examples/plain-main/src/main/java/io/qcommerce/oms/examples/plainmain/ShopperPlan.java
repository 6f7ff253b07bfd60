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
 * Everything one shopper will do, drawn from the seed before the morning starts, so that threads decide only who
 * gets the last pack of milk, never what a shopper wanted.
 *
 * @param arrivalMinute minutes after 07:00 at which the shopper checks out
 * @param brokenBy      the problem planted in the cart, or null for a good cart
 * @param slotPick      -1 for delivery now; else where in the list of offered slots the shopper taps, 0-999
 */
record ShopperPlan(int number, CustomerId customer, IdempotencyKey key, int arrivalMinute, Pincode pincode,
                   Cart cart, CartProblem.Code brokenBy, Retry retry, Payment payment, int paymentDelay,
                   AfterPayment afterPayment, int rideMinutes, int slotPick) {

    /** How the app repeats a checkout: the same request after a lost answer, a double tap, an edited cart. */
    enum Retry { NONE, SEQUENTIAL, DOUBLE_TAP, KEY_REUSE }

    /** PAY_LATE comes back after the hold expired (refused); ABANDON never comes back. */
    enum Payment { PAY, PAY_LATE, FAIL, ABANDON, CANCEL }

    enum AfterPayment {
        DELIVER, RETURNS_RESELLABLE, RETURNS_NOT_RESELLABLE, CUSTOMER_CANCELS, STORE_CANCELS, DELIVERY_FAILS
    }

    /** Minutes of the morning (07:00-11:00). */
    static final int MORNING_MINUTES = 240;
    /** Well-formed but in no catalog: what an outdated app might send. */
    static final SkuId UNKNOWN_SKU = SkuId.of("FILTER-COFFEE-DECOCTION-250ML");

    PlaceOrderRequest request() {
        return PlaceOrderRequest.of(customer, key, pincode, cart);
    }

    /** For KEY_REUSE: the placed request under the same key, with one more unit of the first line. */
    static PlaceOrderRequest edited(PlaceOrderRequest placed) {
        List<CartLine> lines = new ArrayList<>(placed.cart().lines());
        lines.set(0, new CartLine(lines.get(0).sku(), lines.get(0).quantity() + 1));
        return new PlaceOrderRequest(placed.customer(), placed.idempotencyKey(), placed.pincode(), new Cart(lines),
                placed.store(), placed.location(), placed.slot());
    }

    /** {@code count} shoppers in arrival order; the same arguments always give the same plans. */
    static List<ShopperPlan> draw(City city, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<City.Product> onSale = city.products.stream().filter(p -> p.demand() > 0).toList();
        List<City.Product> offSale = city.products.stream().filter(p -> !p.sku().active()).toList();
        List<ShopperPlan> plans = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            int arrival = weighted(rng, 30, 35, 22, 13) * 60 + rng.nextInt(60); // the rush peaks at 8
            Pincode pincode = city.pincodes.get(weighted(rng, city.pincodeWeights));
            List<City.Product> pool = new ArrayList<>(onSale);
            List<CartLine> lines = new ArrayList<>();
            for (int i = 1 + weighted(rng, 20, 30, 25, 15, 10); i > 0; i--) {
                City.Product p = pool.remove(weighted(rng, pool.stream().mapToInt(City.Product::demand).toArray()));
                lines.add(new CartLine(p.id(), Math.min(1 + weighted(rng, 65, 25, 10), p.sku().maxPerOrder())));
            }
            CartProblem.Code broken = null;
            if (rng.nextInt(100) < 7) { // about one cart in fourteen is broken
                List<CartProblem.Code> kinds = List.of(CartProblem.Code.UNKNOWN_SKU, CartProblem.Code.INACTIVE_SKU,
                        CartProblem.Code.INVALID_QUANTITY, CartProblem.Code.ABOVE_MAX_PER_ORDER);
                broken = kinds.get(rng.nextInt(kinds.size()));
                CartLine first = lines.get(0);
                switch (broken) {
                    case UNKNOWN_SKU -> lines.add(new CartLine(UNKNOWN_SKU, 1));
                    case INACTIVE_SKU -> lines.add(new CartLine(offSale.get(rng.nextInt(offSale.size())).id(), 1));
                    case INVALID_QUANTITY -> lines.set(0, new CartLine(first.sku(), 0));
                    default -> lines.set(0, new CartLine(first.sku(), city.product(first.sku()).sku().maxPerOrder()
                            + 1));
                }
            }
            int r = rng.nextInt(1000);
            Retry retry = r < 50 ? Retry.SEQUENTIAL : r < 80 ? Retry.DOUBLE_TAP : r < 95 ? Retry.KEY_REUSE : Retry.NONE;
            int p = rng.nextInt(100);
            Payment payment = p < 70 ? Payment.PAY : p < 75 ? Payment.PAY_LATE : p < 84 ? Payment.FAIL
                    : p < 96 ? Payment.ABANDON : Payment.CANCEL;
            // Most pay within minutes, one in ten a minute before the ten-minute hold runs out; late ones after it.
            int delay = switch (payment) {
                case PAY -> rng.nextInt(10) == 0 ? 9 : 1 + rng.nextInt(6);
                case PAY_LATE -> 10 + rng.nextInt(5);
                case ABANDON -> 0;
                default -> 1 + rng.nextInt(5);
            };
            int a = rng.nextInt(100);
            AfterPayment after = a < 87 ? AfterPayment.DELIVER : a < 89 ? AfterPayment.RETURNS_RESELLABLE
                    : a < 91 ? AfterPayment.RETURNS_NOT_RESELLABLE : a < 95 ? AfterPayment.CUSTOMER_CANCELS
                    : a < 98 ? AfterPayment.STORE_CANCELS : AfterPayment.DELIVERY_FAILS;
            int ride = 6 + rng.nextInt(9);
            // One in four wants a slot: about half the earliest offered, the rest any of them.
            int slot = rng.nextInt(100) >= 25 ? -1 : rng.nextBoolean() ? 0 : rng.nextInt(1000);
            plans.add(new ShopperPlan(n, CustomerId.of(String.format("cust-%05d", n)),
                    IdempotencyKey.of(String.format("checkout-%05d-1", n)), arrival, pincode, new Cart(lines), broken,
                    retry, payment, delay, after, ride, slot));
        }
        plans.sort(Comparator.comparingInt(ShopperPlan::arrivalMinute).thenComparingInt(ShopperPlan::number));
        return plans;
    }

    /** An index drawn with the given relative weights. */
    static int weighted(SplittableRandom rng, int... weights) {
        int x = rng.nextInt(java.util.Arrays.stream(weights).sum());
        for (int i = 0; ; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
    }
}
