package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Confirms racing the expiry instant on the server's real clock, with a reaper expiring due holds at the same
 * time: holds with time-to-lives from 1 ms up expire while four threads confirm them. For each hold exactly
 * one of confirm and expiry wins, its record says which, and the counters agree to the unit.
 */
class ConfirmRacingExpiryTest {
    private static final int HOLDS = 400;
    private static final int CONFIRMERS = 4;

    @Test
    void eachHoldIsEitherConfirmedBeforeItsExpiryOrExpiredAtItNeverBothAndTheCountersAgree() {
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        StoreId store = StoreId.of("race-" + suffix);
        Resource milk = Resource.sku(SkuId.of("milk"));
        Resource bread = Resource.sku(SkuId.of("bread"));
        RedisInventoryLock lock = new RedisInventoryLock(
                TestRedis.connection(),
                RedisInventoryLockConfig.builder()
                        .keyPrefix(TestRedis.PREFIX)
                        .reapBatchSize(16)
                        .build());
        lock.start();
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10_000)
                .id(MovementId.of("grn-m"))
                .reason("")
                .build());
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, bread, 10_000)
                .id(MovementId.of("grn-b"))
                .reason("")
                .build());
        List<Reservation> holds = new ArrayList<>();
        for (int i = 0; i < HOLDS; i++) {
            // 1 ms to about 400 ms, most of them within the time the confirmations take.
            Duration ttl = Duration.ofMillis(1 + i);
            ReserveResult result = lock.reserve(new HoldRequest(
                    ReservationId.of("r" + i),
                    store,
                    List.of(new HoldLine(milk, 1 + i % 3), new HoldLine(bread, 1)),
                    ttl));
            holds.add(((ReserveResult.Reserved) result).reservation());
        }
        List<Reservation> shuffled = new ArrayList<>(holds);
        Collections.shuffle(shuffled, new Random(suffix.hashCode()));
        AtomicBoolean confirming = new AtomicBoolean(true);

        List<List<ConfirmResult>> perThread = Race.run(CONFIRMERS + 1, t -> {
            List<ConfirmResult> answers = new ArrayList<>();
            if (t == CONFIRMERS) {
                while (confirming.get()) {
                    lock.expireDue(store, 8); // the reaper, racing the confirmations
                }
                return answers;
            }
            for (int i = t; i < shuffled.size(); i += CONFIRMERS) {
                answers.add(lock.confirm(store, shuffled.get(i).id()));
            }
            if (t == 0) {
                confirming.set(false);
            }
            return answers;
        });
        confirming.set(false);

        List<ConfirmResult> answers = new ArrayList<>();
        perThread.forEach(answers::addAll);
        assertThat(answers).hasSize(HOLDS);
        long soldMilk = 0;
        long soldBread = 0;
        int confirmed = 0;
        for (ConfirmResult answer : answers) {
            Reservation r = answer.reservation();
            Reservation stored = lock.find(store, r.id()).orElseThrow();
            assertThat(stored).as("the record agrees with the answer").isEqualTo(r);
            if (answer instanceof ConfirmResult.Confirmed) {
                assertThat(r.status()).isEqualTo(ReservationStatus.CONFIRMED);
                assertThat(r.finishedAt())
                        .as("%s confirmed before its expiry", r.id())
                        .isBefore(r.expiresAt());
                soldMilk += r.lines().stream()
                        .filter(l -> l.resource().equals(milk))
                        .mapToLong(HoldLine::quantity)
                        .sum();
                soldBread += 1;
                confirmed++;
            } else {
                assertThat(answer).as("%s", r.id()).isInstanceOf(ConfirmResult.Expired.class);
                assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED);
                assertThat(r.finishedAt())
                        .as("%s expired at its expiry instant", r.id())
                        .isEqualTo(r.expiresAt());
            }
        }
        System.out.println("[oms-redis] confirm racing expiry on server time: " + confirmed + " confirmed, "
                + (HOLDS - confirmed) + " expired");
        assertThat(confirmed).as("some confirmations won").isPositive();
        assertThat(confirmed).as("some expiries won").isLessThan(HOLDS);
        assertThat(lock.levels(store, List.of(milk, bread)))
                .containsExactly(
                        Map.entry(milk, new StockLevel(store, milk, 10_000 - soldMilk, 0)),
                        Map.entry(bread, new StockLevel(store, bread, 10_000 - soldBread, 0)));
    }
}
