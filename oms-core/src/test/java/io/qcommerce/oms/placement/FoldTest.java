package io.qcommerce.oms.placement;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import org.junit.jupiter.api.Test;

/** A Java 17 host branches over every outcome with {@code fold}; each case reaches its own function. */
class FoldTest {
    private final Fixture world = new Fixture().stock(A, MILK, 3);

    private static String describe(PlacementResult r) {
        return r.fold(
                placed -> "placed " + placed.order().lines().get(0).quantity(),
                repeated -> "repeated, now " + repeated.order().status(),
                rejected -> "rejected " + rejected.problems().get(0).code(),
                notServiceable -> "not served " + notServiceable.pincode().value(),
                outOfStock -> "short at " + outOfStock.shortfalls().keySet(),
                lapsed -> "lapsed",
                slot -> "slot " + slot.why());
    }

    @Test
    void eachOutcomeGoesToItsOwnFunction() {
        Cart two = Cart.builder().add(MILK.value(), 2).build();
        PlaceOrderRequest request = PlaceOrderRequest.of(Fixture.ASHA, world.newKey(), Fixture.HOME, two);
        assertThat(describe(world.oms.place(request))).isEqualTo("placed 2");
        assertThat(describe(world.oms.place(request))).isEqualTo("repeated, now AWAITING_PAYMENT");
        assertThat(describe(world.place(Cart.builder().add("NOPE", 1).build()))).isEqualTo("rejected UNKNOWN_SKU");
        assertThat(describe(world.place(Cart.builder().add(MILK.value(), 5).build())))
                .isEqualTo("short at [BLR-A, BLR-B]");
    }
}
