package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryInvariantsTest {
    private static final StoreId STORE = StoreId.of("s1");
    private static final Resource MILK = Resource.sku(SkuId.of("milk"));
    private static final StockKey KEY = StockKey.of(STORE, MILK);

    private final MutableClock clock = new MutableClock();
    private final InventoryLock lock = new InMemoryInventoryLock(clock);

    @Test
    void aLevelOutsideItsBoundsIsNamed() {
        assertThat(InventoryInvariants.checkLevel(new StockLevel(STORE, MILK, 5, 5)))
                .isEmpty();
        assertThat(InventoryInvariants.checkLevel(new StockLevel(STORE, MILK, 5, 6)))
                .get()
                .asString()
                .contains("s1/sku:milk")
                .contains("oversold");
        assertThat(InventoryInvariants.checkLevel(new StockLevel(STORE, MILK, 5, -1)))
                .get()
                .asString()
                .contains("negative reserved");
        assertThat(InventoryInvariants.checkLevel(new StockLevel(STORE, MILK, -1, 0)))
                .get()
                .asString()
                .contains("negative onHand");
    }

    @Test
    void conservationNamesUnitsThatAppearedOrVanishedAndHoldsStillLive() {
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, STORE, MILK, 10)
                .id(MovementId.of("m1"))
                .reason("")
                .build());
        lock.reserve(
                new HoldRequest(ReservationId.of("r1"), STORE, List.of(new HoldLine(MILK, 2)), Duration.ofMinutes(1)));

        assertThat(InventoryInvariants.checkSettled(lock, Map.of(KEY, 10L), Map.of()))
                .singleElement()
                .asString()
                .contains("reserved is 2");
        assertThat(InventoryInvariants.checkSettled(lock, Map.of(KEY, 12L), Map.of(KEY, 1L)))
                .anySatisfy(v -> assertThat(v)
                        .contains("onHand is 10, expected 12 - 1 confirmed = 11")
                        .contains("1 units vanished"));
        assertThat(InventoryInvariants.checkSettled(lock, Map.of(KEY, 3L), Map.of(KEY, 4L)))
                .anySatisfy(v -> assertThat(v).contains("oversold"))
                .anySatisfy(v -> assertThat(v).contains("appeared"));
    }

    @Test
    void holdsAreCheckedAgainstTheirLastAnswer() {
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, STORE, MILK, 10)
                .id(MovementId.of("m1"))
                .reason("")
                .build());
        HoldRequest held =
                new HoldRequest(ReservationId.of("r1"), STORE, List.of(new HoldLine(MILK, 2)), Duration.ofMinutes(1));
        lock.reserve(held);
        lock.confirm(STORE, held.id());
        HoldRequest never =
                new HoldRequest(ReservationId.of("r2"), STORE, List.of(new HoldLine(MILK, 2)), Duration.ofMinutes(1));

        assertThat(InventoryInvariants.checkHolds(
                        lock,
                        List.of(
                                new HoldAttempt(held, HoldAttempt.Outcome.CONFIRMED),
                                new HoldAttempt(never, HoldAttempt.Outcome.NOT_HELD))))
                .isEmpty();
        assertThat(InventoryInvariants.checkHolds(
                        lock,
                        List.of(
                                new HoldAttempt(held, HoldAttempt.Outcome.RELEASED),
                                new HoldAttempt(never, HoldAttempt.Outcome.CONFIRMED))))
                .containsExactly(
                        "hold r1 in s1 is CONFIRMED but its last answer was RELEASED (expected RELEASED)",
                        "hold r2 in s1 was answered CONFIRMED but find does not know it");
    }
}
