package io.qcommerce.oms;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import org.junit.jupiter.api.Test;

/** The README's quick start, word for word, so the snippet cannot drift from the API. */
class ReadmeQuickStartTest {

    @Test
    void quickStartPlacesPaysAndStartsPicking() {
        Oms oms = Oms.inMemory();
        oms.catalog()
                .save(Sku.builder(SkuId.of("MILK-1L"), "Milk 1 L")
                        .mrp(Money.inr(6800))
                        .sellingPrice(Money.inr(6500))
                        .maxPerOrder(6)
                        .build());
        oms.stores().create(Store.of(StoreId.of("BLR-1"), "Indiranagar", 0, Pincode.of("560038")));
        oms.inventory().receive(StoreId.of("BLR-1"), SkuId.of("MILK-1L"), 40);

        PlacementResult result = oms.place(PlaceOrderRequest.of(
                CustomerId.of("c-42"),
                IdempotencyKey.of("checkout-9f1c"),
                Pincode.of("560038"),
                Cart.builder().add("MILK-1L", 2).build()));
        if (result instanceof PlacementResult.Placed placed) { // or CartRejected, NotServiceable,
            OrderId id = placed.order().id(); //    OutOfStock, SlotUnavailable, HoldLapsed
            oms.orders().confirmPayment(id, Actor.system("payments")); // stock is sold, order CONFIRMED
            oms.orders().advance(id, OrderStatus.PICKING, Actor.staff("picker-1"));
        }

        assertThat(result).isInstanceOf(PlacementResult.Placed.class);
        OrderId id = ((PlacementResult.Placed) result).order().id();
        assertThat(oms.orders().get(id).status()).isEqualTo(OrderStatus.PICKING);
        assertThat(oms.inventory().available(StoreId.of("BLR-1"), SkuId.of("MILK-1L")))
                .isEqualTo(38);
    }
}
