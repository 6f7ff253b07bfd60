package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.SampleSkus;

/** What a host does first with a wired Oms: a store, a SKU with stock, then orders placed and paid. */
final class Shop {
    static final StoreId STORE = StoreId.of("BLR-1");
    static final SkuId MILK = SkuId.of("MILK-1L");
    static final Pincode PINCODE = Pincode.of("560038");

    private Shop() {}

    /** A store serving {@link #PINCODE} with {@code units} of milk. */
    static void open(Oms oms, long units) {
        oms.catalog().save(SampleSkus.milk(MILK));
        oms.stores().create(Store.of(STORE, "Indiranagar", 0, PINCODE));
        oms.inventory().receive(STORE, MILK, units);
    }

    static PlacementResult place(Oms oms, String key, int units) {
        return oms.place(PlaceOrderRequest.of(
                CustomerId.of("asha"),
                IdempotencyKey.of(key),
                PINCODE,
                Cart.builder().add(MILK.value(), units).build()));
    }

    /** Places an order of {@code units} milk and pays for it; asserts that both went through. */
    static Order placeAndPay(Oms oms, String key, int units) {
        PlacementResult placed = place(oms, key, units);
        assertThat(placed).isInstanceOf(PlacementResult.Placed.class);
        Order order = ((PlacementResult.Placed) placed).order();
        PaymentResult paid = oms.orders().confirmPayment(order.id(), Actor.customer("asha"));
        assertThat(paid).isInstanceOf(PaymentResult.Confirmed.class);
        Order confirmed = ((PaymentResult.Confirmed) paid).order();
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        return confirmed;
    }
}
