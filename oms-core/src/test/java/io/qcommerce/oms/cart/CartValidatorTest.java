package io.qcommerce.oms.cart;

import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.EGGS;
import static io.qcommerce.oms.Fixture.MILK;
import static io.qcommerce.oms.Fixture.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.order.OrderLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CartValidatorTest {
    private final Fixture world = new Fixture();

    private CartValidation validate(Cart cart) {
        return world.oms.validate(cart);
    }

    @Test
    void validCartIsPricedFromTheCatalogWithSavingsAgainstMrp() {
        CartValidation v =
                validate(Cart.builder().add("MILK-1L", 2).add("BREAD-400G", 1).build());

        assertThat(v).isInstanceOfSatisfying(CartValidation.Valid.class, valid -> {
            assertThat(valid.lines()).extracting(OrderLine::sku).containsExactly(MILK, BREAD);
            assertThat(valid.totals().itemCount()).isEqualTo(3);
            assertThat(valid.totals().total()).isEqualTo(Money.inr(2 * 6500 + 4500));
            assertThat(valid.totals().mrpTotal()).isEqualTo(Money.inr(2 * 6800 + 5000));
            assertThat(valid.totals().savings()).isEqualTo(Money.inr(600 + 500));
        });
    }

    @Test
    void everyProblemIsReportedInOneAnswer() {
        CartValidation v = validate(Cart.builder()
                .add("NO-SUCH-SKU", 1)
                .add("DISCONTINUED", 1)
                .add("BREAD-400G", 0)
                .add("EGGS-6", -3)
                .add("MILK-1L", 7)
                .build());

        assertThat(v).isInstanceOfSatisfying(CartValidation.Invalid.class, invalid -> assertThat(invalid.problems())
                .extracting(CartProblem::code, CartProblem::sku)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CartProblem.Code.UNKNOWN_SKU, SkuId.of("NO-SUCH-SKU")),
                        org.assertj.core.groups.Tuple.tuple(CartProblem.Code.INACTIVE_SKU, OLD),
                        org.assertj.core.groups.Tuple.tuple(CartProblem.Code.INVALID_QUANTITY, BREAD),
                        org.assertj.core.groups.Tuple.tuple(CartProblem.Code.INVALID_QUANTITY, EGGS),
                        org.assertj.core.groups.Tuple.tuple(CartProblem.Code.ABOVE_MAX_PER_ORDER, MILK)));
    }

    @Test
    void emptyCartIsAProblemNotAnException() {
        assertThat(validate(new Cart(List.of())))
                .isInstanceOfSatisfying(CartValidation.Invalid.class, i -> assertThat(i.problems())
                        .extracting(CartProblem::code)
                        .containsExactly(CartProblem.Code.EMPTY_CART));
    }

    @Test
    void duplicateLinesAreMergedAndTheSumIsCheckedAgainstTheMaximum() {
        CartValidation merged = validate(Cart.builder()
                .add("MILK-1L", 2)
                .add("BREAD-400G", 1)
                .add("MILK-1L", 3)
                .build());
        assertThat(merged).isInstanceOfSatisfying(CartValidation.Valid.class, v -> {
            assertThat(v.lines())
                    .extracting(OrderLine::sku, OrderLine::quantity)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(MILK, 5),
                            org.assertj.core.groups.Tuple.tuple(BREAD, 1));
        });

        CartValidation tooMany =
                validate(Cart.builder().add("MILK-1L", 4).add("MILK-1L", 3).build());
        assertThat(tooMany).isInstanceOfSatisfying(CartValidation.Invalid.class, i -> assertThat(i.problems())
                .extracting(CartProblem::code)
                .containsExactly(CartProblem.Code.ABOVE_MAX_PER_ORDER));
    }

    @Test
    void quantitiesThatWouldOverflowWhenMergedAreTooManyNotNegative() {
        CartValidation v = validate(Cart.builder()
                .add("EGGS-6", Integer.MAX_VALUE)
                .add("EGGS-6", Integer.MAX_VALUE)
                .build());
        assertThat(v).isInstanceOfSatisfying(CartValidation.Invalid.class, i -> assertThat(i.problems())
                .extracting(CartProblem::code)
                .containsExactly(CartProblem.Code.ABOVE_MAX_PER_ORDER));
    }

    @Test
    void tooManyDistinctLinesIsTheOneProblemAndTheCatalogIsNotRead() {
        io.qcommerce.oms.spi.Catalog catalog = org.mockito.Mockito.spy(new io.qcommerce.oms.memory.InMemoryCatalog());
        Fixture small = new Fixture(io.qcommerce.oms.Oms.builder()
                .config(OmsConfig.builder().maxCartLines(2).build())
                .catalog(catalog));
        org.mockito.Mockito.clearInvocations(catalog);
        List<CartLine> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add(CartLine.of("SKU-" + i, i % 2 == 0 ? 0 : 1));
        }

        CartValidation v = small.oms.validate(new Cart(lines));

        assertThat(v).isInstanceOfSatisfying(CartValidation.Invalid.class, i -> {
            assertThat(i.problems()).extracting(CartProblem::code).containsExactly(CartProblem.Code.TOO_MANY_LINES);
            assertThat(i.totalProblems()).isEqualTo(1);
        });
        org.mockito.Mockito.verify(catalog, org.mockito.Mockito.never()).findAll(org.mockito.ArgumentMatchers.any());
    }

    @Test
    void repeatedLinesOfFewSkusStayWithinTheLineLimit() {
        Fixture small = new Fixture(OmsConfig.builder().maxCartLines(2).build());
        List<CartLine> lines = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            lines.add(CartLine.of(i % 2 == 0 ? "MILK-1L" : "BREAD-400G", 0));
        }
        assertThat(small.oms.validate(new Cart(lines)))
                .isInstanceOfSatisfying(CartValidation.Invalid.class, i -> assertThat(i.problems())
                        .extracting(CartProblem::code)
                        .containsExactly(CartProblem.Code.INVALID_QUANTITY, CartProblem.Code.INVALID_QUANTITY));
    }

    @Test
    void aQuantityBeyondTheUnitLimitIsACartProblemNotAnException() {
        Fixture bulk = new Fixture();
        bulk.oms
                .catalog()
                .save(io.qcommerce.oms.catalog.Sku.builder(SkuId.of("RICE-BULK"), "Rice, by the gram")
                        .mrp(Money.inr(1))
                        .sellingPrice(Money.inr(1))
                        .maxPerOrder(Integer.MAX_VALUE)
                        .build());
        Cart huge = Cart.builder().add("RICE-BULK", 1_000_000_001).build();

        assertThat(bulk.oms.validate(huge))
                .isInstanceOfSatisfying(CartValidation.Invalid.class, i -> assertThat(i.problems())
                        .extracting(CartProblem::code, CartProblem::sku)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(
                                CartProblem.Code.INVALID_QUANTITY, SkuId.of("RICE-BULK"))));
        assertThat(bulk.place(huge))
                .isInstanceOfSatisfying(
                        io.qcommerce.oms.placement.PlacementResult.CartRejected.class, r -> assertThat(r.problems())
                                .extracting(CartProblem::code)
                                .containsExactly(CartProblem.Code.INVALID_QUANTITY));
        assertThat(bulk.oms.validate(Cart.builder()
                        .add("RICE-BULK", 600_000_000)
                        .add("RICE-BULK", 600_000_000)
                        .build()))
                .as("merged lines beyond the limit too")
                .isInstanceOf(CartValidation.Invalid.class);
        assertThat(bulk.oms.validate(
                        Cart.builder().add("RICE-BULK", 1_000_000_000).build()))
                .as("the limit itself is sellable")
                .isInstanceOf(CartValidation.Valid.class);
    }

    @Test
    void problemsAreCappedAtAHundredWithTheTotalCounted() {
        Fixture wide = new Fixture(OmsConfig.builder().maxCartLines(150).build());
        List<CartLine> lines = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            lines.add(CartLine.of("GONE-" + i, 0));
        }

        CartValidation v = wide.oms.validate(new Cart(lines));

        assertThat(v).isInstanceOfSatisfying(CartValidation.Invalid.class, i -> {
            assertThat(i.problems()).hasSize(CartValidation.Invalid.MAX_PROBLEMS);
            assertThat(i.totalProblems())
                    .as("a bad quantity and an unknown SKU each")
                    .isEqualTo(300);
            assertThat(i.truncated()).isTrue();
            assertThat(i.problems().get(0).sku()).isEqualTo(SkuId.of("GONE-0"));
        });
        assertThat(wide.place(new Cart(lines)))
                .isInstanceOfSatisfying(io.qcommerce.oms.placement.PlacementResult.CartRejected.class, r -> {
                    assertThat(r.problems()).hasSize(100);
                    assertThat(r.totalProblems()).isEqualTo(300);
                });
    }

    @Test
    void anInvalidAnswerWithinTheCapIsNotTruncated() {
        CartValidation v = validate(Cart.builder().add("NO-SUCH-SKU", 1).build());
        assertThat(v).isInstanceOfSatisfying(CartValidation.Invalid.class, i -> {
            assertThat(i.totalProblems()).isEqualTo(1);
            assertThat(i.truncated()).isFalse();
        });
    }

    @Test
    void nullLinesAndNullSkusAreTypedErrors() {
        assertThatThrownBy(() -> new Cart(null)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
        List<CartLine> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new Cart(withNull)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> new CartLine(null, 1)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> CartLine.of("bad id", 1)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ID);
    }
}
