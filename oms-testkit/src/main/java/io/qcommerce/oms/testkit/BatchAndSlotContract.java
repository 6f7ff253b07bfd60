package io.qcommerce.oms.testkit;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
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
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract of an {@link InventoryLock} for delivery slots and batches with expiry. Extend it like
 * {@link InventoryLockContract}: return a lock that reads its time from the given clock.
 *
 * <p>What a passing adapter guarantees, as a user observes it: a slot's capacity is held in the same
 * all-or-nothing hold as the cart's units, is never booked beyond its capacity under any concurrency, and no
 * hold is made at or after the request's {@code bookableUntil}; a repeat of a hold is answered whatever the
 * time. Units received in batches are taken first expiry first, only from batches still good when the hold
 * expires and at the line's {@code freshUntil}; the takes are reported and confirmed as planned; a batch's
 * units stop being available at its expiry instant with no sweep; a batch is never oversold and never sold
 * once expired; bad batch input (a duplicate code, an expiry in the past, an unknown batch) is refused with a
 * typed cause and changes nothing.
 */
public abstract class BatchAndSlotContract {
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

    /** A lock that reads its time from {@code clock} only; it may share a server with earlier tests. */
    protected abstract InventoryLock createLock(Clock clock);

    /** Threads of the concurrency tests. */
    protected int threads() {
        return 12;
    }

    @BeforeEach
    protected final void setUpBatchAndSlotContract() {
        clock = new MutableClock(MutableClock.DEFAULT_START);
        lock = createLock(clock);
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("bs-" + suffix);
        milkSku = SkuId.of("milk-" + suffix);
        milk = Resource.sku(milkSku);
        bread = Resource.sku(SkuId.of("bread-" + suffix));
        slot = Resource.slot("slot-" + suffix);
    }

    // ---------------------------------------------------------------- slots

    @Test
    void aSlotIsHeldWithTheCartAllOrNothing() {
        receive(slot, 1);
        receive(milk, 10);
        Reservation first = reserveOrFail(request(newReservationId(), null, line(milk, 2), line(slot, 1)));
        assertThat(first.lines()).extracting(HoldLine::resource).containsExactly(milk, slot);

        ReserveResult second = lock.reserve(request(newReservationId(), null, line(milk, 2), line(slot, 1)));
        assertThat(second).isInstanceOf(ReserveResult.Insufficient.class);
        assertThat(((ReserveResult.Insufficient) second).shortfalls())
                .containsExactly(new Shortfall(slot, 1, 0));
        assertThat(level(milk).reserved()).as("no milk held for the refused cart").isEqualTo(2);
    }

    @Test
    void aConfirmedBookingUsesCapacityAndARestockGivesItBack() {
        receive(slot, 2);
        Reservation held = reserveOrFail(request(newReservationId(), null, line(slot, 1)));
        assertThat(lock.confirm(store, held.id())).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(level(slot)).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(1L, 0L);
        apply(new StockChange(newMovementId(), store, slot, StockChange.Kind.RESTOCK, 1, "cancelled"));
        assertThat(level(slot).available()).isEqualTo(2);
    }

    @Test
    void anExpiredOrReleasedBookingGivesItsCapacityBack() {
        receive(slot, 1);
        reserveOrFail(request(newReservationId(), null, line(slot, 1)));
        assertThat(level(slot).available()).isZero();
        clock.advance(TTL);
        assertThat(level(slot).available()).as("at the hold's expiry").isEqualTo(1);
        Reservation second = reserveOrFail(request(newReservationId(), null, line(slot, 1)));
        lock.release(store, second.id());
        assertThat(level(slot).available()).isEqualTo(1);
    }

    @Test
    void noHoldIsMadeAtOrAfterItsBookableUntilInstant() {
        receive(slot, 5);
        Instant cutoff = clock.instant().plus(Duration.ofMinutes(30));
        clock.set(cutoff.minusMillis(1));
        reserveOrFail(request(newReservationId(), cutoff, line(slot, 1)));
        clock.set(cutoff);
        ReserveResult late = lock.reserve(request(newReservationId(), cutoff, line(slot, 1)));
        assertThat(late).isEqualTo(new ReserveResult.TooLate(store, cutoff));
        clock.advance(Duration.ofMinutes(1));
        assertThat(lock.reserve(request(newReservationId(), cutoff, line(slot, 1))))
                .isInstanceOf(ReserveResult.TooLate.class);
        assertThat(level(slot)).extracting(StockLevel::reserved).isEqualTo(1L);
    }

    @Test
    void aRepeatOfAHoldIsAnsweredAfterTheCutoff() {
        receive(slot, 5);
        Instant cutoff = clock.instant().plus(Duration.ofMinutes(1));
        HoldRequest request = request(newReservationId(), cutoff, line(slot, 1));
        Reservation held = reserveOrFail(request);
        clock.set(cutoff.plusSeconds(1));
        ReserveResult again = lock.reserve(request);
        assertThat(again).isInstanceOf(ReserveResult.Reserved.class);
        assertThat(((ReserveResult.Reserved) again).repeated()).isTrue();
        assertThat(((ReserveResult.Reserved) again).reservation().id()).isEqualTo(held.id());
    }

    @Test
    void aFullSlotIsNeverOverbookedWhateverTheConcurrency() {
        int capacity = 5;
        receive(slot, capacity);
        receive(milk, 1_000);
        int n = threads() * 4;
        List<ReservationId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(newReservationId());
        }
        List<ReserveResult> results = Race.run(threads(), t -> {
            ReserveResult last = null;
            for (int i = t; i < n; i += threads()) {
                ReserveResult r = lock.reserve(request(ids.get(i), null, line(milk, 1), line(slot, 1)));
                if (r instanceof ReserveResult.Reserved) {
                    ConfirmResult confirmed = lock.confirm(store, ids.get(i));
                    assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
                }
                last = r;
            }
            return last;
        });
        assertThat(results).hasSize(threads());
        int booked = 0;
        for (ReservationId id : ids) {
            if (lock.find(store, id).map(r -> r.status() == ReservationStatus.CONFIRMED).orElse(false)) {
                booked++;
            }
        }
        assertThat(booked).isEqualTo(capacity);
        assertThat(level(slot)).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(0L, 0L);
        assertThat(level(milk).onHand()).as("milk sold only with a booking").isEqualTo(1_000 - capacity);
    }

    // ---------------------------------------------------------------- batches: receipts and levels

    @Test
    void batchesAddToOnHandAndAreListedFirstExpiryFirst() {
        Batch late = batch("B2", Duration.ofDays(5));
        Batch early = batch("B1", Duration.ofDays(2));
        Batch sameDayOtherCode = batch("A9", Duration.ofDays(2));
        receiveBatch(milk, late, 10);
        receiveBatch(milk, early, 3);
        receiveBatch(milk, sameDayOtherCode, 1);
        receive(milk, 4);
        assertThat(level(milk)).extracting(StockLevel::onHand, StockLevel::reserved, StockLevel::expired)
                .containsExactly(18L, 0L, 0L);
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::batch, BatchLevel::onHand)
                .containsExactly(tuple(sameDayOtherCode, 1L), tuple(early, 3L), tuple(late, 10L));
        assertThat(lock.batches(store, SkuId.of("none-" + suffix))).isEmpty();
    }

    @Test
    void aBatchsUnitsStopBeingAvailableAtItsExpiryInstantWithNoSweep() {
        Batch soon = batch("S", Duration.ofHours(1));
        receiveBatch(milk, soon, 4);
        receive(milk, 6);
        assertThat(level(milk).available()).isEqualTo(10);
        clock.set(soon.expiresAt().minusMillis(1));
        assertThat(level(milk).available()).isEqualTo(10);
        clock.set(soon.expiresAt());
        StockLevel atExpiry = level(milk);
        assertThat(atExpiry).extracting(StockLevel::onHand, StockLevel::expired).containsExactly(10L, 4L);
        assertThat(atExpiry.available()).isEqualTo(6);
        ReserveResult tooMany = lock.reserve(request(newReservationId(), null, line(milk, 7)));
        assertThat(((ReserveResult.Insufficient) tooMany).shortfalls()).containsExactly(new Shortfall(milk, 7, 6));
    }

    @Test
    void aHoldTakesFirstExpiryFirstAndConfirmationTakesThoseBatches() {
        Batch early = batch("E", Duration.ofDays(2));
        Batch late = batch("L", Duration.ofDays(6));
        receiveBatch(milk, late, 10);
        receiveBatch(milk, early, 3);
        Reservation held = reserveOrFail(request(newReservationId(), null, line(milk, 5)));
        assertThat(held.takesOf(milk)).containsExactly(new BatchTake(early, 3), new BatchTake(late, 2));
        assertThat(lock.find(store, held.id()).orElseThrow().takesOf(milk)).isEqualTo(held.takesOf(milk));
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::reserved).containsExactly(3L, 2L);

        ConfirmResult confirmed = lock.confirm(store, held.id());
        assertThat(confirmed.reservation().takesOf(milk)).isEqualTo(held.takesOf(milk));
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::onHand, BatchLevel::reserved)
                .containsExactly(tuple(0L, 0L), tuple(8L, 0L));
        assertThat(level(milk)).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(8L, 0L);
    }

    @Test
    void unitsWithoutABatchAreTakenAfterEveryBatch() {
        Batch b = batch("B", Duration.ofDays(3));
        receive(milk, 5);
        receiveBatch(milk, b, 2);
        Reservation held = reserveOrFail(request(newReservationId(), null, line(milk, 4)));
        assertThat(held.takesOf(milk)).containsExactly(new BatchTake(b, 2));
        lock.confirm(store, held.id());
        assertThat(level(milk).onHand()).isEqualTo(3);
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::onHand).containsExactly(0L);
    }

    @Test
    void aBatchThatExpiresBeforeTheHoldWouldIsNotUsed() {
        Batch tooSoon = batch("T", TTL.minusMinutes(1));
        Batch good = batch("G", Duration.ofDays(1));
        receiveBatch(milk, tooSoon, 5);
        receiveBatch(milk, good, 2);
        ReserveResult result = lock.reserve(request(newReservationId(), null, line(milk, 3)));
        assertThat(((ReserveResult.Insufficient) result).shortfalls()).containsExactly(new Shortfall(milk, 3, 2));
        Reservation held = reserveOrFail(request(newReservationId(), null, line(milk, 2)));
        assertThat(held.takesOf(milk)).containsExactly(new BatchTake(good, 2));
    }

    @Test
    void batchesInsideTheLinesFreshnessMarginAreNotUsed() {
        Batch twoDays = batch("D2", Duration.ofDays(2));
        Batch fiveDays = batch("D5", Duration.ofDays(5));
        receiveBatch(milk, twoDays, 10);
        receiveBatch(milk, fiveDays, 3);
        Instant freshUntil = clock.instant().plus(Duration.ofDays(3));
        ReserveResult refused = lock.reserve(request(newReservationId(), null,
                new HoldLine(milk, 4, freshUntil)));
        assertThat(((ReserveResult.Insufficient) refused).shortfalls()).containsExactly(new Shortfall(milk, 4, 3));
        Reservation held = reserveOrFail(request(newReservationId(), null, new HoldLine(milk, 3, freshUntil)));
        assertThat(held.takesOf(milk)).containsExactly(new BatchTake(fiveDays, 3));
        Reservation unconstrained = reserveOrFail(request(newReservationId(), null, line(milk, 4)));
        assertThat(unconstrained.takesOf(milk)).containsExactly(new BatchTake(twoDays, 4));
    }

    @Test
    void freshnessIsNotPartOfAHoldsIdentity() {
        receiveBatch(milk, batch("F", Duration.ofDays(4)), 5);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, null, new HoldLine(milk, 2, clock.instant().plus(Duration.ofDays(1)))));
        ReserveResult again = lock.reserve(request(id, null, new HoldLine(milk, 2, clock.instant().plus(Duration.ofDays(2)))));
        assertThat(((ReserveResult.Reserved) again).repeated()).isTrue();
    }

    @Test
    void releaseAndExpiryGiveBatchUnitsBack() {
        Batch b = batch("R", Duration.ofDays(2));
        receiveBatch(milk, b, 5);
        Reservation released = reserveOrFail(request(newReservationId(), null, line(milk, 2)));
        reserveOrFail(request(newReservationId(), null, line(milk, 3)));
        lock.release(store, released.id());
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::reserved).containsExactly(3L);
        clock.advance(TTL);
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::onHand, BatchLevel::reserved)
                .containsExactly(tuple(5L, 0L));
        assertThat(level(milk).available()).isEqualTo(5);
    }

    @Test
    void batchesExpiringListsEverySkuOfTheStoreWithUnitsBeforeTheInstant() {
        Batch m1 = batch("M1", Duration.ofDays(1));
        Batch m9 = batch("M9", Duration.ofDays(9));
        Batch b2 = batch("B2", Duration.ofDays(2));
        Batch gone = batch("G0", Duration.ofHours(2));
        receiveBatch(milk, m1, 1);
        receiveBatch(milk, m9, 1);
        receiveBatch(bread, b2, 2);
        receiveBatch(bread, gone, 1);
        apply(new StockChange(newMovementId(), store, bread, StockChange.Kind.ADJUST, -1, "sold out", gone));
        List<BatchLevel> soon = lock.batchesExpiring(store, clock.instant().plus(Duration.ofDays(3)));
        assertThat(soon).extracting(BatchLevel::batch).containsExactly(m1, b2);
        assertThat(soon.get(1).sku()).isEqualTo(bread.skuId());
        clock.advance(Duration.ofDays(1).plusHours(1));
        assertThat(lock.batchesExpiring(store, clock.instant())).as("expired, not yet written off")
                .extracting(BatchLevel::batch).containsExactly(m1);
    }

    @Test
    void anEmptiedBatchIsForgottenOnceExpiredAndItsCodeMayBeReceivedAgain() {
        Batch first = batch("C", Duration.ofHours(1));
        receiveBatch(milk, first, 2);
        apply(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -2, "damaged", first));
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::onHand).containsExactly(0L);
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.RECEIVE, 1, "",
                batch("C", Duration.ofDays(2))))).isEqualTo(StockChangeResult.Cause.DUPLICATE_BATCH);
        clock.set(first.expiresAt());
        assertThat(lock.batches(store, milkSku)).isEmpty();
        receiveBatch(milk, batch("C", Duration.ofDays(2)), 1);
    }

    // ---------------------------------------------------------------- batches: changes and bad input

    @Test
    void aDuplicateBatchCodeIsRefusedAndChangesNothing() {
        Batch b = batch("D", Duration.ofDays(2));
        StockChange receipt = new StockChange(newMovementId(), store, milk, StockChange.Kind.RECEIVE, 5, "", b);
        apply(receipt);
        Map<Object, Object> before = state();
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.RECEIVE, 3, "", b)))
                .isEqualTo(StockChangeResult.Cause.DUPLICATE_BATCH);
        assertThat(state()).isEqualTo(before);
        StockChangeResult retry = lock.apply(receipt);
        assertThat(((StockChangeResult.Applied) retry).repeated()).as("a retry is not a duplicate").isTrue();
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aBatchExpiredOnArrivalIsRefusedAndChangesNothing() {
        Map<Object, Object> before = state();
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.RECEIVE, 3, "",
                new Batch(io.qcommerce.oms.inventory.BatchCode.of("X"), clock.instant()))))
                .isEqualTo(StockChangeResult.Cause.BATCH_EXPIRED);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void adjustingAnUnknownBatchIsRefusedAndChangesNothing() {
        receive(milk, 5);
        Map<Object, Object> before = state();
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -1, "",
                batch("U", Duration.ofDays(1))))).isEqualTo(StockChangeResult.Cause.UNKNOWN_BATCH);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aBatchCannotGoBelowTheUnitsHoldsTookFromIt() {
        Batch b = batch("H", Duration.ofDays(2));
        receiveBatch(milk, b, 5);
        receive(milk, 100);
        reserveOrFail(request(newReservationId(), null, line(milk, 4)));
        Map<Object, Object> before = state();
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -2, "", b)))
                .isEqualTo(StockChangeResult.Cause.INSUFFICIENT_UNITS);
        assertThat(state()).isEqualTo(before);
        apply(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -1, "damaged", b));
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::onHand).containsExactly(4L);
    }

    @Test
    void anUnbatchedAdjustmentCannotEatIntoBatches() {
        Batch b = batch("P", Duration.ofDays(2));
        receiveBatch(milk, b, 5);
        receive(milk, 2);
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -3, "", null)))
                .isEqualTo(StockChangeResult.Cause.INSUFFICIENT_UNITS);
        apply(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -2, "count", null));
        assertThat(level(milk).onHand()).isEqualTo(5);
    }

    @Test
    void aRestockGoesBackIntoItsBatchAndRecreatesAForgottenOne() {
        Batch b = batch("K", Duration.ofHours(1));
        receiveBatch(milk, b, 2);
        Reservation held = reserveOrFail(new HoldRequest(newReservationId(), store, List.of(line(milk, 2)), Duration.ofMinutes(5)));
        lock.confirm(store, held.id());
        clock.set(b.expiresAt());
        assertThat(lock.batches(store, milkSku)).as("emptied and expired: forgotten").isEmpty();
        apply(new StockChange(newMovementId(), store, milk, StockChange.Kind.RESTOCK, 2, "returned", b));
        assertThat(lock.batches(store, milkSku)).extracting(BatchLevel::batch, BatchLevel::onHand)
                .containsExactly(tuple(b, 2L));
        assertThat(level(milk)).extracting(StockLevel::onHand, StockLevel::expired).containsExactly(2L, 2L);
    }

    @Test
    void aChangeNamingARecycledCodeWithAnotherExpiryIsRefused() {
        Batch old = batch("C", Duration.ofHours(1));
        receiveBatch(milk, old, 2);
        Reservation held = reserveOrFail(new HoldRequest(newReservationId(), store, List.of(line(milk, 2)),
                Duration.ofMinutes(5)));
        lock.confirm(store, held.id());
        clock.set(old.expiresAt());
        Batch fresh = batch("C", Duration.ofDays(3));
        receiveBatch(milk, fresh, 4);
        Map<Object, Object> before = state();
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.RESTOCK, 2, "", old)))
                .as("old units must not take the new batch's date").isEqualTo(StockChangeResult.Cause.UNKNOWN_BATCH);
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.ADJUST, -1, "", old)))
                .isEqualTo(StockChangeResult.Cause.UNKNOWN_BATCH);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aReceiptAboveTheUnitLimitIsRefusedAsSuch() {
        receiveBatch(milk, batch("Z", Duration.ofDays(1)), io.qcommerce.oms.common.Limits.MAX_UNITS);
        assertThat(rejectionOf(new StockChange(newMovementId(), store, milk, StockChange.Kind.RECEIVE, 1, "",
                batch("Y", Duration.ofDays(1))))).isEqualTo(StockChangeResult.Cause.ABOVE_LIMIT);
    }

    @Test
    void aMovementIdNamesOneBatch() {
        StockChange receipt = new StockChange(newMovementId(), store, milk, StockChange.Kind.RECEIVE, 5, "",
                batch("I", Duration.ofDays(2)));
        apply(receipt);
        StockChange other = new StockChange(receipt.id(), store, milk, StockChange.Kind.RECEIVE, 5, "",
                batch("J", Duration.ofDays(2)));
        Throwable thrown = catchThrowable(() -> lock.apply(other));
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT);
    }

    // ---------------------------------------------------------------- batches under concurrency

    @Test
    void noBatchIsOversoldOrSoldAfterItsExpiryUnderConcurrency() {
        Batch soon = batch("S", Duration.ofMinutes(30));
        Batch mid = batch("M", Duration.ofHours(3));
        Batch late = batch("L", Duration.ofDays(3));
        Map<Batch, Long> received = Map.of(soon, 40L, mid, 40L, late, 40L);
        received.forEach((b, units) -> receiveBatch(milk, b, units));
        AtomicBoolean sampledBad = new AtomicBoolean();
        ConcurrentLinkedQueue<Reservation> confirmed = new ConcurrentLinkedQueue<>();
        int perThread = 30;
        Race.run(threads(), t -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < perThread; i++) {
                if (t == 0 && i % 5 == 0) {
                    clock.advance(Duration.ofMinutes(4));
                }
                Instant freshUntil = random.nextBoolean() ? null : clock.instant().plus(Duration.ofHours(2));
                ReserveResult r = lock.reserve(request(newReservationId(), null,
                        new HoldLine(milk, 1 + random.nextInt(3), freshUntil)));
                if (r instanceof ReserveResult.Reserved) {
                    Reservation held = ((ReserveResult.Reserved) r).reservation();
                    ConfirmResult c = random.nextInt(4) == 0 ? null : lock.confirm(store, held.id());
                    if (c == null) {
                        lock.release(store, held.id());
                    } else if (c instanceof ConfirmResult.Confirmed) {
                        confirmed.add(c.reservation());
                    }
                }
                for (BatchLevel level : lock.batches(store, milkSku)) {
                    if (level.reserved() < 0 || level.reserved() > level.onHand()) {
                        sampledBad.set(true);
                    }
                }
            }
            return null;
        });
        assertThat(sampledBad).as("a batch sampled with reserved outside [0, onHand]").isFalse();
        Map<Batch, Long> sold = new HashMap<>();
        for (Reservation r : confirmed) {
            long fromBatches = 0;
            for (BatchTake take : r.takesOf(milk)) {
                assertThat(take.batch().expiresAt()).as("batch %s sold to a hold expiring %s", take.batch(), r.expiresAt())
                        .isAfter(r.expiresAt());
                assertThat(r.finishedAt()).isBefore(take.batch().expiresAt());
                sold.merge(take.batch(), take.quantity(), Long::sum);
                fromBatches += take.quantity();
            }
            assertThat(fromBatches).as("every unit came from a batch").isEqualTo(r.lines().get(0).quantity());
        }
        Map<Batch, Long> onHand = new HashMap<>();
        for (BatchLevel level : lock.batches(store, milkSku)) {
            onHand.put(level.batch(), level.onHand());
        }
        received.forEach((b, units) -> assertThat(onHand.getOrDefault(b, 0L) + sold.getOrDefault(b, 0L))
                .as("batch %s: on hand + sold = received", b.code()).isEqualTo(units));
    }

    // ---------------------------------------------------------------- helpers

    protected ReservationId newReservationId() {
        return ReservationId.of("r-" + suffix + "-" + sequence.incrementAndGet());
    }

    protected MovementId newMovementId() {
        return MovementId.of("m-" + suffix + "-" + sequence.incrementAndGet());
    }

    protected Batch batch(String code, Duration expiresIn) {
        return Batch.of(code, clock.instant().plus(expiresIn));
    }

    protected static HoldLine line(Resource resource, long quantity) {
        return new HoldLine(resource, quantity);
    }

    protected HoldRequest request(ReservationId id, @Nullable Instant bookableUntil, HoldLine... lines) {
        return new HoldRequest(id, store, List.of(lines), TTL, bookableUntil);
    }

    protected Reservation reserveOrFail(HoldRequest request) {
        ReserveResult result = lock.reserve(request);
        assertThat(result).as("reserve %s", request).isInstanceOf(ReserveResult.Reserved.class);
        assertThat(((ReserveResult.Reserved) result).repeated()).isFalse();
        return ((ReserveResult.Reserved) result).reservation();
    }

    protected void receive(Resource resource, long units) {
        apply(new StockChange(newMovementId(), store, resource, StockChange.Kind.RECEIVE, units, ""));
    }

    protected void receiveBatch(Resource resource, Batch batch, long units) {
        apply(new StockChange(newMovementId(), store, resource, StockChange.Kind.RECEIVE, units, "", batch));
    }

    protected StockChangeResult apply(StockChange change) {
        StockChangeResult result = lock.apply(change);
        assertThat(result).as("apply %s", change).isInstanceOf(StockChangeResult.Applied.class);
        return result;
    }

    protected StockChangeResult.Cause rejectionOf(StockChange change) {
        StockChangeResult result = lock.apply(change);
        assertThat(result).as("apply %s", change).isInstanceOf(StockChangeResult.Rejected.class);
        return ((StockChangeResult.Rejected) result).cause();
    }

    protected StockLevel level(Resource resource) {
        return Objects.requireNonNull(lock.levels(store, List.of(resource)).get(resource), "the lock's level");
    }

    /** The counters and batches this suite touches, to prove a refused call changed nothing. */
    protected Map<Object, Object> state() {
        Map<Object, Object> out = new HashMap<>(lock.levels(store, List.of(milk, bread, slot)));
        out.put("milk batches", lock.batches(store, milkSku));
        out.put("bread batches", lock.batches(store, bread.skuId()));
        return out;
    }

    private static org.assertj.core.groups.Tuple tuple(@Nullable Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
