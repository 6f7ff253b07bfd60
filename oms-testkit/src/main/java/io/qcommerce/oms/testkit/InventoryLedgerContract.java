package io.qcommerce.oms.testkit;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.store.StoreId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of an {@link InventoryLock}'s own record of movements, its listing of every counter, and its
 * restore (the last step of a rebuild). Extend it like {@link InventoryLockContract}.
 *
 * <p>What a passing adapter guarantees: every change of a counter is recorded as a typed movement in the
 * same atomic step, once (a repeat or a refusal records nothing); a hold's movements come per line and
 * batch, an expiry at the hold's expiry instant; the movements read back in order page after page; summing
 * them gives the counters exactly, also after many threads raced; {@code allLevels} lists every counter of
 * the store; {@code restore} replaces a store's counters, batches and live holds at once, the restored holds
 * confirm, release and expire as if never lost, finished holds stay answerable, and repeating it changes
 * nothing more.
 */
public abstract class InventoryLedgerContract {
    protected static final Duration TTL = Duration.ofMinutes(10);

    protected MutableClock clock;
    protected InventoryLock lock;
    protected StoreId store;
    protected SkuId milkSku;
    protected Resource milk;
    protected Resource bread;
    protected Resource slot;
    private String suffix;
    private final AtomicInteger sequence = new AtomicInteger();

    protected abstract InventoryLock createLock(Clock clock);

    @BeforeEach
    protected final void setUpInventoryLedgerContract() {
        clock = new MutableClock(MutableClock.DEFAULT_START);
        lock = createLock(clock);
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("lg-" + suffix);
        milkSku = SkuId.of("milk-" + suffix);
        milk = Resource.sku(milkSku);
        bread = Resource.sku(SkuId.of("bread-" + suffix));
        slot = Resource.slot("slot-" + suffix);
    }

    @Test
    void aStockChangeIsRecordedOnceWithWhoAndWhy() {
        Batch batch = Batch.of("B1", clock.instant().plus(Duration.ofDays(2)));
        StockChange receipt = new StockChange(newMovementId(), store, milk, StockChange.Kind.RECEIVE, 12,
                "morning delivery", batch, "store_staff:ravi");
        lock.apply(receipt);
        lock.apply(receipt);
        StockChange damage = new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -2, "damaged",
                batch, "store_staff:ravi");
        lock.apply(damage);
        assertThat(lock.apply(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -50, "", null)))
                .isInstanceOf(StockChangeResult.Rejected.class);

        List<StockMovement> recorded = all();
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(0)).isEqualTo(new StockMovement(StockMovement.changeKey(receipt.id().value()), store,
                milk, MovementType.RECEIVED, 12, batch, "store_staff:ravi", clock.instant(), receipt.id().value(),
                "morning delivery"));
        assertThat(recorded.get(1)).extracting(StockMovement::type, StockMovement::quantity, StockMovement::note)
                .containsExactly(MovementType.ADJUSTED, -2L, "damaged");
    }

    @Test
    void aHoldsLifeIsRecordedPerLineAndBatch() {
        Batch b = Batch.of("E", clock.instant().plus(Duration.ofDays(2)));
        receive(milk, 3, b);
        receive(milk, 10, null);
        receive(bread, 5, null);
        int before = all().size();
        Reservation held = reserveOrFail(newReservationId(), line(milk, 5), line(bread, 1));
        lock.reserve(new HoldRequest(held.id(), store, held.lines(), TTL));
        List<StockMovement> holdMovements = all().subList(before, all().size());
        assertThat(holdMovements).extracting(StockMovement::type, StockMovement::resource, StockMovement::batch,
                        StockMovement::quantity, StockMovement::reference)
                .containsExactlyInAnyOrder(
                        tuple(MovementType.HELD, milk, b, 3L, held.id().value()),
                        tuple(MovementType.HELD, milk, null, 2L, held.id().value()),
                        tuple(MovementType.HELD, bread, null, 1L, held.id().value()));

        lock.confirm(store, held.id());
        lock.confirm(store, held.id());
        assertThat(typesAfter(before + 3)).containsExactly(MovementType.SOLD, MovementType.SOLD, MovementType.SOLD);
    }

    @Test
    void releasesAndExpiriesAreRecordedAndAnExpiryAtTheHoldsExpiryInstant() {
        receive(milk, 10, null);
        Reservation released = reserveOrFail(newReservationId(), line(milk, 2));
        lock.release(store, released.id());
        lock.release(store, released.id());
        Reservation expiring = reserveOrFail(newReservationId(), line(milk, 3));
        clock.advance(TTL.plusMinutes(5));
        lock.levels(store, List.of(milk));
        List<StockMovement> recorded = all();
        assertThat(recorded).extracting(StockMovement::type).containsExactly(MovementType.RECEIVED, MovementType.HELD,
                MovementType.RELEASED, MovementType.HELD, MovementType.EXPIRED);
        assertThat(recorded.get(4).at()).isEqualTo(expiring.expiresAt());
        assertThat(recorded.get(4).quantity()).isEqualTo(3);
    }

    @Test
    void aRefusedHoldRecordsNothing() {
        receive(milk, 1, null);
        int before = all().size();
        assertThat(lock.reserve(new HoldRequest(newReservationId(), store, List.of(line(milk, 2)), TTL)))
                .isInstanceOf(ReserveResult.Insufficient.class);
        assertThat(lock.reserve(new HoldRequest(newReservationId(), store, List.of(line(milk, 1)), TTL,
                clock.instant()))).isInstanceOf(ReserveResult.TooLate.class);
        assertThat(all()).hasSize(before);
    }

    @Test
    void movementsReadBackInOrderPageAfterPage() {
        for (int i = 0; i < 11; i++) {
            receive(milk, 1 + i, null);
        }
        List<StockMovement> read = new ArrayList<>();
        String position = null;
        for (int pages = 0; pages < 10; pages++) {
            LedgerPage page = lock.movements(store, position, 4);
            read.addAll(page.movements());
            position = page.position();
            if (page.movements().isEmpty()) {
                break;
            }
        }
        assertThat(read).extracting(StockMovement::quantity)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(lock.movements(store, position, 4).movements()).isEmpty();
        receive(milk, 99, null);
        assertThat(lock.movements(store, position, 4).movements()).extracting(StockMovement::quantity)
                .containsExactly(99L);
        assertThat(lock.movements(StoreId.of("none-" + suffix), null, 4).movements()).isEmpty();
    }

    @Test
    void anEmptyRecordReadFromTheStartGivesAPositionThatLaterMovementsFollow() {
        LedgerPage empty = lock.movements(store, null, 10);
        assertThat(empty.movements()).isEmpty();
        assertThat(empty.position()).isNotBlank();
        receive(milk, 5, null);
        assertThat(lock.movements(store, empty.position(), 10).movements()).extracting(StockMovement::quantity)
                .containsExactly(5L);
    }

    @Test
    void theMovementsSumToTheCountersAfterManyThreadsRaced() {
        Batch early = Batch.of("E", clock.instant().plus(Duration.ofHours(2)));
        Batch late = Batch.of("L", clock.instant().plus(Duration.ofDays(2)));
        receive(milk, 60, early);
        receive(milk, 60, late);
        receive(milk, 40, null);
        receive(bread, 80, null);
        receive(slot, 30, null);
        Race.run(8, t -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 40; i++) {
                ReservationId id = newReservationId();
                List<HoldLine> lines = new ArrayList<>(List.of(line(milk, 1 + random.nextInt(4))));
                if (random.nextBoolean()) {
                    lines.add(line(bread, 1 + random.nextInt(3)));
                }
                if (random.nextInt(3) == 0) {
                    lines.add(line(slot, 1));
                }
                ReserveResult r = lock.reserve(new HoldRequest(id, store, lines, TTL));
                if (r instanceof ReserveResult.Reserved) {
                    switch (random.nextInt(4)) {
                        case 0:
                            lock.release(store, id);
                            break;
                        case 1:
                            break;
                        default:
                            lock.confirm(store, id);
                    }
                }
                if (t == 0 && i % 10 == 9) {
                    clock.advance(Duration.ofMinutes(4));
                }
                if (t == 1 && i % 10 == 0) {
                    lock.apply(new StockChange(newMovementId(), store, bread, StockChange.Kind.RESTOCK, 2, "", null));
                }
            }
            return null;
        });
        clock.advance(TTL);
        Map<Resource, StockLevel> levels = lock.allLevels(store);
        Map<Resource, long[]> sums = new HashMap<>();
        Map<String, Long> batchSums = new HashMap<>();
        for (StockMovement m : all()) {
            long[] s = sums.computeIfAbsent(m.resource(), r -> new long[2]);
            s[0] += m.onHandEffect();
            s[1] += m.reservedEffect();
            if (m.batch() != null) {
                batchSums.merge(m.batch().code().value(), m.onHandEffect(), Long::sum);
            }
        }
        assertThat(levels).containsOnlyKeys(milk, bread, slot);
        levels.forEach((r, level) -> {
            long[] sum = Objects.requireNonNull(sums.get(r), "the movements' sums");
            assertThat(sum[0]).as("onHand of %s from the movements", r).isEqualTo(level.onHand());
            assertThat(sum[1]).as("reserved of %s from the movements", r).isEqualTo(level.reserved());
        });
        for (BatchLevel b : lock.batches(store, milkSku)) {
            assertThat(batchSums.get(b.batch().code().value())).as("batch %s", b.batch().code()).isEqualTo(b.onHand());
        }
    }

    @Test
    void allLevelsListsEveryCounterOfTheStoreWithExpiryApplied() {
        Batch soon = Batch.of("S", clock.instant().plus(Duration.ofHours(1)));
        receive(milk, 4, soon);
        receive(bread, 2, null);
        receive(slot, 9, null);
        reserveOrFail(newReservationId(), line(bread, 1));
        clock.advance(Duration.ofHours(1));
        Map<Resource, StockLevel> all = lock.allLevels(store);
        assertThat(all).containsOnlyKeys(milk, bread, slot);
        assertThat(all.get(milk)).extracting(StockLevel::onHand, StockLevel::expired).containsExactly(4L, 4L);
        assertThat(Objects.requireNonNull(all.get(bread), "bread's level").reserved()).isZero();
        assertThat(lock.allLevels(StoreId.of("none-" + suffix))).isEmpty();
    }

    @Test
    void aRestoreReplacesTheStoreAndItsHoldsCarryOnAsIfNeverLost() {
        receive(milk, 99, null);
        receive(bread, 7, null);
        Reservation old = reserveOrFail(newReservationId(), line(milk, 9));
        Reservation finished = reserveOrFail(newReservationId(), line(milk, 1));
        lock.confirm(store, finished.id());
        StoreId otherStore = StoreId.of("keep-" + suffix);
        lock.apply(new StockChange(newMovementId(), otherStore, milk, StockChange.Kind.RECEIVE, 3, ""));

        Batch b = Batch.of("R", clock.instant().plus(Duration.ofDays(3)));
        Instant created = clock.instant().minusSeconds(60);
        Reservation live = new Reservation(ReservationId.of("r-live-" + suffix), store,
                List.of(line(milk, 4), line(slot, 1)), created, created.plus(TTL), ReservationStatus.HELD, null,
                Map.of(milk, List.of(new BatchTake(b, 3))));
        Reservation lapsed = new Reservation(ReservationId.of("r-lapsed-" + suffix), store, List.of(line(milk, 2)),
                created.minus(TTL), created, ReservationStatus.HELD, null, Map.of());
        StoreState state = new StoreState(store, List.of(
                new StoreState.Counter(milk, 20, Map.of(b, 5L)),
                new StoreState.Counter(slot, 2, Map.of())), List.of(live, lapsed));
        lock.restore(state);

        assertThat(lock.allLevels(store)).containsOnlyKeys(milk, slot);
        assertThat(level(milk)).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(20L, 4L);
        assertThat(level(slot)).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(2L, 1L);
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::onHand, BatchLevel::reserved)
                .containsExactly(tuple(5L, 3L));
        assertThat(lock.find(store, old.id())).as("a live hold not in the state is gone").isEmpty();
        assertThat(lock.find(store, lapsed.id()).orElseThrow().status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(lock.confirm(store, finished.id())).as("finished holds stay answerable")
                .isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(Objects.requireNonNull(lock.levels(otherStore, List.of(milk)).get(milk), "milk's level").onHand())
                .isEqualTo(3);

        lock.restore(state);
        assertThat(level(milk)).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(20L, 4L);

        ConfirmResult paid = lock.confirm(store, live.id());
        assertThat(paid).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(paid.reservation().takesOf(milk)).containsExactly(new BatchTake(b, 3));
        assertThat(level(milk)).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(16L, 0L);
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::onHand).containsExactly(2L);
        assertThat(level(slot).onHand()).isEqualTo(1);
    }

    @Test
    void aRestoredHoldExpiresAtItsOwnExpiry() {
        Instant created = clock.instant();
        Reservation live = new Reservation(ReservationId.of("r-x-" + suffix), store, List.of(line(milk, 4)), created,
                created.plus(TTL), ReservationStatus.HELD, null, Map.of());
        lock.restore(new StoreState(store, List.of(new StoreState.Counter(milk, 4, Map.of())), List.of(live)));
        assertThat(level(milk).available()).isZero();
        clock.advance(TTL);
        assertThat(level(milk).available()).isEqualTo(4);
        assertThat(lock.confirm(store, live.id())).isInstanceOf(ConfirmResult.Expired.class);
    }

    // ---------------------------------------------------------------- helpers

    protected ReservationId newReservationId() {
        return ReservationId.of("r-" + suffix + "-" + sequence.incrementAndGet());
    }

    protected MovementId newMovementId() {
        return MovementId.of("m-" + suffix + "-" + sequence.incrementAndGet());
    }

    protected static HoldLine line(Resource resource, long quantity) {
        return new HoldLine(resource, quantity);
    }

    protected void receive(Resource resource, long units, @Nullable Batch batch) {
        StockChangeResult result = lock.apply(new StockChange(newMovementId(), store, resource,
                StockChange.Kind.RECEIVE, units, "", batch));
        assertThat(result).isInstanceOf(StockChangeResult.Applied.class);
    }

    protected Reservation reserveOrFail(ReservationId id, HoldLine... lines) {
        ReserveResult r = lock.reserve(new HoldRequest(id, store, List.of(lines), TTL));
        assertThat(r).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) r).reservation();
    }

    protected StockLevel level(Resource resource) {
        return Objects.requireNonNull(lock.levels(store, List.of(resource)).get(resource), "the lock's level");
    }

    /** Every movement the lock recorded for the store, oldest first. */
    protected List<StockMovement> all() {
        List<StockMovement> out = new ArrayList<>();
        String position = null;
        while (true) {
            LedgerPage page = lock.movements(store, position, 500);
            out.addAll(page.movements());
            if (page.movements().size() < 500) {
                return out;
            }
            position = page.position();
        }
    }

    private List<MovementType> typesAfter(int index) {
        List<StockMovement> recorded = all();
        List<MovementType> out = new ArrayList<>();
        for (StockMovement m : recorded.subList(index, recorded.size())) {
            out.add(m.type());
        }
        return out;
    }

    private static org.assertj.core.groups.Tuple tuple(@Nullable Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
