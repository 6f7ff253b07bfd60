package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls whose caller stopped waiting although the server applied them, or applied them later: the caller
 * gets {@code OUTCOME_UNKNOWN}, and the retry with the same id answers the first outcome without applying
 * anything twice. The reply is held back by a proxy (the command was applied, its answer never came in time),
 * or the server is paused (the command is applied after its caller gave up), or the connection is cut with
 * the reply in flight and Lettuce replays the command after reconnecting.
 */
class TimeoutAfterApplyTest {
    private static final Duration IMPATIENT = Duration.ofMillis(150);
    private static final Duration HELD_BACK = Duration.ofMillis(600);

    private static RedisProcess server;
    private static ReplyHoldingProxy proxy;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> viaProxy;
    private static StatefulRedisConnection<String, String> direct;

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final StoreId store = StoreId.of("s-" + suffix);
    private final Resource milk = Resource.sku(SkuId.of("milk"));
    private final RedisInventoryLock observer = lock(direct(), TestRedis.TIMEOUT);

    @BeforeAll
    static void startServerAndProxy() {
        RedisServers.assumeBinary();
        server = RedisProcess.start("timeouts");
        proxy = ReplyHoldingProxy.to(server);
        client = TestRedis.newClient(RedisURI.create(server.uri()), LettuceSettings.clientOptions(TestRedis.TIMEOUT));
        viaProxy = client.connect(proxy.uri());
        direct = client.connect(RedisURI.create(server.uri()));
        // Scripts loaded up front: a first call would otherwise wait for NOSCRIPT before sending the body, and
        // a held-back NOSCRIPT would keep the body from ever reaching the server.
        lock(direct, TestRedis.TIMEOUT).start();
    }

    @AfterAll
    static void stopAll() {
        if (client != null) {
            viaProxy.close();
            direct.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void letRepliesThrough() {
        proxy.passReplies();
    }

    private static StatefulRedisConnection<String, String> direct() {
        return direct;
    }

    /**
     * The lock with its scripts loaded and its way of calling them settled (FCALL or EVALSHA), as a host's start()
     * does: the first call of a lock that did not start may first try FCALL, and a held-back answer to that try
     * would keep the call itself from ever reaching the server.
     */
    private static RedisInventoryLock started(RedisInventoryLock lock) {
        lock.start();
        return lock;
    }

    private static RedisInventoryLock lock(StatefulRedisConnection<String, String> connection, Duration timeout) {
        return new RedisInventoryLock(
                connection,
                RedisInventoryLockConfig.builder()
                        .keyPrefix("t")
                        .commandTimeout(timeout)
                        .build());
    }

    private StockLevel milkLevel() {
        return observer.levels(store, List.of(milk)).get(milk);
    }

    /** What the lock recorded for the store: a retry or a replay must record nothing more. */
    private List<MovementType> recorded() {
        List<MovementType> out = new java.util.ArrayList<>();
        observer.movements(store, null, 100).movements().forEach(m -> out.add(m.type()));
        return out;
    }

    private HoldRequest request(String id, long units) {
        return new HoldRequest(ReservationId.of(id), store, List.of(new HoldLine(milk, units)), Duration.ofMinutes(10));
    }

    /**
     * Makes the call through the proxy with replies held back: it must time out as OUTCOME_UNKNOWN, and the
     * server must have applied it all the same ({@code applied} becomes true while the reply is still held).
     */
    private void timesOutAfterTheServerAppliedIt(Function<InventoryLock, Object> call, BooleanSupplier applied) {
        // A test before may have cut the connections through the proxy: the shared one must be back (it refuses
        // commands while it reconnects) before a call through it can reach the server.
        Poll.until("the connection through the proxy to answer", Duration.ofSeconds(10), () -> {
            try {
                return "PONG".equals(viaProxy.sync().ping());
            } catch (RuntimeException e) {
                return false;
            }
        });
        RedisInventoryLock impatient = started(lock(viaProxy, IMPATIENT));
        proxy.holdReplies(HELD_BACK);
        OmsException thrown = catchThrowableOfType(OmsException.class, () -> call.apply(impatient));
        Poll.until("the server to have applied the call", Duration.ofSeconds(10), applied);
        proxy.passReplies();
        assertThat(thrown).as("a call whose reply never came in time").isNotNull();
        assertThat(thrown.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(thrown.isRetryable()).isTrue();
    }

    /** The retry, through the same connection (its answer queues behind the held-back one). */
    private <T> T retry(Function<InventoryLock, T> call) {
        return call.apply(lock(viaProxy, TestRedis.TIMEOUT));
    }

    @Test
    void aReserveThatTimedOutAfterBeingAppliedIsHeldOnceAndItsRetryAnswersTheSameHold() {
        observer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build());
        HoldRequest request = request("r1", 3);

        timesOutAfterTheServerAppliedIt(lock -> lock.reserve(request), () -> observer.find(store, request.id())
                .isPresent());

        assertThat(observer.find(store, request.id()))
                .get()
                .extracting(Reservation::status)
                .isEqualTo(ReservationStatus.HELD);
        ReserveResult again = retry(lock -> lock.reserve(request));
        assertThat(again).isInstanceOfSatisfying(ReserveResult.Reserved.class, r -> {
            assertThat(r.repeated()).isTrue();
            assertThat(r.levels()).containsExactly(new StockLevel(store, milk, 10, 3));
        });
        assertThat(milkLevel()).isEqualTo(new StockLevel(store, milk, 10, 3));
        assertThat(recorded()).containsExactly(MovementType.RECEIVED, MovementType.HELD);
    }

    @Test
    void aConfirmThatTimedOutAfterBeingAppliedSellsOnceAndItsRetryAnswersConfirmed() {
        observer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build());
        HoldRequest request = request("r1", 3);
        observer.reserve(request);

        timesOutAfterTheServerAppliedIt(
                lock -> lock.confirm(store, request.id()),
                () -> observer.find(store, request.id()).orElseThrow().status() == ReservationStatus.CONFIRMED);

        Reservation sold = observer.find(store, request.id()).orElseThrow();
        assertThat(sold.status()).isEqualTo(ReservationStatus.CONFIRMED);
        ConfirmResult again = retry(lock -> lock.confirm(store, request.id()));
        assertThat(again).isEqualTo(new ConfirmResult.Confirmed(sold));
        assertThat(milkLevel()).isEqualTo(new StockLevel(store, milk, 7, 0));
        assertThat(recorded()).containsExactly(MovementType.RECEIVED, MovementType.HELD, MovementType.SOLD);
    }

    @Test
    void aReleaseThatTimedOutAfterBeingAppliedGivesBackOnceAndItsRetryAnswersReleased() {
        observer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build());
        HoldRequest request = request("r1", 3);
        observer.reserve(request);
        observer.reserve(request("r2", 2));

        timesOutAfterTheServerAppliedIt(
                lock -> lock.release(store, request.id()),
                () -> observer.find(store, request.id()).orElseThrow().status() == ReservationStatus.RELEASED);

        ReleaseResult again = retry(lock -> lock.release(store, request.id()));
        assertThat(again).isInstanceOf(ReleaseResult.Released.class);
        assertThat(milkLevel()).as("r2's units stay held").isEqualTo(new StockLevel(store, milk, 10, 2));
        assertThat(recorded())
                .containsExactly(MovementType.RECEIVED, MovementType.HELD, MovementType.HELD, MovementType.RELEASED);
    }

    @Test
    void aReceiptThatTimedOutAfterBeingAppliedCountsOnceAndItsRetryAnswersRepeated() {
        StockChange receipt = StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build();

        timesOutAfterTheServerAppliedIt(
                lock -> lock.apply(receipt), () -> milkLevel().onHand() == 10);

        StockChangeResult again = retry(lock -> lock.apply(receipt));
        assertThat(again).isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 10, 0), true));
        assertThat(milkLevel()).isEqualTo(new StockLevel(store, milk, 10, 0));
        assertThat(recorded()).containsExactly(MovementType.RECEIVED);
    }

    @Test
    void aReserveThatTimedOutWhileTheServerWasPausedIsAppliedOnceWhenItResumes() {
        observer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build());
        HoldRequest request = request("r1", 4);
        RedisCommands<String, String> admin = direct.sync();
        String holdKey = new RedisKeys("t").hold(store, request.id());
        try (StatefulRedisConnection<String, String> app = client.connect(RedisURI.create(server.uri()))) {
            RedisInventoryLock impatient = started(lock(app, IMPATIENT));
            clientPause(admin, "PAUSE", "10000", "WRITE");
            try {
                OmsException thrown = catchThrowableOfType(OmsException.class, () -> impatient.reserve(request));
                assertThat(thrown.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
                assertThat(admin.exists(holdKey))
                        .as("not applied while the server is paused")
                        .isZero();
            } finally {
                clientPause(admin, "UNPAUSE");
            }

            ReserveResult again = lock(app, TestRedis.TIMEOUT).reserve(request);

            assertThat(admin.exists(holdKey))
                    .as("applied once the server resumed")
                    .isOne();
            assertThat(again).isInstanceOfSatisfying(ReserveResult.Reserved.class, r -> assertThat(r.repeated())
                    .as("the late first call took the hold, the retry found it")
                    .isTrue());
            assertThat(milkLevel()).isEqualTo(new StockLevel(store, milk, 10, 4));
            assertThat(recorded()).containsExactly(MovementType.RECEIVED, MovementType.HELD);
        }
    }

    @Test
    void lettucesReplayOfACommandInFlightWhenTheConnectionDroppedAnswersTheFirstOutcomeAndHoldsOnce() throws Exception {
        observer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build());
        HoldRequest request = request("r1", 3);
        String holdKey = new RedisKeys("t").hold(store, request.id());
        // Lettuce's defaults: auto-reconnect, commands buffered while disconnected and replayed after.
        RedisClient replaying = TestRedis.newClient(proxy.uri(), ClientOptions.create());
        try (StatefulRedisConnection<String, String> connection = replaying.connect()) {
            RedisInventoryLock patient = started(lock(connection, Duration.ofSeconds(10)));
            proxy.holdReplies(Duration.ofSeconds(30));
            CompletableFuture<ReserveResult> call = CompletableFuture.supplyAsync(() -> patient.reserve(request));
            Poll.until(
                    "the reserve to reach the server",
                    Duration.ofSeconds(10),
                    () -> direct.sync().exists(holdKey) == 1);

            // Cut with the reply still held back, so it is lost rather than delivered: the replies held back are
            // dropped with the connection, and the new connection's replies pass.
            proxy.cutConnections();
            ReserveResult result = call.get(15, TimeUnit.SECONDS);

            assertThat(result)
                    .as("answered by the replayed command")
                    .isInstanceOfSatisfying(ReserveResult.Reserved.class, r -> assertThat(r.repeated())
                            .isTrue());
            assertThat(milkLevel()).as("held once").isEqualTo(new StockLevel(store, milk, 10, 3));
            assertThat(recorded()).as("recorded once").containsExactly(MovementType.RECEIVED, MovementType.HELD);
        } finally {
            replaying.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void withTheRecommendedOptionsACommandInFlightWhenTheConnectionDroppedIsOutcomeUnknownAndTheRetrySettlesIt()
            throws Exception {
        observer.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build());
        HoldRequest request = request("r1", 3);
        String holdKey = new RedisKeys("t").hold(store, request.id());
        RedisClient rejecting = TestRedis.newClient(proxy.uri(), LettuceSettings.clientOptions(Duration.ofSeconds(10)));
        try (StatefulRedisConnection<String, String> connection = rejecting.connect()) {
            RedisInventoryLock patient = started(lock(connection, Duration.ofSeconds(10)));
            proxy.holdReplies(Duration.ofSeconds(30));
            CompletableFuture<ReserveResult> call = CompletableFuture.supplyAsync(() -> patient.reserve(request));
            Poll.until(
                    "the reserve to reach the server",
                    Duration.ofSeconds(10),
                    () -> direct.sync().exists(holdKey) == 1);

            // Cut with the reply still held back, so it is lost rather than delivered: the replies held back are
            // dropped with the connection, and the new connection's replies pass.
            proxy.cutConnections();
            Throwable failure = catchThrowableOfType(ExecutionException.class, () -> call.get(15, TimeUnit.SECONDS))
                    .getCause();

            assertThat(failure).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                    .isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
            Poll.until("the connection to come back", Duration.ofSeconds(10), connection::isOpen);
            ReserveResult again = retryUntilConnected(() -> patient.reserve(request));
            assertThat(again).isInstanceOfSatisfying(ReserveResult.Reserved.class, r -> assertThat(r.repeated())
                    .isTrue());
            assertThat(milkLevel()).as("held once").isEqualTo(new StockLevel(store, milk, 10, 3));
            assertThat(recorded()).as("recorded once").containsExactly(MovementType.RECEIVED, MovementType.HELD);
        } finally {
            rejecting.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Retries a call refused with BACKEND_UNAVAILABLE while the connection is being made again. */
    private static <T> T retryUntilConnected(Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return call.get();
            } catch (OmsException e) {
                if (e.code() != ErrorCode.BACKEND_UNAVAILABLE || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    private static void clientPause(RedisCommands<String, String> redis, String... args) {
        CommandArgs<String, String> commandArgs = new CommandArgs<>(StringCodec.UTF8);
        for (String a : args) {
            commandArgs.add(a);
        }
        redis.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), commandArgs);
    }
}
