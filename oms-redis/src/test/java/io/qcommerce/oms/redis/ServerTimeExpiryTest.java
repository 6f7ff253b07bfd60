package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.Batch;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expiry on the server's own clock (the default time source), with a short real time-to-live: the hold
 * counts until the server's clock reaches its expiry and not a moment after, for another client that never
 * saw the hold, with no reaper.
 */
class ServerTimeExpiryTest {
    private static RedisClient otherClient;
    private static StatefulRedisConnection<String, String> otherConnection;

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final StoreId store = StoreId.of("time-" + suffix);
    private final Resource milk = Resource.sku(SkuId.of("milk-" + suffix));

    @BeforeAll
    static void connectASecondClient() {
        otherClient = TestRedis.newClient(TestRedis.uri(), LettuceSettings.clientOptions(TestRedis.TIMEOUT));
        otherConnection = otherClient.connect();
    }

    @AfterAll
    static void close() {
        otherConnection.close();
        otherClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static RedisInventoryLock lockOn(StatefulRedisConnection<String, String> connection) {
        return new RedisInventoryLock(
                connection,
                RedisInventoryLockConfig.builder().keyPrefix(TestRedis.PREFIX).build());
    }

    private static Instant serverTime(RedisCommands<String, String> redis) {
        List<String> time = redis.time();
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
    }

    @Test
    void aHoldStopsCountingForAnotherClientTheMomentTheServersClockReachesItsExpiry() {
        RedisInventoryLock writer = lockOn(TestRedis.connection());
        RedisInventoryLock reader = lockOn(otherConnection);
        RedisCommands<String, String> redis = TestRedis.connection().sync();
        writer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("m-" + suffix))
                .reason("")
                .build());

        Instant before = serverTime(redis);
        ReserveResult result = writer.reserve(new HoldRequest(
                ReservationId.of("r-" + suffix), store, List.of(new HoldLine(milk, 4)), Duration.ofMillis(300)));
        Instant after = serverTime(redis);

        assertThat(result).isInstanceOf(ReserveResult.Reserved.class);
        Reservation hold = ((ReserveResult.Reserved) result).reservation();
        assertThat(hold.createdAt()).as("taken on the server's clock").isBetween(before, after);
        assertThat(hold.expiresAt()).isEqualTo(hold.createdAt().plusMillis(300));

        // Read through the other client until the hold stops counting; every reading must agree with the
        // server's clock around it: counted strictly before the expiry, not counted at or after it.
        int countedReadings = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Instant readFrom = serverTime(redis);
            StockLevel level = reader.levels(store, List.of(milk)).get(milk);
            Instant readTo = serverTime(redis);
            if (level.reserved() == 4) {
                assertThat(readFrom)
                        .as("a reading that still counted the hold began before its expiry")
                        .isBefore(hold.expiresAt());
                countedReadings++;
            } else {
                assertThat(level).isEqualTo(new StockLevel(store, milk, 10, 0));
                assertThat(readTo)
                        .as("a reading without the hold ended at or after its expiry")
                        .isAfterOrEqualTo(hold.expiresAt());
                break;
            }
            assertThat(System.nanoTime() - deadline)
                    .as("hold still counted 20 s after a 300 ms TTL")
                    .isNegative();
        }

        assertThat(reader.find(store, hold.id())).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED);
            assertThat(r.finishedAt())
                    .as("expired at its expiry instant, not when noticed")
                    .isEqualTo(hold.expiresAt());
        });
        assertThat(writer.confirm(store, hold.id())).isInstanceOf(ConfirmResult.Expired.class);
        assertThat(writer.levels(store, List.of(milk)).get(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
        System.out.println("[oms-redis] server-time expiry: hold counted in " + countedReadings
                + " readings, then not, exactly at " + hold.expiresAt());
    }

    @Test
    void aBatchStopsBeingAvailableTheMomentTheServersClockReachesItsExpiry() {
        RedisInventoryLock writer = lockOn(TestRedis.connection());
        RedisInventoryLock reader = lockOn(otherConnection);
        RedisCommands<String, String> redis = TestRedis.connection().sync();
        // Far enough ahead that a stalled machine still receives it before it expires.
        Batch batch = Batch.of("SOON", serverTime(redis).plusSeconds(2));
        assertThat(writer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 4)
                        .id(MovementId.of("mb-" + suffix))
                        .reason("")
                        .batch(batch)
                        .build()))
                .isInstanceOf(io.qcommerce.oms.inventory.StockChangeResult.Applied.class);
        writer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 6)
                .id(MovementId.of("mu-" + suffix))
                .reason("")
                .build());

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Instant readFrom = serverTime(redis);
            StockLevel level = reader.levels(store, List.of(milk)).get(milk);
            Instant readTo = serverTime(redis);
            if (level.expired() == 0) {
                assertThat(level.available()).isEqualTo(10);
                assertThat(readFrom)
                        .as("a reading with the batch available began before its expiry")
                        .isBefore(batch.expiresAt());
            } else {
                assertThat(level).isEqualTo(new StockLevel(store, milk, 10, 0, 4));
                assertThat(readTo)
                        .as("a reading without the batch ended at or after its expiry")
                        .isAfterOrEqualTo(batch.expiresAt());
                break;
            }
            assertThat(System.nanoTime() - deadline)
                    .as("batch still available 20 s after its expiry")
                    .isNegative();
        }
        ReserveResult tooMany = reader.reserve(new HoldRequest(
                ReservationId.of("rb-" + suffix), store, List.of(new HoldLine(milk, 7)), Duration.ofMinutes(1)));
        assertThat(tooMany).isInstanceOf(ReserveResult.Insufficient.class);
        assertThat(reader.batchesExpiring(store, serverTime(redis)))
                .extracting(l -> l.batch())
                .containsExactly(batch);
    }

    @Test
    void theReaperGivesTheUnitsOfAQuietStoreBackInRedisItself() {
        RedisInventoryLock lock = lockOn(TestRedis.connection());
        RedisCommands<String, String> redis = TestRedis.connection().sync();
        RedisKeys keys = new RedisKeys(TestRedis.PREFIX);
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 9)
                .id(MovementId.of("m3-" + suffix))
                .reason("")
                .build());
        Instant lastExpiry = Instant.MIN;
        for (int i = 0; i < 3; i++) {
            Reservation hold = ((ReserveResult.Reserved) lock.reserve(new HoldRequest(
                            ReservationId.of("q" + i + "-" + suffix),
                            store,
                            List.of(new HoldLine(milk, 3)),
                            // Long enough that the next reserve (which expires due holds first) cannot outrun it.
                            Duration.ofMillis(500 + i))))
                    .reservation();
            lastExpiry = hold.expiresAt();
        }
        Instant due = lastExpiry;
        Poll.until("the server's clock to pass every expiry", Duration.ofSeconds(20), () -> !serverTime(redis)
                .isBefore(due));
        assertThat(redis.hget(keys.stock(store), "held:" + milk.key()))
                .as("nobody has touched the store")
                .isEqualTo("9");

        int expired = lock.expireDue(store, 100);

        assertThat(expired).isEqualTo(3);
        assertThat(redis.hget(keys.stock(store), "held:" + milk.key())).isEqualTo("0");
        assertThat(redis.zcard(keys.due(store))).isZero();
        assertThat(redis.hget(keys.hold(store, ReservationId.of("q0-" + suffix)), "status"))
                .isEqualTo("EXPIRED");
        assertThat(lock.expireDue(store, 100)).isZero();
    }

    @Test
    void aConfirmAtOrAfterTheServersExpiryIsRefusedEvenWhenNoSweepRanBefore() {
        RedisInventoryLock lock = lockOn(TestRedis.connection());
        RedisCommands<String, String> redis = TestRedis.connection().sync();
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 5)
                .id(MovementId.of("m2-" + suffix))
                .reason("")
                .build());
        Reservation hold = ((ReserveResult.Reserved) lock.reserve(new HoldRequest(
                        ReservationId.of("r2-" + suffix),
                        store,
                        List.of(new HoldLine(milk, 5)),
                        Duration.ofMillis(50))))
                .reservation();

        Poll.until("the server's clock to pass the hold's expiry", Duration.ofSeconds(20), () -> !serverTime(redis)
                .isBefore(hold.expiresAt()));
        ConfirmResult result = lock.confirm(store, hold.id());

        assertThat(result).isInstanceOf(ConfirmResult.Expired.class);
        assertThat(result.reservation().finishedAt()).isEqualTo(hold.expiresAt());
        assertThat(lock.levels(store, List.of(milk)).get(milk)).isEqualTo(new StockLevel(store, milk, 5, 0));
    }
}
