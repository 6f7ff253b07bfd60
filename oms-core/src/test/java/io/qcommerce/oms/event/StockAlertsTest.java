package io.qcommerce.oms.event;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.TestClock;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.memory.InMemoryEventCheckpoints;
import io.qcommerce.oms.memory.InMemoryStockAlertLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stock alerts come from the stock ledger through the durable alert log: raised once per crossing of a SKU's
 * threshold, delivered to alert subscribers at least once, after a failure and after a restart.
 */
class StockAlertsTest {
    private final InMemoryStockAlertLog log = new InMemoryStockAlertLog();
    private final InMemoryEventCheckpoints checkpoints = new InMemoryEventCheckpoints();
    private final List<StockAlert> buyers = new CopyOnWriteArrayList<>();
    private final Fixture world = new Fixture(Oms.builder()
                    .stockAlertLog(log)
                    .eventCheckpoints(checkpoints)
                    .subscribeAlerts("buyers", buyers::add))
            .stock(A, MILK, 10)
            .stock(A, BREAD, 10)
            .stock(B, MILK, 10);

    {
        world.oms.inventory().setThreshold(A, MILK, 5);
        world.oms.inventory().setThreshold(B, MILK, 5);
    }

    private void sell(int milk) {
        world.placeOk(Cart.builder().add("MILK-1L", milk).build());
    }

    @Test
    void goingBelowTheThresholdRaisesOneLowAlertAndComingBackOneRecovered() {
        world.oms.events().dispatch(); // the receipts: milk at 10, nothing low
        assertThat(buyers).isEmpty();

        sell(6); // 4 left, under 5
        DispatchReport low = world.oms.events().dispatch();
        sell(1); // still low: nothing new
        DispatchReport still = world.oms.events().dispatch();

        assertThat(low.alertsRaised()).isEqualTo(1);
        assertThat(low.delivered()).containsEntry("buyers", 1);
        assertThat(still.alertsRaised()).isZero();
        assertThat(buyers).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(StockAlert.Type.LOW);
            assertThat(a.id()).isEqualTo("BLR-A/MILK-1L#1");
            assertThat(a.available()).isEqualTo(4);
            assertThat(a.threshold()).isEqualTo(5);
            assertThat(a.position()).isEqualTo(1);
        });

        world.oms.inventory().receive(A, MILK, 20);
        world.oms.events().dispatch();

        assertThat(buyers).extracting(StockAlert::type).containsExactly(StockAlert.Type.LOW, StockAlert.Type.RECOVERED);
        assertThat(buyers.get(1).id()).isEqualTo("BLR-A/MILK-1L#2");
        assertThat(buyers.get(1).available()).isEqualTo(23);
        assertThat(world.oms.events().alerts(0, 10)).isEqualTo(buyers);
        assertThat(world.oms.events().alerts(B, 0, 10)).isEmpty();
        // Bread has no threshold: it never raises an alert, however low it goes.
        world.placeOk(Cart.builder().add("BREAD-400G", 4).build());
        world.placeOk(Cart.builder().add("BREAD-400G", 4).build());
        world.oms.events().dispatch();
        assertThat(buyers).hasSize(2);
    }

    @Test
    void aSubscriberThatThrowsGetsTheAlertAgainAfterItsBackOffWhileTheOthersGoOn() {
        AtomicInteger calls = new AtomicInteger();
        List<StockAlert> pager = new CopyOnWriteArrayList<>();
        Fixture flaky = new Fixture(Oms.builder()
                        .subscribeAlerts("pager", a -> {
                            if (calls.incrementAndGet() == 1) {
                                throw new IllegalStateException("pager service down");
                            }
                            pager.add(a);
                        })
                        .subscribeAlerts("buyers", buyers::add))
                .stock(A, MILK, 10);
        flaky.oms.inventory().setThreshold(A, MILK, 5);
        flaky.placeOk(Cart.builder().add("MILK-1L", 6).build());

        DispatchReport first = flaky.oms.events().dispatch();
        DispatchReport tooSoon = flaky.oms.events().dispatch();
        flaky.clock.advance(Duration.ofSeconds(2));
        DispatchReport later = flaky.oms.events().dispatch();

        assertThat(first.failed()).containsExactly("pager");
        assertThat(first.delivered()).containsEntry("buyers", 1);
        assertThat(tooSoon.delivered()).doesNotContainKey("pager");
        assertThat(later.failed()).isEmpty();
        assertThat(pager).singleElement().isEqualTo(buyers.get(0));
        assertThat(flaky.oms.events().subscribers())
                .filteredOn(s -> s.name().equals("pager"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.checkpoint()).isEqualTo(1);
                    assertThat(s.lag()).isZero();
                });
    }

    @Test
    void anAlertRaisedBeforeACrashIsDeliveredAfterTheRestartAndNotRaisedAgain() {
        Fixture before = new Fixture(
                        Oms.builder()
                                .stockAlertLog(log)
                                .eventCheckpoints(checkpoints)
                                .subscribeAlerts("buyers", a -> {
                                    throw new IllegalStateException("the process dies while handing it over");
                                }),
                        TestClock.atMorning())
                .stock(A, MILK, 10);
        before.oms.inventory().setThreshold(A, MILK, 5);
        before.placeOk(Cart.builder().add("MILK-1L", 6).build());
        assertThat(before.oms.events().dispatch().alertsRaised()).isEqualTo(1);

        // The restart: the same lock, ledger, alert log and checkpoints; a new process.
        Fixture after = new Fixture(
                Oms.builder().stockAlertLog(log).eventCheckpoints(checkpoints).subscribeAlerts("buyers", buyers::add),
                before.clock,
                before.lock,
                before.ledger);
        after.oms.inventory().setThreshold(A, MILK, 5);
        DispatchReport report = after.oms.events().dispatch();

        assertThat(report.alertsRaised()).isZero();
        assertThat(buyers).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo("BLR-A/MILK-1L#1"));
    }
}
