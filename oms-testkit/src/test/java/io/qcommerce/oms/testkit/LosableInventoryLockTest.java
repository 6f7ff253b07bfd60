package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LosableInventoryLockTest {
    private static final StoreId NORTH = StoreId.of("north");
    private static final StoreId SOUTH = StoreId.of("south");
    private static final Resource MILK = Resource.sku(SkuId.of("milk"));
    private static final ReservationId HOLD = ReservationId.of("r1");

    private final LosableInventoryLock lock = new LosableInventoryLock(new MutableClock());

    /** Ten units of milk in each store, and a hold on two of them in each. */
    private void stock() {
        for (StoreId store : List.of(NORTH, SOUTH)) {
            lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, MILK, 10)
                    .id(MovementId.of("in-" + store))
                    .reason("")
                    .build());
            lock.reserve(new HoldRequest(HOLD, store, List.of(new HoldLine(MILK, 2)), Duration.ofMinutes(10)));
        }
    }

    private boolean hasData(StoreId store) {
        return !lock.allLevels(store).isEmpty() || lock.find(store, HOLD).isPresent();
    }

    @Test
    void losingOneStoreEmptiesItAndLeavesTheOthers() {
        stock();

        lock.lose(NORTH);

        assertThat(hasData(NORTH)).isFalse();
        assertThat(lock.movements(NORTH, null, 10).movements()).isEmpty();
        assertThat(lock.find(SOUTH, HOLD)).isPresent();
        assertThat(lock.allLevels(SOUTH).get(MILK).reserved()).isEqualTo(2);
    }

    @Test
    void aLostStoreTakesNewDataInItsFreshLock() {
        stock();
        lock.lose(NORTH);

        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, NORTH, MILK, 3)
                .id(MovementId.of("again"))
                .reason("")
                .build());

        assertThat(lock.allLevels(NORTH).get(MILK).onHand()).isEqualTo(3);
        assertThat(lock.allLevels(SOUTH).get(MILK).onHand()).isEqualTo(10);
    }

    @Test
    void losingAllEmptiesEveryStoreIncludingOnesLostBefore() {
        stock();
        lock.lose(NORTH);
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, NORTH, MILK, 3)
                .id(MovementId.of("again"))
                .reason("")
                .build());

        lock.loseAll();

        assertThat(hasData(NORTH)).isFalse();
        assertThat(hasData(SOUTH)).isFalse();
    }
}
