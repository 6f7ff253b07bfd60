package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The in-memory lock is the reference of the port's semantics; this test runs the same random sequence of calls
 * on it and on this adapter, with one {@link MutableClock}, and asserts that every answer is equal (results,
 * levels, batches, takes, refusal texts, error codes) and that the whole visible state is equal after every
 * step: every counter of the store, and the movements each recorded during the step (type, quantity, key,
 * batch, reference, actor, note and instant; compared as a set, since the in-memory lock expires holds of the
 * same instant in no fixed order). The sequences are dense in what is easy to get wrong: batches received,
 * adjusted, emptied, expired, forgotten and received again; holds with freshness margins and cut-offs;
 * repeats and conflicting reuses of ids; expiry and retention crossed by the clock; restores of the store,
 * somewhat changed, with holds dropped and holds that lapsed.
 *
 * <p>A failure names its seed: {@code -Doms.diff.seed=...} replays that sequence alone (four times longer);
 * {@code -Doms.diff.runs=...} plays more sequences than the default {@value #RUNS}.
 */
class RedisDifferentialTest {
    private static final Duration RETENTION = Duration.ofHours(6);
    private static final int RUNS = 10;
    private static final int STEPS = 400;
    private static final List<String> CODES = List.of("A", "B", "C", "b", "A-2");

    @Test
    void redisAnswersEveryRandomSequenceAsTheInMemoryLockDoes() {
        String fixed = System.getProperty("oms.diff.seed");
        if (fixed != null && !fixed.isBlank()) {
            new Run(Long.parseLong(fixed.trim())).play(STEPS * 4);
            return;
        }
        int runs = Integer.getInteger("oms.diff.runs", RUNS);
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < runs; i++) {
            Run run = new Run(ThreadLocalRandom.current().nextLong());
            run.play(STEPS);
            run.seen.forEach((k, n) -> seen.merge(k, n, Integer::sum));
        }
        System.out.println(
                "[oms-redis] differential, " + runs + " sequences x " + STEPS + " steps, equal answers: " + seen);
        // A sequence that never reaches these cases proves little about them.
        assertThat(seen)
                .containsKeys(
                        "reserve: Reserved with takes",
                        "reserve: TooLate",
                        "reserve: Insufficient",
                        "confirm: Confirmed with takes",
                        "confirm: Expired",
                        "release: Released with takes",
                        "apply: Rejected DUPLICATE_BATCH",
                        "apply: Rejected BATCH_EXPIRED",
                        "apply: Rejected UNKNOWN_BATCH",
                        "apply: Rejected INSUFFICIENT_UNITS",
                        "apply: IDEMPOTENCY_CONFLICT",
                        "reserve: IDEMPOTENCY_CONFLICT",
                        "batches: forgotten batch received again",
                        "levels: expired units",
                        "restore: Boolean",
                        "restore: a hold that lapsed",
                        "apply: Applied",
                        "ledger: RECEIVED of a batch",
                        "ledger: ADJUSTED",
                        "ledger: RESTOCKED",
                        "ledger: RETURNED of a batch",
                        "ledger: HELD of a batch",
                        "ledger: HELD",
                        "ledger: SOLD of a batch",
                        "ledger: RELEASED",
                        "ledger: EXPIRED of a batch",
                        "ledger: EXPIRED");
    }

    /** One sequence on two locks. */
    private static final class Run {
        final long seed;
        final Random random;
        final MutableClock clock = new MutableClock(MutableClock.DEFAULT_START);
        final InventoryLock memory;
        final InventoryLock redis;
        final StoreId store;
        final List<Resource> skus = new ArrayList<>();
        final List<Resource> resources = new ArrayList<>();
        final List<ReservationId> ids = new ArrayList<>();
        final List<ReservationId> held = new ArrayList<>();
        final Map<ReservationId, HoldRequest> requests = new LinkedHashMap<>();
        final List<StockChange> changes = new ArrayList<>();
        final Deque<String> log = new ArrayDeque<>();
        final Map<String, Integer> seen = new TreeMap<>();
        final Map<String, Batch> forgotten = new HashMap<>();
        String memoryPosition;
        String redisPosition;
        int sequence;
        int step;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            // Names only: a replayed seed on a shared server must not meet the keys of its first run.
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
            store = StoreId.of("diff-" + suffix);
            for (int i = 0; i < 3; i++) {
                skus.add(Resource.sku(SkuId.of("sku" + i + "-" + suffix)));
            }
            resources.addAll(skus);
            resources.add(Resource.slot("slot-" + suffix));
            memory = new InMemoryInventoryLock(clock, RETENTION);
            redis = new RedisInventoryLock(
                    TestRedis.connection(),
                    RedisInventoryLockConfig.builder()
                            .keyPrefix("omsdiff")
                            .clock(clock)
                            .retention(RETENTION)
                            .commandTimeout(TestRedis.TIMEOUT)
                            .build());
        }

        void play(int steps) {
            for (step = 0; step < steps; step++) {
                one();
                compareState();
            }
        }

        private void one() {
            int dice = random.nextInt(100);
            if (dice < 10) {
                advanceClock();
            } else if (dice < 30) {
                StockChange change = newChange();
                same("apply " + change, l -> l.apply(change));
            } else if (dice < 36) {
                StockChange change = oldOrVariedChange();
                same("apply again " + change, l -> l.apply(change));
            } else if (dice < 58) {
                HoldRequest request = newRequest();
                if (same("reserve " + request, l -> l.reserve(request)) instanceof ReserveResult.Reserved) {
                    held.add(request.id());
                }
            } else if (dice < 64) {
                HoldRequest request = oldOrVariedRequest();
                same("reserve again " + request, l -> l.reserve(request));
            } else if (dice < 74) {
                ReservationId id = someId();
                same("confirm " + id, l -> l.confirm(store, id));
            } else if (dice < 82) {
                ReservationId id = someId();
                same("release " + id, l -> l.release(store, id));
            } else if (dice < 86) {
                ReservationId id = someId();
                same("find " + id, l -> l.find(store, id));
            } else if (dice < 92) {
                Instant before = clock.instant().plus(between(Duration.ofHours(-2), Duration.ofDays(4)));
                same("batchesExpiring " + before, l -> l.batchesExpiring(store, before));
            } else if (dice < 94) {
                int max = 1 + random.nextInt(3);
                same("expireDue " + max, l -> l.expireDue(store, max));
            } else if (dice < 97) {
                StockChange writeOff = writeOff();
                same("apply write-off " + writeOff, l -> l.apply(writeOff));
            } else if (dice < 99) {
                StoreState state = restoredState();
                same("restore " + state, l -> {
                    l.restore(state);
                    return Boolean.TRUE;
                });
                if (state.holds().stream().anyMatch(h -> !h.expiresAt().isAfter(clock.instant()))) {
                    seen.merge("restore: a hold that lapsed", 1, Integer::sum);
                }
            } else {
                same("levels of nothing known", l -> l.levels(StoreId.of("none-" + store.value()), resources));
            }
        }

        private void advanceClock() {
            int scale = random.nextInt(10);
            Duration by = scale < 6
                    ? between(Duration.ofSeconds(1), Duration.ofMinutes(5))
                    : scale < 9
                            ? between(Duration.ofMinutes(5), Duration.ofHours(3))
                            : between(Duration.ofHours(3), Duration.ofDays(2));
            clock.advance(by);
            note("clock +" + by + " = " + clock.instant());
        }

        private StockChange newChange() {
            Resource resource = pick(resources);
            StockChange.Kind kind = pick(List.of(StockChange.Kind.values()));
            long delta = kind == StockChange.Kind.ADJUST
                    ? (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(8))
                    : 1 + random.nextInt(15);
            Batch batch = resource.isSku() && random.nextInt(4) != 0 ? someBatch() : null;
            StockChange change = StockChange.of(kind, store, resource, delta)
                    .id(MovementId.of("m-" + store.value() + "-" + ++sequence))
                    .reason("diff")
                    .batch(batch)
                    .build();
            changes.add(change);
            return change;
        }

        /** All units of a batch out (refused when holds took some): so that batches empty, expire and go. */
        private StockChange writeOff() {
            Resource sku = pick(skus);
            List<BatchLevel> batches = memory.batches(store, sku.skuId());
            List<BatchLevel> stocked = new ArrayList<>();
            batches.forEach(b -> {
                if (b.onHand() > 0) {
                    stocked.add(b);
                }
            });
            if (stocked.isEmpty()) {
                return newChange();
            }
            BatchLevel b = pick(stocked);
            StockChange change = StockChange.of(StockChange.Kind.ADJUST, store, sku, -b.onHand())
                    .id(MovementId.of("m-" + store.value() + "-" + ++sequence))
                    .reason("write-off")
                    .batch(b.batch())
                    .build();
            changes.add(change);
            return change;
        }

        /** A repeat of an applied change, or its id reused for another delta or another batch. */
        private StockChange oldOrVariedChange() {
            if (changes.isEmpty()) {
                return newChange();
            }
            StockChange old = pick(changes);
            switch (random.nextInt(3)) {
                case 0:
                    return StockChange.of(
                                    old.kind(),
                                    store,
                                    old.resource(),
                                    old.kind() == StockChange.Kind.ADJUST ? -old.delta() : old.delta() + 1)
                            .id(old.id())
                            .reason("")
                            .batch(old.batch())
                            .build();
                case 1:
                    return old.resource().isSku()
                            ? StockChange.of(old.kind(), store, old.resource(), old.delta())
                                    .id(old.id())
                                    .reason("")
                                    .batch(someBatch())
                                    .build()
                            : old;
                default:
                    return old;
            }
        }

        /** A batch of a small pool of codes, expiring from an hour ago to days ahead, off the millisecond too. */
        private Batch someBatch() {
            Instant expiresAt = random.nextInt(8) == 0
                    ? clock.instant().minus(between(Duration.ZERO, Duration.ofHours(1)))
                    : clock.instant().plus(between(Duration.ZERO, Duration.ofDays(3)));
            if (random.nextInt(4) == 0) {
                expiresAt = expiresAt.plusNanos(1 + random.nextInt(999_999));
            }
            return new Batch(BatchCode.of(pick(CODES)), expiresAt);
        }

        private HoldRequest newRequest() {
            List<Resource> pool = new ArrayList<>(resources);
            int n = 1 + random.nextInt(3);
            List<HoldLine> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Resource r = pool.remove(random.nextInt(pool.size()));
                lines.add(new HoldLine(r, 1 + random.nextInt(8), someFreshness()));
            }
            Duration ttl = pick(List.of(
                    Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofMillis(1500)));
            Instant bookableUntil = random.nextInt(4) == 0
                    ? clock.instant().plus(between(Duration.ofMinutes(-10), Duration.ofMinutes(10)))
                    : null;
            ReservationId id = ReservationId.of("r-" + store.value() + "-" + ++sequence);
            ids.add(id);
            HoldRequest request = new HoldRequest(id, store, lines, ttl, bookableUntil);
            requests.put(id, request);
            return request;
        }

        private Instant someFreshness() {
            if (random.nextBoolean()) {
                return null;
            }
            Instant at = clock.instant().plus(between(Duration.ZERO, Duration.ofDays(3)));
            return random.nextInt(3) == 0 ? at.plusNanos(random.nextInt(1_000_000)) : at;
        }

        /** The same request again (with other freshness, perhaps after its cut-off), or its id with other lines. */
        private HoldRequest oldOrVariedRequest() {
            if (held.isEmpty()) {
                return newRequest();
            }
            HoldRequest old = requests.get(pick(held));
            List<HoldLine> lines = new ArrayList<>();
            boolean other = random.nextInt(3) == 0;
            for (HoldLine line : old.lines()) {
                lines.add(new HoldLine(line.resource(), line.quantity() + (other ? 1 : 0), someFreshness()));
            }
            return new HoldRequest(old.id(), store, lines, old.ttl(), old.bookableUntil());
        }

        private ReservationId someId() {
            if (ids.isEmpty() || random.nextInt(20) == 0) {
                return ReservationId.of("never-" + ++sequence);
            }
            return held.isEmpty() || random.nextInt(5) == 0 ? pick(ids) : pick(held);
        }

        /**
         * The store as the in-memory lock has it, somewhat changed: more units on hand here and there, some live
         * holds dropped, some made to have lapsed a moment ago (they expire within the restore).
         */
        private StoreState restoredState() {
            Instant now = clock.instant();
            List<StoreState.Counter> counters = new ArrayList<>();
            memory.allLevels(store).forEach((resource, level) -> {
                Map<Batch, Long> batches = new HashMap<>();
                if (resource.isSku()) {
                    memory.batches(store, resource.skuId()).forEach(b -> batches.put(b.batch(), b.onHand()));
                }
                long more = random.nextInt(3) == 0 ? random.nextInt(6) : 0;
                counters.add(new StoreState.Counter(resource, level.onHand() + more, batches));
            });
            counters.sort(java.util.Comparator.comparing(StoreState.Counter::resource));
            List<Reservation> holds = new ArrayList<>();
            for (ReservationId id : ids) {
                Reservation r = memory.find(store, id).orElse(null);
                if (r == null || r.status() != ReservationStatus.HELD || random.nextInt(5) == 0) {
                    continue;
                }
                if (random.nextInt(6) == 0) {
                    r = new Reservation(
                            r.id(),
                            store,
                            r.lines(),
                            r.createdAt(),
                            now.minusSeconds(1 + random.nextInt(60)),
                            ReservationStatus.HELD,
                            null,
                            r.takes());
                }
                holds.add(r);
            }
            return new StoreState(store, counters, holds);
        }

        /** The movements each lock recorded since the last look: the same, whatever order ties came in. */
        private void compareMovements() {
            List<String> expected = new ArrayList<>();
            memoryPosition = drain(memory, memoryPosition, expected);
            List<String> actual = new ArrayList<>();
            redisPosition = drain(redis, redisPosition, actual);
            java.util.Collections.sort(expected);
            java.util.Collections.sort(actual);
            assertThat(actual)
                    .as("seed %d, step %d, movements; last calls:%n%s", seed, step, String.join("\n", log))
                    .isEqualTo(expected);
        }

        private String drain(InventoryLock lock, String position, List<String> into) {
            while (true) {
                LedgerPage page = lock.movements(store, position, 7);
                for (StockMovement m : page.movements()) {
                    into.add(m.toString());
                    if (lock == memory) {
                        seen.merge("ledger: " + m.type() + (m.batch() == null ? "" : " of a batch"), 1, Integer::sum);
                    }
                }
                position = page.position();
                if (page.movements().isEmpty()) {
                    return position;
                }
            }
        }

        /**
         * Every counter of the store but those at zero: the in-memory lock also lists resources that a refused
         * hold or stock change only named, which never get a counter in Redis.
         */
        private static Map<Resource, StockLevel> nonZero(Map<Resource, StockLevel> levels) {
            Map<Resource, StockLevel> out = new TreeMap<>();
            levels.forEach((r, l) -> {
                if (l.onHand() != 0 || l.reserved() != 0 || l.expired() != 0) {
                    out.put(r, l);
                }
            });
            return out;
        }

        private void compareState() {
            compareMovements();
            same("allLevels", l -> nonZero(l.allLevels(store)));
            same("levels", l -> l.levels(store, resources));
            for (Resource sku : skus) {
                same("batches of " + sku, l -> l.batches(store, sku.skuId()));
            }
            if (step % 10 == 0) {
                for (ReservationId id : ids) {
                    same("find " + id, l -> l.find(store, id));
                }
                same("batchesExpiring far ahead", l -> l.batchesExpiring(store, Instant.MAX));
            }
        }

        /** Calls both locks with the very same arguments: build them before, never inside {@code call}. */
        private Object same(String what, Function<InventoryLock, Object> call) {
            Object expected = outcome(memory, call);
            Object actual = outcome(redis, call);
            note(what + " -> " + expected);
            assertThat(actual)
                    .as("seed %d, step %d, %s; last calls:%n%s", seed, step, what, String.join("\n", log))
                    .isEqualTo(expected);
            tally(what.split(" ")[0], expected);
            return expected;
        }

        /** Counts what kinds of answers the sequence produced. */
        private void tally(String operation, Object answer) {
            String kind;
            if (answer instanceof String) {
                kind = ((String) answer).substring("error ".length());
            } else if (answer instanceof StockChangeResult.Rejected) {
                kind = "Rejected " + ((StockChangeResult.Rejected) answer).cause();
            } else if (answer instanceof ReserveResult.Reserved) {
                Reservation r = ((ReserveResult.Reserved) answer).reservation();
                kind = "Reserved" + (r.takes().isEmpty() ? "" : " with takes");
            } else if (answer instanceof ConfirmResult || answer instanceof ReleaseResult) {
                Reservation r = answer instanceof ConfirmResult
                        ? ((ConfirmResult) answer).reservation()
                        : ((ReleaseResult) answer).reservation();
                kind = answer.getClass().getSimpleName() + (r.takes().isEmpty() ? "" : " with takes");
            } else if (answer instanceof Map) {
                kind = ((Map<?, ?>) answer).values().stream().anyMatch(l -> ((StockLevel) l).expired() > 0)
                        ? "expired units"
                        : "levels";
            } else if (answer instanceof List && operation.equals("batches")) {
                kind = "listed";
                for (Object o : (List<?>) answer) {
                    BatchLevel level = (BatchLevel) o;
                    String key = level.sku() + "/" + level.batch().code();
                    Batch before = forgotten.get(key);
                    if (before != null && !before.equals(level.batch())) {
                        kind = "forgotten batch received again";
                    }
                    forgotten.put(key, level.batch());
                }
            } else {
                kind = answer == null ? "null" : answer.getClass().getSimpleName();
            }
            seen.merge(operation + ": " + kind, 1, Integer::sum);
        }

        private static Object outcome(InventoryLock lock, Function<InventoryLock, Object> call) {
            try {
                return call.apply(lock);
            } catch (OmsException e) {
                return "error " + e.code();
            }
        }

        private void note(String line) {
            log.addLast(line.length() > 400 ? line.substring(0, 400) + "..." : line);
            if (log.size() > 25) {
                log.removeFirst();
            }
        }

        private Duration between(Duration from, Duration to) {
            long span = to.toMillis() - from.toMillis();
            return from.plusMillis((long) (random.nextDouble() * span));
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }
    }
}
