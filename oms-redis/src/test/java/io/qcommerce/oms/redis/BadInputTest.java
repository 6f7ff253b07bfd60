package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input, through this adapter: a typed error (or a refusal as a result value), and not one
 * byte changed in Redis. "Nothing changed" is checked on the server itself: the DUMP of every key under the
 * test's own prefix, whether it has a TTL, and that no key appeared, before and after each call.
 */
class BadInputTest {
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String prefix = "omsbad" + suffix;
    private final StoreId store = StoreId.of("s-" + suffix);
    private final StoreId nowhere = StoreId.of("nowhere-" + suffix);
    private final Resource milk = Resource.sku(SkuId.of("milk"));
    private final Resource bread = Resource.sku(SkuId.of("bread"));
    private final Resource curd = Resource.sku(SkuId.of("curd"));
    private final Resource slot = Resource.slot("evening");
    // The lock runs on the server's clock: batches expire relative to the real time.
    private final Batch curdBatch = Batch.of("C1", Instant.now().plus(Duration.ofDays(2)));
    private final MovementId curdReceipt = MovementId.of("grn-3");
    private final ReservationId held = ReservationId.of("held");
    private final ReservationId confirmed = ReservationId.of("confirmed");
    private final MovementId receipt = MovementId.of("grn-1");
    private RedisInventoryLock lock;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void someStateToKeep() {
        redis = TestRedis.connection().sync();
        lock = new RedisInventoryLock(
                TestRedis.connection(),
                RedisInventoryLockConfig.builder().keyPrefix(prefix).build());
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(receipt)
                .reason("")
                .build());
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, bread, 2)
                .id(MovementId.of("grn-2"))
                .reason("")
                .build());
        lock.reserve(new HoldRequest(held, store, List.of(new HoldLine(milk, 6)), Duration.ofMinutes(10)));
        lock.reserve(new HoldRequest(confirmed, store, List.of(new HoldLine(bread, 1)), Duration.ofMinutes(10)));
        lock.confirm(store, confirmed);
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, curd, 4)
                .id(curdReceipt)
                .reason("")
                .batch(curdBatch)
                .build());
        lock.reserve(new HoldRequest(
                ReservationId.of("curd-held"), store, List.of(new HoldLine(curd, 1)), Duration.ofMinutes(10)));
    }

    /** Every key under the test's prefix: its type, its serialized value, and whether it expires. */
    private Map<String, String> serverState() {
        Map<String, String> state = new TreeMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page =
                    redis.scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
            for (String key : page.getKeys()) {
                state.put(
                        key,
                        redis.type(key) + " ttl=" + (redis.pttl(key) > 0) + " "
                                + Base64.getEncoder().encodeToString(redis.dump(key)));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return state;
    }

    private static HoldRequest hold(ReservationId id, StoreId store, Duration ttl, HoldLine... lines) {
        return new HoldRequest(id, store, Arrays.asList(lines), ttl);
    }

    @Test
    void everyBadInputIsATypedErrorAndChangesNothingInRedis() {
        ReservationId fresh = ReservationId.of("fresh");
        Duration ttl = Duration.ofMinutes(10);
        List<HoldLine> tooMany = new ArrayList<>();
        for (int i = 0; i <= HoldRequest.MAX_LINES; i++) {
            tooMany.add(new HoldLine(Resource.sku(SkuId.of("k" + i)), 1));
        }
        Map<String, Expected> calls = new LinkedHashMap<>();
        calls.put("reserve(null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(null)));
        calls.put("confirm(null, id)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.confirm(null, held)));
        calls.put("confirm(store, null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.confirm(store, null)));
        calls.put("release(null, id)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.release(null, held)));
        calls.put("release(store, null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.release(store, null)));
        calls.put("find(null, id)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.find(null, held)));
        calls.put("levels(store, null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.levels(store, null)));
        calls.put(
                "levels(store, [milk, null])",
                error(ErrorCode.INVALID_ARGUMENT, () -> lock.levels(store, Arrays.asList(milk, null))));
        calls.put("apply(null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.apply(null)));
        calls.put("expireDue(store, 0)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.expireDue(store, 0)));
        calls.put("expireDue(null, 5)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.expireDue(null, 5)));
        calls.put(
                "malformed store id",
                error(ErrorCode.INVALID_ID, () -> lock.levels(new StoreId("a:b}"), List.of(milk))));
        calls.put(
                "malformed reservation id",
                error(ErrorCode.INVALID_ID, () -> lock.confirm(store, new ReservationId("{x}"))));
        calls.put(
                "malformed sku id",
                error(
                        ErrorCode.INVALID_ID,
                        () -> lock.levels(store, List.of(new Resource(Resource.Type.SKU, "milk*")))));
        calls.put(
                "id too long", error(ErrorCode.INVALID_ID, () -> lock.find(store, new ReservationId("r".repeat(65)))));
        calls.put("no lines", error(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(hold(fresh, store, ttl))));
        calls.put(
                "501 lines",
                error(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(new HoldRequest(fresh, store, tooMany, ttl))));
        calls.put(
                "same resource twice",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.reserve(hold(fresh, store, ttl, new HoldLine(milk, 1), new HoldLine(milk, 1)))));
        calls.put(
                "null line",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.reserve(hold(fresh, store, ttl, new HoldLine(milk, 1), null))));
        calls.put(
                "zero quantity",
                error(ErrorCode.INVALID_QUANTITY, () -> lock.reserve(hold(fresh, store, ttl, new HoldLine(milk, 0)))));
        calls.put(
                "quantity above the limit",
                error(
                        ErrorCode.INVALID_QUANTITY,
                        () -> lock.reserve(hold(fresh, store, ttl, new HoldLine(milk, Limits.MAX_UNITS + 1)))));
        calls.put(
                "zero ttl",
                error(
                        ErrorCode.INVALID_TTL,
                        () -> lock.reserve(hold(fresh, store, Duration.ZERO, new HoldLine(milk, 1)))));
        calls.put(
                "ttl over a day",
                error(
                        ErrorCode.INVALID_TTL,
                        () -> lock.reserve(
                                hold(fresh, store, Duration.ofDays(1).plusNanos(1), new HoldLine(milk, 1)))));
        calls.put(
                "null ttl",
                error(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(hold(fresh, store, null, new HoldLine(milk, 1)))));
        calls.put(
                "receipt of zero",
                error(
                        ErrorCode.INVALID_QUANTITY,
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 0)
                                .id(MovementId.of("m-x"))
                                .reason("")
                                .build())));
        calls.put(
                "negative restock",
                error(
                        ErrorCode.INVALID_QUANTITY,
                        () -> lock.apply(StockChange.of(StockChange.Kind.RESTOCK, store, milk, -1)
                                .id(MovementId.of("m-x"))
                                .reason("")
                                .build())));
        calls.put(
                "adjustment of zero",
                error(
                        ErrorCode.INVALID_QUANTITY,
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, 0)
                                .id(MovementId.of("m-x"))
                                .reason("")
                                .build())));
        calls.put(
                "adjustment beyond the limit",
                error(
                        ErrorCode.INVALID_QUANTITY,
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, -Limits.MAX_UNITS - 1)
                                .id(MovementId.of("m-x"))
                                .reason("")
                                .build())));
        calls.put(
                "reason over 500 characters",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, 1)
                                .id(MovementId.of("m-x"))
                                .reason("x".repeat(501))
                                .build())));
        calls.put(
                "null reason",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, 1)
                                .id(MovementId.of("m-x"))
                                .reason(null)
                                .build())));
        // Well-formed, but refused by the state in Redis: the scripts read, refuse, and write nothing.
        calls.put(
                "reservation id reused with other lines",
                error(
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        () -> lock.reserve(hold(held, store, ttl, new HoldLine(milk, 5)))));
        calls.put(
                "movement id reused with another delta",
                error(
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 11)
                                .id(receipt)
                                .reason("")
                                .build())));
        calls.put(
                "movement id reused for another resource",
                error(
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, bread, 10)
                                .id(receipt)
                                .reason("")
                                .build())));
        calls.put("confirm of an unknown hold", error(ErrorCode.UNKNOWN_RESERVATION, () -> lock.confirm(store, fresh)));
        calls.put("release of an unknown hold", error(ErrorCode.UNKNOWN_RESERVATION, () -> lock.release(store, fresh)));
        calls.put(
                "confirm in an unknown store", error(ErrorCode.UNKNOWN_RESERVATION, () -> lock.confirm(nowhere, held)));
        calls.put(
                "release in an unknown store", error(ErrorCode.UNKNOWN_RESERVATION, () -> lock.release(nowhere, held)));
        calls.put(
                "adjustment below the held units",
                refusal(
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, -5)
                                .id(MovementId.of("m-y"))
                                .reason("")
                                .build()),
                        StockChangeResult.Rejected.class));
        calls.put(
                "adjustment of a counter that does not exist",
                refusal(
                        () -> lock.apply(
                                StockChange.of(StockChange.Kind.ADJUST, store, Resource.sku(SkuId.of("ghost")), -1)
                                        .id(MovementId.of("m-z"))
                                        .reason("")
                                        .build()),
                        StockChangeResult.Rejected.class));
        calls.put(
                "receipt beyond the unit limit",
                rejected(
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, Limits.MAX_UNITS)
                                .id(MovementId.of("m-w"))
                                .reason("")
                                .build()),
                        StockChangeResult.Cause.ABOVE_LIMIT));
        calls.put(
                "hold of more than is available",
                refusal(
                        () -> lock.reserve(hold(fresh, store, ttl, new HoldLine(milk, 5), new HoldLine(bread, 1))),
                        ReserveResult.Insufficient.class));
        calls.put(
                "hold in a store with no stock",
                refusal(
                        () -> lock.reserve(hold(fresh, nowhere, ttl, new HoldLine(milk, 1))),
                        ReserveResult.Insufficient.class));
        // Batches and cut-offs: the same, typed errors before any I/O, refusals that read and write nothing.
        Instant now = Instant.now();
        calls.put(
                "batch of a slot",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, slot, 1)
                                .id(MovementId.of("m-x"))
                                .reason("")
                                .batch(curdBatch)
                                .build())));
        calls.put("malformed batch code", error(ErrorCode.INVALID_ID, () -> new Batch(new BatchCode("C 1"), now)));
        calls.put("batches(null, sku)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.batches(null, curd.skuId())));
        calls.put("batches(store, null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.batches(store, null)));
        calls.put("batchesExpiring(null, t)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.batchesExpiring(null, now)));
        calls.put(
                "batchesExpiring(store, null)",
                error(ErrorCode.INVALID_ARGUMENT, () -> lock.batchesExpiring(store, null)));
        calls.put(
                "receipt of a batch code the SKU has",
                rejected(
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, curd, 3)
                                .id(MovementId.of("m-d"))
                                .reason("")
                                .batch(curdBatch)
                                .build()),
                        StockChangeResult.Cause.DUPLICATE_BATCH));
        calls.put(
                "receipt of a batch already expired",
                rejected(
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, curd, 3)
                                .id(MovementId.of("m-e"))
                                .reason("")
                                .batch(Batch.of("OLD", now.minus(Duration.ofHours(1))))
                                .build()),
                        StockChangeResult.Cause.BATCH_EXPIRED));
        calls.put(
                "adjustment of an unknown batch",
                rejected(
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, curd, -1)
                                .id(MovementId.of("m-u"))
                                .reason("")
                                .batch(Batch.of("NOPE", now.plus(Duration.ofDays(1))))
                                .build()),
                        StockChangeResult.Cause.UNKNOWN_BATCH));
        calls.put(
                "batch adjustment below the units held of it",
                rejected(
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, curd, -4)
                                .id(MovementId.of("m-h"))
                                .reason("")
                                .batch(curdBatch)
                                .build()),
                        StockChangeResult.Cause.INSUFFICIENT_UNITS));
        calls.put(
                "adjustment without a batch that would eat into batches",
                rejected(
                        () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, curd, -1)
                                .id(MovementId.of("m-b"))
                                .reason("")
                                .build()),
                        StockChangeResult.Cause.INSUFFICIENT_UNITS));
        calls.put(
                "restock beyond the unit limit, into a batch",
                rejected(
                        () -> lock.apply(StockChange.of(StockChange.Kind.RESTOCK, store, curd, Limits.MAX_UNITS)
                                .id(MovementId.of("m-l"))
                                .reason("")
                                .batch(curdBatch)
                                .build()),
                        StockChangeResult.Cause.ABOVE_LIMIT));
        calls.put(
                "movement id reused for another batch",
                error(
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, curd, 4)
                                .id(curdReceipt)
                                .reason("")
                                .batch(Batch.of("C2", curdBatch.expiresAt()))
                                .build())));
        calls.put(
                "movement id reused without its batch",
                error(
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, curd, 4)
                                .id(curdReceipt)
                                .reason("")
                                .build())));
        calls.put(
                "hold fresher than every batch",
                refusal(
                        () -> lock.reserve(
                                hold(fresh, store, ttl, new HoldLine(curd, 1, now.plus(Duration.ofDays(5))))),
                        ReserveResult.Insufficient.class));
        calls.put(
                "hold after its cut-off",
                refusal(
                        () -> lock.reserve(new HoldRequest(
                                fresh, store, List.of(new HoldLine(milk, 1)), ttl, now.minusSeconds(60))),
                        ReserveResult.TooLate.class));

        Map<String, String> before = serverState();
        assertThat(before)
                .as("counters, due index and one per held SKU (two), batches, ledger, three holds, three movements")
                .hasSize(12);
        calls.forEach((name, expected) -> {
            expected.check(name);
            assertThat(serverState()).as("Redis after: %s", name).isEqualTo(before);
        });
        assertThat(lock.find(nowhere, held)).isEmpty();
        assertThat(lock.batches(nowhere, curd.skuId())).isEmpty();
        assertThat(lock.batchesExpiring(nowhere, Instant.MAX)).isEmpty();
        assertThat(serverState()).as("reading an unknown store creates nothing").isEqualTo(before);
    }

    @Test
    void badLedgerPositionsAndBadRestoresAreTypedErrorsAndChangeNothingInRedis() {
        Instant now = Instant.now();
        Map<String, Expected> calls = new LinkedHashMap<>();
        calls.put("movements(null, ...)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.movements(null, null, 10)));
        calls.put("movements with limit 0", error(ErrorCode.INVALID_ARGUMENT, () -> lock.movements(store, null, 0)));
        for (String position : List.of(
                "",
                " ",
                "abc",
                "12",
                "-",
                "+",
                "-1-0",
                "1--1",
                "1-2-3",
                "1-",
                "-1",
                " 1-0",
                "1-0 ",
                "1-0\n",
                "\uff11-0",
                "1.5-0",
                "0x1-0",
                "18446744073709551616-0",
                "1-18446744073709551616",
                "000000000000000000001-0",
                "1-0-",
                "{x}-0")) {
            calls.put(
                    "movements after \"" + position + "\"",
                    error(ErrorCode.INVALID_ARGUMENT, () -> lock.movements(store, position, 10)));
        }
        calls.put("allLevels(null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.allLevels(null)));
        calls.put("restore(null)", error(ErrorCode.INVALID_ARGUMENT, () -> lock.restore(null)));
        Reservation live = restoredHold(
                ReservationId.of("r1"), now, now.plus(Duration.ofMinutes(5)), List.of(new HoldLine(milk, 2)), Map.of());
        calls.put(
                "a hold expiring after 2255",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.restore(state(
                                List.of(new StoreState.Counter(milk, 5, Map.of())),
                                restoredHold(
                                        ReservationId.of("r2"),
                                        now,
                                        Instant.parse("2300-01-01T00:00:00Z"),
                                        List.of(new HoldLine(milk, 1)),
                                        Map.of()),
                                live))));
        calls.put(
                "a hold expiring at Instant.MAX",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.restore(state(
                                List.of(new StoreState.Counter(milk, 5, Map.of())),
                                restoredHold(
                                        ReservationId.of("r2"),
                                        now,
                                        Instant.MAX,
                                        List.of(new HoldLine(milk, 1)),
                                        Map.of()),
                                live))));
        calls.put(
                "a hold created before 1970",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.restore(state(
                                List.of(new StoreState.Counter(milk, 5, Map.of())),
                                live,
                                restoredHold(
                                        ReservationId.of("r2"),
                                        Instant.parse("1969-12-31T23:59:59Z"),
                                        now,
                                        List.of(new HoldLine(milk, 1)),
                                        Map.of())))));
        calls.put(
                "a hold naming a resource twice",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.restore(state(
                                List.of(new StoreState.Counter(milk, 5, Map.of())),
                                restoredHold(
                                        ReservationId.of("r2"),
                                        now,
                                        now.plusSeconds(60),
                                        List.of(new HoldLine(milk, 1), new HoldLine(milk, 1)),
                                        Map.of())))));
        calls.put(
                "two batches of one code",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.restore(state(List.of(new StoreState.Counter(
                                curd,
                                5,
                                Map.of(
                                        Batch.of("X", now.plus(Duration.ofDays(1))),
                                        1L,
                                        Batch.of("X", now.plus(Duration.ofDays(2))),
                                        1L)))))));
        // The state checks itself when it is built: those refusals reach no lock at all.
        calls.put(
                "a hold taking more than is on hand",
                error(
                        ErrorCode.INVALID_QUANTITY,
                        () -> lock.restore(state(List.of(new StoreState.Counter(milk, 1, Map.of())), live))));
        calls.put(
                "a hold of another store",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.restore(new StoreState(
                                store,
                                List.of(new StoreState.Counter(milk, 5, Map.of())),
                                List.of(new Reservation(
                                        ReservationId.of("r3"),
                                        nowhere,
                                        List.of(new HoldLine(milk, 1)),
                                        now,
                                        now.plusSeconds(9),
                                        ReservationStatus.HELD,
                                        null))))));
        calls.put(
                "a counter twice",
                error(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> lock.restore(state(List.of(
                                new StoreState.Counter(milk, 5, Map.of()),
                                new StoreState.Counter(milk, 5, Map.of()))))));

        Map<String, String> before = serverState();
        assertThat(before).hasSize(12);
        calls.forEach((name, expected) -> {
            expected.check(name);
            assertThat(serverState()).as("Redis after: %s", name).isEqualTo(before);
        });
        String last = "18446744073709551615-18446744073709551615";
        assertThat(lock.movements(store, last, 10))
                .as("nothing can follow the greatest id")
                .isEqualTo(new LedgerPage(List.of(), last));
        assertThat(lock.movements(nowhere, null, 10)).isEqualTo(new LedgerPage(List.of(), "0-0"));
        assertThat(lock.allLevels(nowhere)).isEmpty();
        assertThat(serverState())
                .as("reading the ledger of an unknown store creates nothing")
                .isEqualTo(before);
    }

    private StoreState state(List<StoreState.Counter> counters, Reservation... holds) {
        return new StoreState(store, counters, Arrays.asList(holds));
    }

    private Reservation restoredHold(
            ReservationId id,
            Instant created,
            Instant expires,
            List<HoldLine> lines,
            Map<Resource, List<io.qcommerce.oms.inventory.BatchTake>> takes) {
        return new Reservation(id, store, lines, created, expires, ReservationStatus.HELD, null, takes);
    }

    private interface Expected {
        void check(String name);
    }

    private static Expected error(ErrorCode code, ThrowingCallable call) {
        return name -> {
            Throwable thrown = catchThrowable(call);
            assertThat(thrown).as(name).isInstanceOf(OmsException.class);
            assertThat(((OmsException) thrown).code()).as(name).isEqualTo(code);
        };
    }

    private static Expected rejected(Supplier<StockChangeResult> call, StockChangeResult.Cause cause) {
        return name -> assertThat(call.get())
                .as(name)
                .isInstanceOfSatisfying(
                        StockChangeResult.Rejected.class,
                        r -> assertThat(r.cause()).as(name).isEqualTo(cause));
    }

    private static Expected refusal(Supplier<Object> call, Class<?> type) {
        return name -> assertThat(call.get()).as(name).isInstanceOf(type);
    }
}
