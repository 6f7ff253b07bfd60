package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What this adapter promises beyond the contract suite: one script call per operation, scripts reloaded
 * when the server forgot them, retention of finished holds and movements, the key layout in Redis, and
 * typed errors when the connection is unusable. On a server of its own, so its command counts are exact.
 */
class RedisInventoryLockTest {
    private static OwnRedisServer own;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final StoreId store = StoreId.of("s-" + suffix);
    private final Resource milk = Resource.sku(SkuId.of("milk-" + suffix));
    private final MutableClock clock = new MutableClock();
    private RedisInventoryLock lock;

    @BeforeAll
    static void startServer() {
        own = OwnRedisServer.start("adapter");
        connection = own.connection;
        redis = connection.sync();
    }

    @AfterAll
    static void stopServer() {
        if (own != null) {
            own.close();
        }
    }

    @BeforeEach
    void newLock() {
        lock = new RedisInventoryLock(
                connection,
                RedisInventoryLockConfig.builder()
                        .keyPrefix("t")
                        .clock(clock)
                        .retention(Duration.ofHours(1))
                        .build());
    }

    private void receive(Resource resource, long units) {
        assertThat(lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, resource, units)
                        .id(MovementId.of("m-" + suffix + "-" + resource.id() + "-" + units))
                        .reason("")
                        .build()))
                .isInstanceOf(StockChangeResult.Applied.class);
    }

    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(','));
                calls.put(name, Long.parseLong(count));
            }
        }
        return calls;
    }

    @Test
    void theLocksNowIsItsClockOrTheServersTime() {
        clock.set(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(lock.now(store)).isEqualTo(java.time.Instant.parse("2030-01-01T00:00:00Z"));

        RedisInventoryLock onServerTime = new RedisInventoryLock(
                connection, RedisInventoryLockConfig.builder().keyPrefix("t").build());
        java.util.List<String> time = redis.time();
        java.time.Instant reference =
                java.time.Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
        assertThat(onServerTime.now(store)).isBetween(reference, reference.plusSeconds(5));
    }

    @Test
    void eachOperationIsOneScriptCallByDigestWhateverTheNumberOfLines() {
        List<Resource> skus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            skus.add(Resource.sku(SkuId.of("sku" + i + "-" + suffix)));
            receive(skus.get(i), 5);
        }
        lock.start();
        List<HoldLine> cart = new ArrayList<>();
        skus.forEach(s -> cart.add(new HoldLine(s, 2)));
        ReservationId id = ReservationId.of("r-" + suffix);
        redis.configResetstat();

        lock.reserve(new HoldRequest(id, store, cart, Duration.ofMinutes(5)));
        lock.levels(store, skus);
        lock.find(store, id);
        lock.confirm(store, id);
        lock.release(store, id);
        lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, 3)
                .id(MovementId.of("adj-" + suffix))
                .reason("count")
                .build());
        lock.expireDue(store, 10);
        lock.levels(store, List.of());
        lock.batches(store, milk.skuId());
        lock.batchesExpiring(store, clock.instant().plus(Duration.ofDays(1)));

        Map<String, Long> calls = commandCalls();
        assertThat(calls.get(scriptCall()))
                .as("nine operations, nine script calls (none for levels of nothing)")
                .isEqualTo(9);
        assertThat(calls)
                .as("no script sent in full and nothing loaded again: they were loaded")
                .doesNotContainKeys("eval", "function|load", "script|load");
    }

    /** How scripts are called on the test server: FCALL on Redis 7 and newer, EVALSHA on 6.2. */
    private static String scriptCall() {
        return functions() ? "fcall" : "evalsha";
    }

    private static boolean functions() {
        String info = redis.info("server");
        String version = info.substring(info.indexOf("redis_version:") + "redis_version:".length());
        return Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 7;
    }

    @Test
    void onRedis7TheScriptsAreOneFunctionLibraryLoadedOnceAndCalledByName() {
        org.junit.jupiter.api.Assumptions.assumeTrue(functions(), "Redis 7 or newer");
        receive(milk, 10);
        redis.configResetstat();

        for (int i = 0; i < 3; i++) {
            ReservationId id = ReservationId.of("r" + i + "-" + suffix);
            lock.reserve(new HoldRequest(id, store, List.of(new HoldLine(milk, 1)), Duration.ofMinutes(5)));
            lock.confirm(store, id);
        }

        Map<String, Long> calls = commandCalls();
        assertThat(calls.get("fcall")).isEqualTo(6);
        assertThat(calls).doesNotContainKeys("eval", "evalsha", "function|load");
        assertThat(redis.functionList(LuaScripts.LIBRARY_NAME)).hasSize(1);
        assertThat(lock.levels(store, List.of(milk)).get(milk)).isEqualTo(new StockLevel(store, milk, 7, 0));
    }

    @Test
    void afterFunctionFlushTheLibraryIsLoadedAgainAndEveryCallAppliedOnce() {
        org.junit.jupiter.api.Assumptions.assumeTrue(functions(), "Redis 7 or newer");
        receive(milk, 10);
        redis.functionFlush(io.lettuce.core.FlushMode.SYNC);
        redis.configResetstat();

        ReservationId id = ReservationId.of("r-" + suffix);
        ReserveResult held =
                lock.reserve(new HoldRequest(id, store, List.of(new HoldLine(milk, 2)), Duration.ofMinutes(5)));
        redis.functionFlush(io.lettuce.core.FlushMode.SYNC);
        ConfirmResult confirmed = lock.confirm(store, id);

        assertThat(held).isInstanceOf(ReserveResult.Reserved.class);
        assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(lock.levels(store, List.of(milk)).get(milk))
                .as("the reserve and the confirm each applied once")
                .isEqualTo(new StockLevel(store, milk, 8, 0));
        Map<String, Long> calls = commandCalls();
        assertThat(calls.get("function|load")).as("loaded after each flush").isEqualTo(2);
        assertThat(calls.get("fcall"))
                .as("each refused call tried once more, then levels")
                .isEqualTo(5);
        assertThat(lock.movements(store, RedisInventoryLock.LEDGER_START, 100).movements())
                .as("one movement each for the receipt, the hold and the sale")
                .hasSize(3);
    }

    @Test
    void scriptsTheServerForgotAreSentAgainOnceAndThenCalledByDigest() {
        org.junit.jupiter.api.Assumptions.assumeFalse(functions(), "Redis 6.2: scripts by digest");
        receive(milk, 10);
        redis.scriptFlush();
        redis.configResetstat();

        ReservationId id = ReservationId.of("r-" + suffix);
        lock.reserve(new HoldRequest(id, store, List.of(new HoldLine(milk, 2)), Duration.ofMinutes(5)));
        lock.levels(store, List.of(milk));
        ConfirmResult confirmed = lock.confirm(store, id);
        lock.reserve(new HoldRequest(
                ReservationId.of("r2-" + suffix), store, List.of(new HoldLine(milk, 1)), Duration.ofMinutes(5)));

        assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(lock.levels(store, List.of(milk)).get(milk)).isEqualTo(new StockLevel(store, milk, 8, 1));
        Map<String, Long> calls = commandCalls();
        assertThat(calls.get("eval"))
                .as("reserve, levels and confirm each sent once in full")
                .isEqualTo(3);
        assertThat(calls.get("evalsha")).as("every call tried by digest first").isEqualTo(5);
    }

    @Test
    void startLoadsEveryScriptAndFindsTheServerWithoutEviction() {
        redis.scriptFlush();
        if (functions()) {
            redis.functionFlush(io.lettuce.core.FlushMode.SYNC);
        }

        lock.start();

        if (functions()) {
            assertThat(redis.functionList(LuaScripts.LIBRARY_NAME)).hasSize(1);
        } else {
            List<String> digests = new ArrayList<>();
            LuaScripts.ALL.forEach(s -> digests.add(s.sha1()));
            assertThat(redis.scriptExists(digests.toArray(new String[0]))).containsOnly(true);
        }
        assertThat(lock.checkEvictionPolicy()).isTrue();
    }

    @Test
    void aCallExpiresOnlyTheDueHoldsOfItsOwnResourcesAndStillAnswersExactly() {
        Resource bread = Resource.sku(SkuId.of("bread-" + suffix));
        receive(milk, 10);
        receive(bread, 10);
        String base = "t:{" + store.value() + "}:";
        for (int i = 0; i < 3; i++) {
            lock.reserve(new HoldRequest(
                    ReservationId.of("b" + i + "-" + suffix),
                    store,
                    List.of(new HoldLine(bread, 2)),
                    Duration.ofMinutes(5)));
        }
        clock.advance(Duration.ofMinutes(6));

        ReserveResult milkHold = lock.reserve(new HoldRequest(
                ReservationId.of("m-" + suffix), store, List.of(new HoldLine(milk, 1)), Duration.ofMinutes(5)));

        assertThat(milkHold).isInstanceOf(ReserveResult.Reserved.class);
        assertThat(redis.hget(base + "hold:b0-" + suffix, "status"))
                .as("a reserve of milk leaves the due holds of bread to the calls about bread")
                .isEqualTo("HELD");
        assertThat(redis.hget(base + "stock", "held:" + bread.key())).isEqualTo("6");
        assertThat(lock.levels(store, List.of(bread)).get(bread))
                .as("the first call about bread expires them, at their expiry instant")
                .isEqualTo(new StockLevel(store, bread, 10, 0));
        assertThat(redis.hget(base + "hold:b0-" + suffix, "status")).isEqualTo("EXPIRED");
        assertThat(redis.zrange(base + "due", 0, -1))
                .as("bread has no live hold left")
                .containsExactly(milk.key());
    }

    @Test
    void holdsLeftInTheStoreWideDueIndexOfEarlierVersionsExpireThroughTheReaperAndARestore() {
        receive(milk, 10);
        String base = "t:{" + store.value() + "}:";
        long created = clock.instant().getEpochSecond() * 1_000_000L;
        // Two holds as a version before the per-resource due index left them: the record, the units held, and
        // the hold's id in the store-wide index, scored by its expiry.
        for (String id : List.of("old1-" + suffix, "old2-" + suffix)) {
            long expires = created + (id.startsWith("old1") ? 60 : 600) * 1_000_000L;
            redis.hset(
                    base + "hold:" + id,
                    Map.of(
                            "status",
                            "HELD",
                            "lines",
                            milk.key() + " 3",
                            "created",
                            Long.toString(created),
                            "expires",
                            Long.toString(expires)));
            redis.zadd(base + "due", (double) expires, id);
        }
        redis.hset(base + "stock", "held:" + milk.key(), "6");
        clock.advance(Duration.ofMinutes(2));

        int expired = lock.expireDue(store, 10);

        assertThat(expired)
                .as("the reaper moves the old entry to the new index, then expires it")
                .isEqualTo(1);
        assertThat(lock.levels(store, List.of(milk)).get(milk)).isEqualTo(new StockLevel(store, milk, 10, 3));
        assertThat(lock.find(store, ReservationId.of("old1-" + suffix))
                        .orElseThrow()
                        .status())
                .isEqualTo(io.qcommerce.oms.inventory.ReservationStatus.EXPIRED);

        clock.advance(Duration.ofMinutes(10));
        assertThat(lock.allLevels(store).get(milk))
                .as("a report sweeps the store, old entries included")
                .isEqualTo(new StockLevel(store, milk, 10, 0));
        assertThat(redis.zrange(base + "due", 0, -1))
                .as("nothing left of the old index")
                .isEmpty();
    }

    @Test
    void theKeysOfAStoreAreWhatTheReadmeSays() {
        receive(milk, 10);
        ReservationId held = ReservationId.of("held-" + suffix);
        ReservationId done = ReservationId.of("done-" + suffix);
        lock.reserve(new HoldRequest(held, store, List.of(new HoldLine(milk, 3)), Duration.ofMinutes(5)));
        lock.reserve(new HoldRequest(done, store, List.of(new HoldLine(milk, 2)), Duration.ofMinutes(5)));
        lock.confirm(store, done);

        String base = "t:{" + store.value() + "}:";
        assertThat(redis.keys(base + "*"))
                .containsExactlyInAnyOrder(
                        base + "stock",
                        base + "due",
                        base + "due:" + milk.key(),
                        base + "hold:" + held.value(),
                        base + "hold:" + done.value(),
                        base + "move:m-" + suffix + "-" + milk.id() + "-10",
                        base + "ledger");
        List<StreamMessage<String, String>> ledger = redis.xrange(base + "ledger", Range.create("-", "+"));
        long ms = clock.instant().toEpochMilli();
        String micros = Long.toString(RedisInventoryLock.micros(clock.instant()));
        assertThat(ledger)
                .extracting(StreamMessage::getId)
                .as("ids from the lock's clock, in ms, numbered within the ms")
                .containsExactly(ms + "-0", ms + "-1", ms + "-2", ms + "-3");
        assertThat(ledger.get(0).getBody())
                .as("one entry per operation: its own fields, then its movements in m")
                .isEqualTo(Map.of(
                        "t",
                        "RECEIVED",
                        "i",
                        "m-" + suffix + "-" + milk.id() + "-10",
                        "w",
                        micros,
                        "a",
                        "",
                        "n",
                        "",
                        "m",
                        milk.key() + " 10"));
        assertThat(ledger.get(1).getBody())
                .as("a hold's entry names when it was taken instead of an actor and a reason")
                .containsOnlyKeys("t", "i", "w", "c", "m")
                .containsEntry("c", micros);
        assertThat(ledger)
                .extracting(m -> m.getBody().get("t") + " " + m.getBody().get("i") + " "
                        + m.getBody().get("m"))
                .containsExactly(
                        "RECEIVED m-" + suffix + "-" + milk.id() + "-10 " + milk.key() + " 10",
                        "HELD " + held.value() + " " + milk.key() + " 3",
                        "HELD " + done.value() + " " + milk.key() + " 2",
                        "SOLD " + done.value() + " " + milk.key() + " 2");
        assertThat(redis.hgetall(base + "stock"))
                .containsEntry("on:" + milk.key(), "8")
                .containsEntry("held:" + milk.key(), "3")
                .containsKey(".now");
        assertThat(redis.zrange(base + "due", 0, -1))
                .as("the due index lists the resources with live holds")
                .containsExactly(milk.key());
        assertThat(redis.zrange(base + "due:" + milk.key(), 0, -1))
                .as("and each of them its live holds")
                .containsExactly(held.value());
        assertThat(redis.hgetall(base + "hold:" + held.value()))
                .containsEntry("status", "HELD")
                .containsEntry("lines", milk.key() + " 3");
        assertThat(redis.pttl(base + "hold:" + held.value()))
                .as("a live hold never expires by TTL")
                .isEqualTo(-1);
        assertThat(redis.pttl(base + "hold:" + done.value()))
                .as("a finished one lives for the retention")
                .isBetween(
                        Duration.ofHours(1).minusSeconds(30).toMillis(),
                        Duration.ofHours(1).toMillis());
        assertThat(redis.pttl(base + "move:m-" + suffix + "-" + milk.id() + "-10"))
                .isBetween(
                        Duration.ofHours(1).minusSeconds(30).toMillis(),
                        Duration.ofHours(1).toMillis());
    }

    @Test
    void batchesTakesAndFreshnessAreStoredAsTheReadmeSays() {
        Batch early = Batch.of("E1", clock.instant().plus(Duration.ofDays(2)));
        Batch late = Batch.of("L1", clock.instant().plus(Duration.ofDays(4)));
        MovementId receipt = MovementId.of("grn-" + suffix);
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 2)
                .id(receipt)
                .reason("")
                .batch(late)
                .build());
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 3)
                .id(MovementId.of("grn2-" + suffix))
                .reason("")
                .batch(early)
                .build());
        Instant freshUntil = clock.instant().plus(Duration.ofDays(1)).plusNanos(7);
        ReservationId id = ReservationId.of("r-" + suffix);
        lock.reserve(new HoldRequest(id, store, List.of(new HoldLine(milk, 4, freshUntil)), Duration.ofMinutes(5)));

        String base = "t:{" + store.value() + "}:";
        assertThat(redis.hgetall(base + "batch"))
                .as("one field per SKU, first expiry first: code, ns, on, held")
                .containsExactly(Map.entry(
                        milk.key(),
                        "E1 " + RedisInventoryLock.nanos(early.expiresAt()) + " 3 3 L1 "
                                + RedisInventoryLock.nanos(late.expiresAt()) + " 2 1"));
        assertThat(redis.hgetall(base + "stock"))
                .as("the stock hash keeps the totals")
                .containsEntry("on:" + milk.key(), "5")
                .containsEntry("held:" + milk.key(), "4");
        assertThat(redis.hgetall(base + "hold:" + id.value()))
                .containsEntry("lines", milk.key() + " 4")
                .containsEntry(
                        "takes",
                        milk.key() + " E1 " + RedisInventoryLock.nanos(early.expiresAt()) + " 3 " + milk.key() + " L1 "
                                + RedisInventoryLock.nanos(late.expiresAt()) + " 1")
                .containsEntry("fresh", milk.key() + " " + RedisInventoryLock.nanos(freshUntil));
        assertThat(redis.hget(base + "move:" + receipt.value(), "batch"))
                .isEqualTo("L1 " + RedisInventoryLock.nanos(late.expiresAt()));

        lock.confirm(store, id);
        clock.set(early.expiresAt());
        lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, -1)
                .id(MovementId.of("adj-" + suffix))
                .reason("")
                .batch(late)
                .build());
        assertThat(redis.hgetall(base + "batch"))
                .as("the emptied, expired batch is dropped at the next write")
                .containsExactly(Map.entry(milk.key(), "L1 " + RedisInventoryLock.nanos(late.expiresAt()) + " 0 0"));
        clock.set(late.expiresAt());
        lock.apply(StockChange.of(StockChange.Kind.RESTOCK, store, milk, 1)
                .id(MovementId.of("res-" + suffix))
                .reason("")
                .build());
        assertThat(lock.batches(store, milk.skuId()))
                .as("emptied and expired: forgotten")
                .isEmpty();
        assertThat(redis.hexists(base + "batch", milk.key()))
                .as("still stored: reads and writes of units without a batch skip it, a write of batches drops it")
                .isTrue();
        Batch again = Batch.of("L1", clock.instant().plus(Duration.ofDays(3)));
        assertThat(lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 1)
                        .id(MovementId.of("grn3-" + suffix))
                        .reason("")
                        .batch(again)
                        .build()))
                .isInstanceOf(StockChangeResult.Applied.class);
        assertThat(redis.hgetall(base + "batch"))
                .as("its code received again, with the new expiry")
                .containsExactly(Map.entry(milk.key(), "L1 " + RedisInventoryLock.nanos(again.expiresAt()) + " 1 0"));
    }

    @Test
    void instantsOfBatchesAreKeptToTheNanosecondAtAnySizeAndCodesOrderedByByte() {
        InventoryLock memory = new InMemoryInventoryLock(clock);
        Instant t = clock.instant().plus(Duration.ofDays(1));
        List<Batch> batches = List.of(
                Batch.of("a", t),
                Batch.of("B", t),
                Batch.of("B", t.plusNanos(1)),
                Batch.of("Z", t.minusNanos(1)),
                Batch.of("MAX", Instant.MAX),
                Batch.of("FAR", Instant.MAX.minusSeconds(3)),
                Batch.of("B-", t));
        List<Resource> skus = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            // One SKU per batch where codes repeat; the first SKU gets the rest, to be ordered among themselves.
            skus.add(i == 2 ? Resource.sku(SkuId.of("other-" + suffix)) : milk);
        }
        for (InventoryLock l : List.of(lock, memory)) {
            for (int i = 0; i < batches.size(); i++) {
                assertThat(l.apply(StockChange.of(StockChange.Kind.RECEIVE, store, skus.get(i), 1 + i)
                                .id(MovementId.of("m" + i + "-" + suffix))
                                .reason("")
                                .batch(batches.get(i))
                                .build()))
                        .isInstanceOf(StockChangeResult.Applied.class);
            }
        }

        List<BatchLevel> listed = lock.batches(store, milk.skuId());
        assertThat(listed)
                .extracting(BatchLevel::batch)
                .containsExactly(
                        Batch.of("Z", t.minusNanos(1)),
                        Batch.of("B", t),
                        Batch.of("B-", t),
                        Batch.of("a", t),
                        Batch.of("FAR", Instant.MAX.minusSeconds(3)),
                        Batch.of("MAX", Instant.MAX));
        assertThat(listed).isEqualTo(memory.batches(store, milk.skuId()));
        assertThat(lock.batchesExpiring(store, Instant.MAX))
                .isEqualTo(memory.batchesExpiring(store, Instant.MAX))
                .hasSize(6);
        assertThat(lock.batchesExpiring(store, t))
                .isEqualTo(memory.batchesExpiring(store, t))
                .hasSize(1);

        // A batch serves a line only if it expires strictly after the line's freshness instant, to the nanosecond,
        // even 3 s before Instant.MAX, where a double cannot tell the two instants apart.
        Map<Instant, String> firstTake = new LinkedHashMap<>();
        firstTake.put(t, "FAR");
        firstTake.put(t.minusNanos(1), "B");
        firstTake.put(Instant.MAX.minusSeconds(3), "MAX");
        firstTake.put(Instant.MAX.minusNanos(1), "MAX");
        int n = 0;
        for (Map.Entry<Instant, String> e : firstTake.entrySet()) {
            HoldRequest request = new HoldRequest(
                    ReservationId.of("f" + ++n + "-" + suffix),
                    store,
                    List.of(new HoldLine(milk, 1, e.getKey())),
                    Duration.ofMinutes(1));
            ReserveResult result = lock.reserve(request);
            assertThat(result).as("fresh until %s", e.getKey()).isEqualTo(memory.reserve(request));
            assertThat(((ReserveResult.Reserved) result).reservation().takesOf(milk))
                    .extracting(take -> take.code().value())
                    .as("fresh until %s", e.getKey())
                    .containsExactly(e.getValue());
            assertThat(lock.release(store, request.id())).isEqualTo(memory.release(store, request.id()));
        }
        assertThat(lock.batches(store, milk.skuId())).isEqualTo(memory.batches(store, milk.skuId()));
    }

    @Test
    void finishedHoldsAndMovementsAnswerForTheRetentionWindowAndAreForgottenAfter() {
        receive(milk, 10);
        ReservationId id = ReservationId.of("r-" + suffix);
        HoldRequest request = new HoldRequest(id, store, List.of(new HoldLine(milk, 3)), Duration.ofMinutes(5));
        lock.reserve(request);
        Reservation confirmed = lock.confirm(store, id).reservation();
        StockChange receipt = StockChange.of(StockChange.Kind.RECEIVE, store, milk, 4)
                .id(MovementId.of("grn-" + suffix))
                .reason("")
                .build();
        lock.apply(receipt);

        clock.advance(Duration.ofHours(1));
        assertThat(lock.find(store, id))
                .as("still known at the end of the retention")
                .contains(confirmed);
        assertThat(lock.apply(receipt))
                .isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 11, 0), true));

        clock.advance(Duration.ofMillis(1));
        assertThat(lock.find(store, id)).as("forgotten just after").isEmpty();
        assertThat(catchThrowableOfType(OmsException.class, () -> lock.confirm(store, id))
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_RESERVATION);
        ReserveResult again = lock.reserve(request);
        assertThat(again)
                .as("a retry later than the retention is a new request")
                .isInstanceOfSatisfying(ReserveResult.Reserved.class, r -> assertThat(r.repeated())
                        .isFalse());
        assertThat(lock.apply(receipt))
                .isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 15, 3), false));
    }

    @Test
    void theLargestHoldIsOneCallAndAnswersItsLevelsInLineOrder() {
        List<HoldLine> lines = new ArrayList<>();
        for (int i = 0; i < HoldRequest.MAX_LINES; i++) {
            Resource r = Resource.sku(SkuId.of(String.format("k%03d-%s", i, suffix)));
            lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, r, 1_000_000_000L)
                    .id(MovementId.of("m" + i + "-" + suffix))
                    .reason("")
                    .build());
            lines.add(new HoldLine(r, 999_999_999L - i));
        }

        ReserveResult result =
                lock.reserve(new HoldRequest(ReservationId.of("big-" + suffix), store, lines, Duration.ofMinutes(5)));

        assertThat(result).isInstanceOfSatisfying(ReserveResult.Reserved.class, reserved -> {
            assertThat(reserved.reservation().lines()).hasSize(HoldRequest.MAX_LINES);
            for (int i = 0; i < reserved.levels().size(); i++) {
                HoldLine line = reserved.reservation().lines().get(i);
                assertThat(reserved.levels().get(i))
                        .isEqualTo(new StockLevel(store, line.resource(), 1_000_000_000L, line.quantity()));
            }
        });
    }

    @Test
    void aTimeToLiveIsKeptToTheMicrosecondAndAFractionOfOneIsRoundedUp() {
        receive(milk, 10);
        clock.set(MutableClock.DEFAULT_START.plusNanos(123_456_000));

        Reservation hold = ((ReserveResult.Reserved) lock.reserve(new HoldRequest(
                        ReservationId.of("r-" + suffix),
                        store,
                        List.of(new HoldLine(milk, 1)),
                        Duration.ofNanos(2_500_001))))
                .reservation();

        assertThat(hold.createdAt()).isEqualTo(clock.instant());
        assertThat(hold.expiresAt()).isEqualTo(clock.instant().plusNanos(2_501_000));
    }

    @Test
    void noIoHappensInTheConstructorAndAClosedConnectionIsBackendUnavailable() {
        StatefulRedisConnection<String, String> closed = own.client.connect();
        closed.close();

        RedisInventoryLock onClosed = new RedisInventoryLock(closed, RedisInventoryLockConfig.ofDefaults());
        OmsException thrown = catchThrowableOfType(OmsException.class, () -> onClosed.levels(store, List.of(milk)));

        assertThat(thrown.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(thrown.isRetryable()).isTrue();
    }
}
