package io.qcommerce.oms.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.Currency;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "a:b",
                "{store}",
                "$gt",
                "a.b",
                "a b",
                "milk\n",
                "ü",
                "12345678901234567890123456789012345678901234567890123456789012345"
            })
    void idsOutsideTheSafeSetAreRefusedWithInvalidId(String value) {
        assertThatThrownBy(() -> new SkuId(value)).isInstanceOfSatisfying(OmsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID);
            assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.field())
                    .isEqualTo("skuId"));
        });
        assertThatThrownBy(() -> new StoreId(value)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ID);
        assertThatThrownBy(() -> new CustomerId(value)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ID);
    }

    @Test
    void safeIdsAreAccepted() {
        assertThat(SkuId.of("MILK_1L-amul").value()).isEqualTo("MILK_1L-amul");
        assertThat(IdempotencyKey.of("k".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> IdempotencyKey.of("k".repeat(129)))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"056003", "56003", "5600381", "56O038", " 560038", "", "-56003"})
    void malformedPincodesAreRefused(String value) {
        assertThatThrownBy(() -> Pincode.of(value)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_PINCODE);
    }

    @Test
    void validPincode() {
        assertThat(Pincode.of("110001").value()).isEqualTo("110001");
        assertThatThrownBy(() -> Pincode.of(null)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_PINCODE);
    }

    @Test
    void moneyIsExactAndRefusesOverflowAndMixedCurrencies() {
        assertThat(Money.inr(4500).plus(Money.inr(55)).minor()).isEqualTo(4555);
        assertThat(Money.inr(6500).times(3)).isEqualTo(Money.inr(19500));
        assertThat(Money.inr(-150).toString()).isEqualTo("INR -1.50");
        assertThatThrownBy(() -> Money.inr(Long.MAX_VALUE).plus(Money.inr(1)))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_AMOUNT);
        assertThatThrownBy(() -> Money.inr(Long.MAX_VALUE / 2).times(3))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_AMOUNT);
        assertThatThrownBy(() -> Money.inr(1).plus(Money.of(1, Currency.getInstance("USD"))))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_AMOUNT);
    }

    @Test
    void skuReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> Sku.builder(SkuId.of("X"), " ")
                        .mrp(Money.inr(100))
                        .sellingPrice(Money.inr(150))
                        .maxPerOrder(0)
                        .build())
                .isInstanceOfSatisfying(OmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.violations())
                            .extracting(Violation::field)
                            .containsExactlyInAnyOrder("name", "sellingPrice", "maxPerOrder");
                });
    }

    @Test
    void storeNeedsPincodesAndALocationForItsRadius() {
        assertThatThrownBy(() -> new Store(StoreId.of("S"), "S", Set.of(), -1, true, null, 500))
                .isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("pincodes", "priority", "deliveryRadiusMeters"));
    }

    @Test
    void orderIdDerivesFromCustomerAndKeyOnly() {
        OrderId one = OrderId.derive(CustomerId.of("c1"), IdempotencyKey.of("k"));
        assertThat(OrderId.derive(CustomerId.of("c1"), IdempotencyKey.of("k"))).isEqualTo(one);
        assertThat(OrderId.derive(CustomerId.of("c2"), IdempotencyKey.of("k"))).isNotEqualTo(one);
        assertThat(one.reservationId().value()).isEqualTo("r-" + one.value());
        OrderId longest = OrderId.of("o".repeat(OrderId.MAX_LENGTH));
        assertThat(longest.reservationId().value()).hasSize(OrderId.MAX_LENGTH + 2);
    }

    @Test
    void resourceKeysRoundTrip() {
        Resource milk = Resource.sku(SkuId.of("MILK-1L"));
        assertThat(milk.key()).isEqualTo("sku:MILK-1L");
        assertThat(Resource.ofKey(milk.key())).isEqualTo(milk);
        assertThatThrownBy(() -> Resource.ofKey("slot"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aSkuBuiltWithoutPricesNamesBothAndDefaultsTheRest() {
        assertThatThrownBy(() -> Sku.builder(SkuId.of("X"), "Salt").build())
                .isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactly("mrp", "sellingPrice"));
        Sku salt = Sku.builder(SkuId.of("X"), "Salt")
                .mrp(Money.inr(2800))
                .sellingPrice(Money.inr(2500))
                .build();
        assertThat(salt.active()).isTrue();
        assertThat(salt.maxPerOrder()).isEqualTo(1);
        assertThat(salt.minShelfLife()).isZero();
    }
}
