package io.qcommerce.oms.inventory;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.config.LowStockThresholds;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryServiceTest {
    private final Fixture world = new Fixture(OmsConfig.builder()
            .lowStock(LowStockThresholds.builder()
                    .defaultThreshold(5)
                    .storeSku(B, MILK, 2)
                    .build())
            .build());
    private final InventoryService inventory = world.oms.inventory();

    @Test
    void receivingTwiceWithOneMovementIdCountsTheDeliveryOnce() {
        MovementId grn = MovementId.of("GRN-1001");
        inventory.apply(StockChange.receive(A, MILK, 24).id(grn).build()).level();
        StockLevel again = inventory
                .apply(StockChange.receive(A, MILK, 24).id(grn).build())
                .level();
        assertThat(again.onHand()).isEqualTo(24);
        assertThatThrownBy(() -> inventory
                        .apply(StockChange.receive(A, MILK, 12).id(grn).build())
                        .level())
                .hasFieldOrPropertyWithValue("code", ErrorCode.IDEMPOTENCY_CONFLICT);
        assertThat(inventory.available(A, MILK)).isEqualTo(24);
    }

    @Test
    void badStockChangesAreTypedErrorsAndChangeNothing() {
        inventory.receive(A, MILK, 10);
        assertThatThrownBy(() -> inventory.receive(A, MILK, 0))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_QUANTITY);
        assertThatThrownBy(() -> inventory.receive(A, MILK, -4))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_QUANTITY);
        assertThatThrownBy(() -> inventory.receive(A, MILK, Long.MAX_VALUE))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_QUANTITY);
        assertThatThrownBy(() -> inventory.receive(StoreId.of("NOPE"), MILK, 1))
                .hasFieldOrPropertyWithValue("code", ErrorCode.UNKNOWN_STORE);
        assertThatThrownBy(() -> inventory.receive(A, SkuId.of("NOPE"), 1))
                .hasFieldOrPropertyWithValue("code", ErrorCode.UNKNOWN_SKU);
        assertThatThrownBy(() -> inventory.receive(null, MILK, 1))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> inventory.apply(StockChange.adjust(A, MILK, 0)
                        .reason("nothing")
                        .id(MovementId.random())
                        .build()))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_QUANTITY);
        assertThat(inventory.available(A, MILK)).isEqualTo(10);
    }

    @Test
    void adjustmentCannotTakeAwayUnitsThatAreHeld() {
        inventory.receive(A, MILK, 10);
        world.placeOk(Cart.builder().add("MILK-1L", 6).build());

        StockChangeResult r = inventory.apply(StockChange.adjust(A, MILK, -5)
                .reason("damaged")
                .id(MovementId.random())
                .build());

        assertThat(r).isInstanceOf(StockChangeResult.Rejected.class);
        assertThat(r.level())
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(10L, 6L);
        assertThat(inventory.apply(StockChange.adjust(A, MILK, -4)
                        .reason("damaged")
                        .id(MovementId.random())
                        .build()))
                .isInstanceOf(StockChangeResult.Applied.class);
        assertThat(inventory.available(A, MILK)).isZero();
    }

    @Test
    void stockLowIsToldOncePerDownwardCrossing() {
        inventory.receive(A, MILK, 8);
        world.placeOk(Cart.builder().add("MILK-1L", 2).build()); // 6 left: above 5
        world.placeOk(Cart.builder().add("MILK-1L", 2).build()); // 4 left: crossed
        world.placeOk(Cart.builder().add("MILK-1L", 1).build()); // 3 left: still low, no second alert

        assertThat(world.events(OmsEvent.StockLow.class)).singleElement().satisfies(e -> {
            assertThat(e.store()).isEqualTo(A);
            assertThat(e.available()).isEqualTo(4);
            assertThat(e.threshold()).isEqualTo(5);
        });

        inventory.receive(A, MILK, 10); // 13: back above
        inventory.apply(StockChange.adjust(A, MILK, -9)
                .reason("count correction")
                .id(MovementId.random())
                .build()); // 4: crossed again
        assertThat(world.events(OmsEvent.StockLow.class)).hasSize(2);
    }

    @Test
    void thresholdOfAStoresSkuOverridesTheDefault() {
        assertThat(world.oms.config().lowStock().thresholdFor(B, MILK)).isEqualTo(2);
        assertThat(world.oms.config().lowStock().thresholdFor(A, MILK)).isEqualTo(5);
    }

    @Test
    void expiredHoldGivesItsUnitsBackAtTheInstantItExpires() {
        inventory.receive(A, MILK, 3);
        OrderId order =
                world.placeOk(Cart.builder().add("MILK-1L", 3).build()).order().id();
        world.clock.advance(Duration.ofMinutes(10).minusNanos(1));
        assertThat(inventory.available(A, MILK)).isZero();
        world.clock.advance(Duration.ofNanos(1));
        assertThat(inventory.available(A, MILK)).isEqualTo(3);
        assertThat(world.oms.inventory().reservation(A, order.reservationId()))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED));
    }

    @Test
    void listenerFailureDoesNotFailTheChange() {
        Fixture w = new Fixture(Oms.builder()
                .config(OmsConfig.builder()
                        .lowStock(LowStockThresholds.builder()
                                .defaultThreshold(100)
                                .build())
                        .build())
                .listener(e -> {
                    throw new IllegalStateException("listener bug");
                }));
        w.stock(A, MILK, 200);
        assertThat(w.oms.inventory()
                        .apply(StockChange.adjust(A, MILK, -150)
                                .reason("recount")
                                .id(MovementId.random())
                                .build()))
                .isInstanceOf(StockChangeResult.Applied.class);
        assertThat(w.available(A, MILK)).isEqualTo(50);
    }

    @Test
    void configurationIsCheckedWhenBuilt() {
        assertThatThrownBy(() -> OmsConfig.builder()
                        .holdTtl(Duration.ZERO)
                        .maxCartLines(0)
                        .build())
                .isInstanceOfSatisfying(io.qcommerce.oms.error.OmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.violations()).hasSize(2);
                });
        assertThatThrownBy(() ->
                        OmsConfig.builder().holdTtl(Duration.ofSeconds(-1)).build())
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_CONFIGURATION);
    }

    @Test
    void availabilityOfManySkusIsOneAnswer() {
        inventory.receive(A, MILK, 4);
        assertThat(inventory.availability(A, List.of(MILK, Fixture.EGGS)))
                .containsEntry(MILK, new StockLevel(A, Resource.sku(MILK), 4, 0))
                .containsEntry(Fixture.EGGS, StockLevel.empty(A, Resource.sku(Fixture.EGGS)));
    }
}
