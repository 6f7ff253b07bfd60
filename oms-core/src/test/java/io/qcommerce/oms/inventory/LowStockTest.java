package io.qcommerce.oms.inventory;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.EGGS;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OmsEvent;
import org.junit.jupiter.api.Test;

/** Low-stock thresholds per (store, SKU) with a store default, the alert per crossing, and the query. */
class LowStockTest {
    private final Fixture world = new Fixture()
            .stock(A, MILK, 12)
            .stock(A, BREAD, 20)
            .stock(A, EGGS, 2)
            .stock(B, MILK, 12);
    private final InventoryService inventory = world.oms.inventory();

    @Test
    void aSkusOwnThresholdBeatsTheStoreDefaultWhichBeatsTheConfiguration() {
        inventory.setStoreDefaultThreshold(A, 5);
        inventory.setThreshold(A, MILK, 10);
        assertThat(inventory.thresholdFor(A, MILK)).isEqualTo(10);
        assertThat(inventory.thresholdFor(A, BREAD)).isEqualTo(5);
        assertThat(inventory.thresholdFor(B, MILK)).isZero();
    }

    @Test
    void anAlertFiresOncePerCrossingDownward() {
        inventory.setThreshold(A, MILK, 10);
        world.placeOk(Cart.builder().add(MILK.value(), 2).build());
        assertThat(world.events(OmsEvent.StockLow.class)).isEmpty();
        world.placeOk(Cart.builder().add(MILK.value(), 1).build());
        world.placeOk(Cart.builder().add(MILK.value(), 1).build());
        assertThat(world.events(OmsEvent.StockLow.class)).singleElement().satisfies(e -> {
            assertThat(e.sku()).isEqualTo(MILK);
            assertThat(e.available()).isEqualTo(9);
            assertThat(e.threshold()).isEqualTo(10);
        });
        inventory.receive(A, MILK, 10);
        world.placeOk(Cart.builder().add(MILK.value(), 6).build());
        world.placeOk(Cart.builder().add(MILK.value(), 6).build());
        assertThat(world.events(OmsEvent.StockLow.class))
                .as("a second crossing after a refill")
                .hasSize(2);
    }

    @Test
    void theQueryListsTheSkusUnderTheirThresholdFewestFirst() {
        inventory.setStoreDefaultThreshold(A, 15);
        inventory.setThreshold(A, BREAD, 5);
        inventory.setThreshold(A, io.qcommerce.oms.catalog.SkuId.of("DISCONTINUED"), 1);
        assertThat(inventory.lowStock(A))
                .extracting(LowStock::sku, LowStock::available, LowStock::threshold)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(io.qcommerce.oms.catalog.SkuId.of("DISCONTINUED"), 0L, 1L),
                        org.assertj.core.groups.Tuple.tuple(EGGS, 2L, 15L),
                        org.assertj.core.groups.Tuple.tuple(MILK, 12L, 15L));
        assertThat(inventory.lowStock(B)).isEmpty();
    }

    @Test
    void aNegativeThresholdOrAnUnknownStoreIsATypedErrorAndChangesNothing() {
        inventory.setThreshold(A, MILK, 4);
        Throwable negative = catchThrowable(() -> inventory.setThreshold(A, MILK, -1));
        assertThat(((OmsException) negative).code()).isEqualTo(ErrorCode.INVALID_QUANTITY);
        Throwable unknown =
                catchThrowable(() -> inventory.setStoreDefaultThreshold(io.qcommerce.oms.store.StoreId.of("NOPE"), 3));
        assertThat(((OmsException) unknown).code()).isEqualTo(ErrorCode.UNKNOWN_STORE);
        assertThat(inventory.thresholdFor(A, MILK)).isEqualTo(4);
    }
}
