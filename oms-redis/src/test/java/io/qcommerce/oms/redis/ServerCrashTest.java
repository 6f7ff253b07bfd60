package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.HoldAttempt;
import io.qcommerce.oms.testkit.InventoryInvariants;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.StockKey;
import io.qcommerce.oms.testkit.StressDriver;
import io.qcommerce.oms.testkit.StressReport;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server dies (SIGKILL) in the middle of a concurrent run and comes back from its append-only file
 * ({@code appendfsync always}: every acknowledged write is on disk). While it is down, callers get
 * {@code BACKEND_UNAVAILABLE} or {@code OUTCOME_UNKNOWN}, never a wrong answer (the stress driver checks each
 * answer); afterwards, retries with the same ids settle every unknown outcome, and every unit is accounted for:
 * none lost, none sold twice.
 */
class ServerCrashTest {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(500);
    private static final int THREADS = 8;

    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of(
                        "recommended options: reject while disconnected", LettuceSettings.clientOptions(CALL_TIMEOUT)),
                Arguments.of("Lettuce defaults: buffer while disconnected, replay after", ClientOptions.create()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void aServerKilledMidRunAndRestartedFromItsAppendOnlyFileLosesNoUnitAndSellsNoneTwice(
            String name, ClientOptions options) throws Exception {
        RedisServers.assumeBinary();
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        try (RedisProcess server = RedisProcess.start("crash", "--appendonly", "yes", "--appendfsync", "always")) {
            RedisClient client = TestRedis.newClient(RedisURI.create(server.uri()), options);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                MutableClock clock = new MutableClock();
                RedisInventoryLock redisLock = new RedisInventoryLock(
                        connection,
                        RedisInventoryLockConfig.builder()
                                .clock(clock)
                                .commandTimeout(CALL_TIMEOUT)
                                .build());
                ObservedLock lock = new ObservedLock(redisLock);
                Map<StockKey, Long> stock = new LinkedHashMap<>();
                for (String s : List.of("a", "b")) {
                    StoreId store = StoreId.of(s + "-" + suffix);
                    for (int i = 0; i < 6; i++) {
                        Resource sku = Resource.sku(SkuId.of("sku" + i));
                        redisLock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, sku, 300)
                                .id(MovementId.of("init-" + s + i))
                                .reason("")
                                .build());
                        stock.put(StockKey.of(store, sku), 300L);
                    }
                }
                StressDriver driver = StressDriver.builder(lock)
                        .keys(stock.keySet())
                        .threads(THREADS)
                        .operationsPerThread(500)
                        .idPrefix("crash" + suffix)
                        .maxLines(4)
                        .maxUnitsPerLine(3)
                        .ttl(Duration.ofMillis(500), Duration.ofSeconds(20))
                        .shares(0.45, 0.35)
                        .retryShare(0.2)
                        .movementShare(0.05)
                        .clock(clock, 8, Duration.ofSeconds(1))
                        .timeout(Duration.ofSeconds(60))
                        .build();

                CompletableFuture<StressReport> run = CompletableFuture.supplyAsync(driver::run);
                Poll.until(
                        "load before the crash", Duration.ofSeconds(60), () -> lock.writes() >= 1500 || run.isDone());
                assertThat(run)
                        .as("the run is still going when the server dies")
                        .isNotDone();
                long callsBeforeKill = lock.calls();
                server.kill();
                // Every worker's call in flight at the kill has failed (timed out or been refused) before the
                // server is back: none of them is answered by a replay as if it were the first attempt.
                Poll.until(
                        "callers to see the outage",
                        Duration.ofSeconds(60),
                        () -> lock.backendErrors() >= 2L * THREADS || run.isDone());
                long errorsWhileDown = lock.backendErrors();
                server.restart();
                StressReport report = run.get(120, TimeUnit.SECONDS);
                clock.advance(driver.maxTtl().plusSeconds(1));
                // The checks read thousands of holds and movements: with the ordinary timeout, not the short one
                // the workers needed to notice the outage, so a slow answer on a loaded machine is not a failure.
                RedisInventoryLock checker = new RedisInventoryLock(
                        connection,
                        RedisInventoryLockConfig.builder()
                                .clock(clock)
                                .commandTimeout(TestRedis.TIMEOUT)
                                .build());
                StressReport settled = settle(report, checker);

                List<String> violations = InventoryInvariants.checkAfterRun(checker, stock, settled);
                System.out.println("[oms-redis] SIGKILL + AOF restart (" + name + "): " + callsBeforeKill
                        + " calls before the kill, " + errorsWhileDown + " backend errors by the restart; "
                        + lock.summary() + "; before settling " + report.uncertain() + " uncertain; "
                        + settled.summary());
                assertThat(violations).as(settled.summary()).isEmpty();
                assertThat(lock.untyped())
                        .as("exceptions that are not OmsException")
                        .isEmpty();
                assertThat(lock.backendErrors())
                        .as("the outage was seen as typed backend errors")
                        .isPositive();
                assertThat(lock.errors(ErrorCode.BACKEND_UNAVAILABLE) + lock.errors(ErrorCode.OUTCOME_UNKNOWN))
                        .isEqualTo(lock.backendErrors());
                assertThat(settled.count(HoldAttempt.Outcome.CONFIRMED)).isPositive();
                for (String s : List.of("a", "b")) {
                    StoreId store = StoreId.of(s + "-" + suffix);
                    assertThat(sumOfMovements(checker, store))
                            .as("the ledger of %s, summed, after the crash", store)
                            .isEqualTo(countersOf(checker, store));
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void whileTheServerIsDownCallsAreBackendUnavailableAndAfterItsRestartTheyWorkAgain() {
        RedisServers.assumeBinary();
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        StoreId store = StoreId.of("s-" + suffix);
        Resource milk = Resource.sku(SkuId.of("milk"));
        try (RedisProcess server = RedisProcess.start("down", "--appendonly", "yes", "--appendfsync", "always")) {
            RedisClient client =
                    TestRedis.newClient(RedisURI.create(server.uri()), LettuceSettings.clientOptions(CALL_TIMEOUT));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisInventoryLock lock = new RedisInventoryLock(
                        connection,
                        RedisInventoryLockConfig.builder()
                                .commandTimeout(CALL_TIMEOUT)
                                .build());
                lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                        .id(MovementId.of("grn"))
                        .reason("")
                        .build());
                HoldRequest request = new HoldRequest(
                        ReservationId.of("r1"), store, List.of(new HoldLine(milk, 4)), Duration.ofMinutes(10));

                server.kill();
                Poll.until("the client to notice", Duration.ofSeconds(10), () -> !connection.isOpen());
                OmsException down = catchThrowableOfType(OmsException.class, () -> lock.reserve(request));
                assertThat(down.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
                assertThat(down.getCause())
                        .as("the driver's exception is kept as the cause, not thrown")
                        .isInstanceOf(RedisException.class);

                server.restart();
                Poll.until("the client to reconnect", Duration.ofSeconds(30), connection::isOpen);
                ReserveResult result = lock.reserve(request);

                assertThat(result).isInstanceOfSatisfying(ReserveResult.Reserved.class, r -> assertThat(r.repeated())
                        .as("the refused call held nothing")
                        .isFalse());
                assertThat(lock.levels(store, List.of(milk)).get(milk))
                        .as("the receipt survived the crash in the append-only file")
                        .isEqualTo(new StockLevel(store, milk, 10, 4));
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    /**
     * onHand and reserved of every resource, from the movements the lock recorded: the stream is in the
     * append-only file with the counters, written by the same scripts, so a crash keeps both or neither.
     */
    private static Map<Resource, List<Long>> sumOfMovements(RedisInventoryLock lock, StoreId store) {
        Map<Resource, List<Long>> out = new java.util.TreeMap<>();
        String position = null;
        while (true) {
            io.qcommerce.oms.spi.LedgerPage page = lock.movements(store, position, 1000);
            for (io.qcommerce.oms.ledger.StockMovement m : page.movements()) {
                List<Long> sums = out.computeIfAbsent(m.resource(), r -> new java.util.ArrayList<>(List.of(0L, 0L)));
                sums.set(0, sums.get(0) + m.onHandEffect());
                sums.set(1, sums.get(1) + m.reservedEffect());
            }
            if (page.movements().isEmpty()) {
                return out;
            }
            position = page.position();
        }
    }

    private static Map<Resource, List<Long>> countersOf(RedisInventoryLock lock, StoreId store) {
        Map<Resource, List<Long>> out = new java.util.TreeMap<>();
        lock.allLevels(store).forEach((r, level) -> out.put(r, List.of(level.onHand(), level.reserved())));
        return out;
    }

    /** Asks the lock about every uncertain outcome with the same ids until none is left (bounded). */
    private static StressReport settle(StressReport report, io.qcommerce.oms.spi.InventoryLock lock) {
        StressReport settled = report.settle(lock);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (settled.uncertain() > 0 && System.nanoTime() - deadline < 0) {
            settled = settled.settle(lock);
        }
        return settled;
    }
}
