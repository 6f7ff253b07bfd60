package io.qcommerce.oms.testkit;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReleaseResult;
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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract every {@link InventoryLock} adapter must pass. Extend it, return a lock from
 * {@link #createLock(Clock)} that reads its time from the given clock, and JUnit runs every test.
 *
 * <p>What a passing adapter guarantees, as a user of the port observes it: stock movements are applied
 * once per movement id and never take {@code onHand} below the held units or zero; a hold takes every line
 * or none, and an insufficient one names every short line; each operation repeated with the same id answers
 * as the first time and changes nothing more, and an id reused for other content is an
 * {@code IDEMPOTENCY_CONFLICT}; a hold stops counting at the very instant it expires, with no reaper, and
 * is never confirmed at or after it; confirm, release and expiry are mutually exclusive; bad input is a
 * typed {@link OmsException} and changes nothing; and under many threads on one hot SKU or many multi-line
 * carts, no sample ever shows {@code reserved > onHand} and every unit is accounted for.
 *
 * <p>Each test uses store and SKU ids with a random suffix, so a suite run against a shared server does
 * not see the state of earlier tests. Retention of finished holds is not tested here: its window is the
 * adapter's configuration. Stress sizes can be lowered by overriding {@link #stressThreads()} and
 * {@link #stressOperationsPerThread()} for slower backends.
 */
public abstract class InventoryLockContract {
    /** The time-to-live of the holds of these tests, unless a test says otherwise. */
    protected static final Duration TTL = Duration.ofMinutes(10);

    /** The clock the lock under test reads; tests move it by hand. */
    protected MutableClock clock;
    /** The lock under test, fresh from {@link #createLock(Clock)} for each test. */
    protected InventoryLock lock;
    /** The store most tests work in, and a second one to prove isolation. */
    protected StoreId store;
    protected StoreId otherStore;
    protected Resource milk;
    protected Resource bread;
    protected Resource eggs;

    private String suffix;
    private final AtomicInteger sequence = new AtomicInteger();

    /**
     * A lock that reads its time from {@code clock} only (called once per test). It may share a server
     * with earlier tests: the tests use fresh ids.
     */
    protected abstract InventoryLock createLock(Clock clock);

    /** Threads of each stress test. */
    protected int stressThreads() {
        return 16;
    }

    /** Operations per thread of each stress test. */
    protected int stressOperationsPerThread() {
        return 600;
    }

    /** Seed of the stress tests' random choices; printed with each run so a failure can be replayed. */
    protected long stressSeed() {
        return ThreadLocalRandom.current().nextLong();
    }

    /** After this long, stress workers stop starting operations (the run still gets checked). */
    protected Duration stressTimeout() {
        return Duration.ofSeconds(20);
    }

    @BeforeEach
    protected final void setUpInventoryLockContract() {
        clock = new MutableClock(MutableClock.DEFAULT_START);
        lock = createLock(clock);
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("store-" + suffix);
        otherStore = StoreId.of("other-" + suffix);
        milk = Resource.sku(SkuId.of("milk-" + suffix));
        bread = Resource.sku(SkuId.of("bread-" + suffix));
        eggs = Resource.sku(SkuId.of("eggs-" + suffix));
    }

    // ---------------------------------------------------------------- stock movements

    @Test
    void receiveAdjustAndRestockMoveOnHandAndAnswerTheNewLevel() {
        StockChangeResult received = lock.apply(change(StockChange.Kind.RECEIVE, milk, 10));
        assertThat(received).isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 10, 0), false));

        StockChangeResult adjusted = lock.apply(change(StockChange.Kind.ADJUST, milk, -3));
        assertThat(adjusted).isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 7, 0), false));

        StockChangeResult restocked = lock.apply(change(StockChange.Kind.RESTOCK, milk, 2));
        assertThat(restocked).isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 9, 0), false));

        StockChangeResult adjustedUp = lock.apply(change(StockChange.Kind.ADJUST, milk, 4));
        assertThat(adjustedUp.level().onHand()).isEqualTo(13);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 13, 0));
        assertThat(level(bread)).isEqualTo(new StockLevel(store, bread, 0, 0));
    }

    @Test
    void levelsOfUnknownStoresAndResourcesReadZero() {
        receive(store, milk, 5);

        Map<Resource, StockLevel> known = lock.levels(store, List.of(milk, bread));
        assertThat(known).containsOnly(
                Map.entry(milk, new StockLevel(store, milk, 5, 0)),
                Map.entry(bread, new StockLevel(store, bread, 0, 0)));

        StoreId nowhere = StoreId.of("nowhere-" + suffix);
        assertThat(lock.levels(nowhere, List.of(milk, eggs))).containsOnly(
                Map.entry(milk, new StockLevel(nowhere, milk, 0, 0)),
                Map.entry(eggs, new StockLevel(nowhere, eggs, 0, 0)));
        assertThat(lock.levels(store, List.of())).isEmpty();
    }

    @Test
    void countersOfOneStoreAreNotSeenFromAnother() {
        receive(store, milk, 5);

        assertThat(lock.levels(otherStore, List.of(milk)).get(milk)).isEqualTo(new StockLevel(otherStore, milk, 0, 0));
        ReserveResult elsewhere = lock.reserve(new HoldRequest(newReservationId(), otherStore,
                List.of(new HoldLine(milk, 1)), TTL));
        assertThat(elsewhere).isEqualTo(new ReserveResult.Insufficient(otherStore, List.of(new Shortfall(milk, 1, 0))));
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 5, 0));
    }

    @Test
    void repeatedMovementIdIsAnsweredRepeatedAndChangesNothing() {
        StockChange receipt = change(StockChange.Kind.RECEIVE, milk, 10);
        lock.apply(receipt);

        StockChangeResult again = lock.apply(receipt);

        assertThat(again).isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 10, 0), true));
        StockChange adjustment = change(StockChange.Kind.ADJUST, milk, -4);
        lock.apply(adjustment);
        assertThat(lock.apply(adjustment)).isInstanceOfSatisfying(StockChangeResult.Applied.class,
                applied -> assertThat(applied.repeated()).isTrue());
        assertThat(level(milk).onHand()).isEqualTo(6);
    }

    @Test
    void movementIdReusedWithOtherContentIsAnIdempotencyConflictAndChangesNothing() {
        StockChange receipt = change(StockChange.Kind.RECEIVE, milk, 10);
        lock.apply(receipt);
        Map<StockKey, StockLevel> before = snapshot();

        assertRefused(ErrorCode.IDEMPOTENCY_CONFLICT, () -> lock.apply(new StockChange(receipt.id(), store, milk,
                StockChange.Kind.RECEIVE, 11, "")));
        assertRefused(ErrorCode.IDEMPOTENCY_CONFLICT, () -> lock.apply(new StockChange(receipt.id(), store, bread,
                StockChange.Kind.RECEIVE, 10, "")));
        assertRefused(ErrorCode.IDEMPOTENCY_CONFLICT, () -> lock.apply(new StockChange(receipt.id(), store, milk,
                StockChange.Kind.ADJUST, 10, "")));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void adjustmentBelowTheHeldUnitsIsRejectedAndChangesNothing() {
        receive(store, milk, 10);
        reserveOrFail(request(newReservationId(), TTL, new HoldLine(milk, 6)));
        Map<StockKey, StockLevel> before = snapshot();

        StockChangeResult result = lock.apply(change(StockChange.Kind.ADJUST, milk, -5));

        assertThat(result).isInstanceOf(StockChangeResult.Rejected.class);
        assertThat(result.level()).isEqualTo(new StockLevel(store, milk, 10, 6));
        assertThat(snapshot()).isEqualTo(before);
        // Exactly down to the held units is allowed: nothing is oversold.
        assertThat(lock.apply(change(StockChange.Kind.ADJUST, milk, -4)))
                .isEqualTo(new StockChangeResult.Applied(new StockLevel(store, milk, 6, 6), false));
    }

    @Test
    void adjustmentBelowZeroIsRejectedAndChangesNothing() {
        receive(store, milk, 3);
        Map<StockKey, StockLevel> before = snapshot();

        StockChangeResult result = lock.apply(change(StockChange.Kind.ADJUST, milk, -4));
        StockChangeResult onNothing = lock.apply(change(StockChange.Kind.ADJUST, bread, -1));

        assertThat(result).isInstanceOf(StockChangeResult.Rejected.class);
        assertThat(result.level()).isEqualTo(new StockLevel(store, milk, 3, 0));
        assertThat(onNothing).isInstanceOf(StockChangeResult.Rejected.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void receiptBeyondTheUnitLimitIsRejectedAndChangesNothing() {
        receive(store, milk, Limits.MAX_UNITS);
        Map<StockKey, StockLevel> before = snapshot();

        StockChangeResult result = lock.apply(change(StockChange.Kind.RECEIVE, milk, 1));

        assertThat(result).isInstanceOf(StockChangeResult.Rejected.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- reserve

    @Test
    void reserveHoldsEveryLineAndAnswersTheLevelsAfterTheHold() {
        receive(store, milk, 10);
        receive(store, bread, 5);
        HoldRequest request = request(newReservationId(), TTL, new HoldLine(milk, 3), new HoldLine(bread, 2));

        ReserveResult result = lock.reserve(request);

        assertThat(result).isInstanceOf(ReserveResult.Reserved.class);
        ReserveResult.Reserved reserved = (ReserveResult.Reserved) result;
        Reservation hold = reserved.reservation();
        assertThat(reserved.repeated()).isFalse();
        assertThat(hold.id()).isEqualTo(request.id());
        assertThat(hold.store()).isEqualTo(store);
        assertThat(hold.lines()).containsExactlyInAnyOrder(new HoldLine(milk, 3), new HoldLine(bread, 2));
        assertThat(hold.status()).isEqualTo(ReservationStatus.HELD);
        assertThat(hold.createdAt()).isEqualTo(clock.instant());
        assertThat(hold.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(hold.finishedAt()).isNull();
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 3));
        assertThat(level(bread)).isEqualTo(new StockLevel(store, bread, 5, 2));
        List<StockLevel> expectedLevels = new ArrayList<>();
        for (HoldLine line : hold.lines()) {
            expectedLevels.add(level(line.resource()));
        }
        assertThat(reserved.levels()).as("levels in line order").isEqualTo(expectedLevels);
        assertThat(lock.find(store, request.id())).contains(hold);
    }

    @Test
    void reserveOfExactlyTheAvailableUnitsSucceedsAndTheNextUnitIsShort() {
        receive(store, milk, 5);
        reserveOrFail(request(newReservationId(), TTL, new HoldLine(milk, 2)));

        reserveOrFail(request(newReservationId(), TTL, new HoldLine(milk, 3)));
        ReserveResult next = lock.reserve(request(newReservationId(), TTL, new HoldLine(milk, 1)));

        assertThat(next).isEqualTo(new ReserveResult.Insufficient(store, List.of(new Shortfall(milk, 1, 0))));
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 5, 5));
    }

    @Test
    void reserveWithShortLinesListsEveryShortfallAndHoldsNothing() {
        receive(store, milk, 10);
        receive(store, bread, 1);
        Map<StockKey, StockLevel> before = snapshot();
        ReservationId id = newReservationId();

        ReserveResult result = lock.reserve(request(id, TTL,
                new HoldLine(milk, 5), new HoldLine(bread, 2), new HoldLine(eggs, 1)));

        assertThat(result).isInstanceOfSatisfying(ReserveResult.Insufficient.class, insufficient -> {
            assertThat(insufficient.store()).isEqualTo(store);
            assertThat(insufficient.shortfalls()).containsExactlyInAnyOrder(
                    new Shortfall(bread, 2, 1), new Shortfall(eggs, 1, 0));
        });
        assertThat(snapshot()).as("a refused hold holds nothing, not even its good lines").isEqualTo(before);
        assertThat(lock.find(store, id)).isEmpty();
    }

    @Test
    void repeatedReserveWithLinesInAnotherOrderAnswersTheSameHoldAndHoldsNothingMore() {
        receive(store, milk, 10);
        receive(store, bread, 5);
        ReservationId id = newReservationId();
        Reservation first = reserveOrFail(request(id, TTL, new HoldLine(milk, 3), new HoldLine(bread, 2)));
        Map<StockKey, StockLevel> before = snapshot();
        clock.advance(Duration.ofSeconds(7));

        ReserveResult again = lock.reserve(request(id, TTL, new HoldLine(bread, 2), new HoldLine(milk, 3)));

        assertThat(again).isInstanceOfSatisfying(ReserveResult.Reserved.class, reserved -> {
            assertThat(reserved.repeated()).isTrue();
            assertThat(reserved.reservation()).isEqualTo(first);
            assertThat(reserved.reservation().expiresAt()).isEqualTo(first.expiresAt());
        });
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void reservationIdReusedWithOtherLinesIsAnIdempotencyConflictAndChangesNothing() {
        receive(store, milk, 10);
        receive(store, bread, 5);
        ReservationId id = newReservationId();
        Reservation first = reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));
        Map<StockKey, StockLevel> before = snapshot();

        assertRefused(ErrorCode.IDEMPOTENCY_CONFLICT, () -> lock.reserve(request(id, TTL, new HoldLine(milk, 4))));
        assertRefused(ErrorCode.IDEMPOTENCY_CONFLICT,
                () -> lock.reserve(request(id, TTL, new HoldLine(milk, 3), new HoldLine(bread, 1))));

        assertThat(snapshot()).isEqualTo(before);
        assertThat(lock.find(store, id)).contains(first);
    }

    @Test
    void repeatedReserveAfterConfirmAnswersTheConfirmedHoldAndHoldsNothing() {
        receive(store, milk, 10);
        HoldRequest request = request(newReservationId(), TTL, new HoldLine(milk, 3));
        reserveOrFail(request);
        lock.confirm(store, request.id());
        Map<StockKey, StockLevel> before = snapshot();

        ReserveResult again = lock.reserve(request);

        assertThat(again).isInstanceOfSatisfying(ReserveResult.Reserved.class, reserved -> {
            assertThat(reserved.repeated()).isTrue();
            assertThat(reserved.reservation().status()).isEqualTo(ReservationStatus.CONFIRMED);
        });
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- confirm and release

    @Test
    void confirmTakesTheUnitsOfEveryLineOutOfOnHandAndReserved() {
        receive(store, milk, 10);
        receive(store, bread, 4);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3), new HoldLine(bread, 4)));
        clock.advance(Duration.ofSeconds(30));

        ConfirmResult result = lock.confirm(store, id);

        assertThat(result).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(result.reservation().status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(result.reservation().finishedAt()).isEqualTo(clock.instant());
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 7, 0));
        assertThat(level(bread)).isEqualTo(new StockLevel(store, bread, 0, 0));
        assertThat(lock.find(store, id)).get().extracting(Reservation::status).isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void repeatedConfirmAnswersConfirmedWithoutTakingTheUnitsTwice() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));
        ConfirmResult first = lock.confirm(store, id);
        clock.advance(Duration.ofSeconds(5));

        ConfirmResult again = lock.confirm(store, id);

        assertThat(again).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(again.reservation()).isEqualTo(first.reservation());
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 7, 0));
    }

    @Test
    void confirmAfterReleaseAnswersReleasedAndSellsNothing() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));
        lock.release(store, id);

        ConfirmResult result = lock.confirm(store, id);

        assertThat(result).isInstanceOf(ConfirmResult.Released.class);
        assertThat(result.reservation().status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
    }

    @Test
    void releaseGivesTheUnitsOfEveryLineBack() {
        receive(store, milk, 10);
        receive(store, bread, 2);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3), new HoldLine(bread, 2)));

        ReleaseResult result = lock.release(store, id);

        assertThat(result).isInstanceOf(ReleaseResult.Released.class);
        assertThat(result.reservation().status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(result.reservation().finishedAt()).isEqualTo(clock.instant());
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
        assertThat(level(bread)).isEqualTo(new StockLevel(store, bread, 2, 0));
        assertThat(lock.find(store, id)).get().extracting(Reservation::status).isEqualTo(ReservationStatus.RELEASED);
    }

    @Test
    void releaseAfterConfirmAnswersAlreadyConfirmedAndKeepsTheUnitsSold() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));
        lock.confirm(store, id);
        Map<StockKey, StockLevel> before = snapshot();

        ReleaseResult result = lock.release(store, id);

        assertThat(result).isInstanceOf(ReleaseResult.AlreadyConfirmed.class);
        assertThat(result.reservation().status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 7, 0));
    }

    @Test
    void releaseTwiceAnswersReleasedBothTimesAndGivesTheUnitsBackOnce() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));
        reserveOrFail(request(newReservationId(), TTL, new HoldLine(milk, 2)));

        ReleaseResult first = lock.release(store, id);
        ReleaseResult second = lock.release(store, id);

        assertThat(first).isInstanceOf(ReleaseResult.Released.class);
        assertThat(second).isInstanceOf(ReleaseResult.Released.class);
        assertThat(second.reservation()).isEqualTo(first.reservation());
        assertThat(level(milk)).as("the other hold's 2 units stay held").isEqualTo(new StockLevel(store, milk, 10, 2));
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void holdStopsCountingAtItsExpiryInstantWithoutAReaper() {
        receive(store, milk, 10);
        receive(store, bread, 3);
        ReservationId id = newReservationId();
        Reservation hold = reserveOrFail(request(id, Duration.ofSeconds(30),
                new HoldLine(milk, 4), new HoldLine(bread, 3)));

        clock.set(hold.expiresAt());

        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
        assertThat(level(bread)).isEqualTo(new StockLevel(store, bread, 3, 0));
        assertThat(lock.find(store, id)).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED);
            assertThat(r.finishedAt()).isNotNull();
        });
    }

    @Test
    void confirmAtTheExpiryInstantAnswersExpiredAndSellsNothing() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        Reservation hold = reserveOrFail(request(id, Duration.ofSeconds(30), new HoldLine(milk, 4)));
        clock.set(hold.expiresAt());

        ConfirmResult result = lock.confirm(store, id);

        assertThat(result).isInstanceOf(ConfirmResult.Expired.class);
        assertThat(result.reservation().status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
    }

    @Test
    void confirmOneMillisecondBeforeExpirySellsTheUnits() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        Reservation hold = reserveOrFail(request(id, Duration.ofSeconds(30), new HoldLine(milk, 4)));
        clock.set(hold.expiresAt().minusMillis(1));

        ConfirmResult result = lock.confirm(store, id);

        assertThat(result).isInstanceOf(ConfirmResult.Confirmed.class);
        clock.set(hold.expiresAt().plusSeconds(1));
        assertThat(level(milk)).as("a confirmed hold does not expire").isEqualTo(new StockLevel(store, milk, 6, 0));
        assertThat(lock.find(store, id)).get().extracting(Reservation::status).isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void releaseAfterExpiryAnswersExpiredAndGivesNothingBackTwice() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        Reservation hold = reserveOrFail(request(id, Duration.ofSeconds(30), new HoldLine(milk, 4)));
        clock.set(hold.expiresAt().plusSeconds(5));
        reserveOrFail(request(newReservationId(), TTL, new HoldLine(milk, 9)));

        ReleaseResult result = lock.release(store, id);

        assertThat(result).isInstanceOf(ReleaseResult.Expired.class);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 9));
    }

    @Test
    void unitsOfAnExpiredHoldCanBeHeldByAnotherReservation() {
        receive(store, milk, 5);
        Reservation hold = reserveOrFail(request(newReservationId(), Duration.ofSeconds(30), new HoldLine(milk, 5)));
        assertThat(lock.reserve(request(newReservationId(), TTL, new HoldLine(milk, 1))))
                .isInstanceOf(ReserveResult.Insufficient.class);
        clock.set(hold.expiresAt());

        ReserveResult next = lock.reserve(request(newReservationId(), TTL, new HoldLine(milk, 5)));

        assertThat(next).isInstanceOf(ReserveResult.Reserved.class);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 5, 5));
    }

    @Test
    void repeatedReserveAfterExpiryAnswersTheExpiredHoldAndHoldsNothing() {
        receive(store, milk, 10);
        HoldRequest request = request(newReservationId(), Duration.ofSeconds(30), new HoldLine(milk, 4));
        Reservation hold = reserveOrFail(request);
        clock.set(hold.expiresAt().plusSeconds(1));

        ReserveResult again = lock.reserve(request);

        assertThat(again).isInstanceOfSatisfying(ReserveResult.Reserved.class, reserved -> {
            assertThat(reserved.repeated()).isTrue();
            assertThat(reserved.reservation().status()).isEqualTo(ReservationStatus.EXPIRED);
            assertThat(reserved.reservation().expiresAt()).isEqualTo(hold.expiresAt());
        });
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
    }

    @Test
    void aClockSteppingBackDoesNotReviveAnExpiredHold() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        Reservation hold = reserveOrFail(request(id, Duration.ofSeconds(30), new HoldLine(milk, 4)));
        clock.set(hold.expiresAt());
        assertThat(level(milk).reserved()).isZero();

        clock.set(hold.expiresAt().minusSeconds(10));

        assertThat(lock.confirm(store, id)).isInstanceOf(ConfirmResult.Expired.class);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
    }

    @Test
    void expireDueCountsTheExpiredHoldsOfAQuietStore() {
        receive(store, milk, 10);
        Reservation shortOne = reserveOrFail(request(newReservationId(), Duration.ofSeconds(10), new HoldLine(milk, 1)));
        reserveOrFail(request(newReservationId(), Duration.ofSeconds(20), new HoldLine(milk, 2)));
        Reservation longOne = reserveOrFail(request(newReservationId(), Duration.ofSeconds(60), new HoldLine(milk, 3)));
        clock.set(shortOne.expiresAt().plusSeconds(15));

        int expired = lock.expireDue(store, 100);

        assertThat(expired).isEqualTo(2);
        assertThat(lock.expireDue(store, 100)).as("nothing left to expire").isZero();
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 3));
        assertThat(lock.find(store, longOne.id())).get().extracting(Reservation::status)
                .isEqualTo(ReservationStatus.HELD);
        assertThat(lock.expireDue(StoreId.of("nowhere-" + suffix), 100)).isZero();
    }

    @Test
    void expireDueNeverExpiresMoreThanItsMax() {
        receive(store, milk, 10);
        for (int i = 0; i < 3; i++) {
            reserveOrFail(request(newReservationId(), Duration.ofSeconds(10), new HoldLine(milk, 1)));
        }
        clock.advance(Duration.ofSeconds(10));

        List<Integer> counts = new ArrayList<>();
        for (int call = 0; call < 5; call++) {
            counts.add(lock.expireDue(store, 1));
        }

        assertThat(counts).as("each call expires at most max=1 hold").allSatisfy(n -> assertThat(n).isBetween(0, 1));
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
    }

    // ---------------------------------------------------------------- unknown reservations

    @Test
    void confirmOrReleaseOfAnUnknownReservationIsUnknownReservationAndChangesNothing() {
        receive(store, milk, 10);
        reserveOrFail(request(newReservationId(), TTL, new HoldLine(milk, 3)));
        ReservationId unknown = newReservationId();

        assertRefused(ErrorCode.UNKNOWN_RESERVATION, () -> lock.confirm(store, unknown));
        assertRefused(ErrorCode.UNKNOWN_RESERVATION, () -> lock.release(store, unknown));
        StoreId nowhere = StoreId.of("nowhere-" + suffix);
        assertRefused(ErrorCode.UNKNOWN_RESERVATION, () -> lock.confirm(nowhere, unknown));
        assertRefused(ErrorCode.UNKNOWN_RESERVATION, () -> lock.release(nowhere, unknown));

        assertThat(lock.find(store, unknown)).isEmpty();
        assertThat(lock.find(nowhere, unknown)).isEmpty();
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 3));
    }

    @Test
    void aReservationIsKnownOnlyInItsOwnStore() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));

        assertThat(lock.find(otherStore, id)).isEmpty();
        assertRefused(ErrorCode.UNKNOWN_RESERVATION, () -> lock.confirm(otherStore, id));
        assertRefused(ErrorCode.UNKNOWN_RESERVATION, () -> lock.release(otherStore, id));

        assertThat(lock.find(store, id)).get().extracting(Reservation::status).isEqualTo(ReservationStatus.HELD);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void zeroNegativeOrTooLongTimeToLiveIsInvalidTtlAndChangesNothing() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        List<HoldLine> lines = List.of(new HoldLine(milk, 1));

        for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(-1),
                HoldRequest.MAX_TTL.plusMillis(1))) {
            assertRefused(ErrorCode.INVALID_TTL, () -> lock.reserve(new HoldRequest(id, store, lines, ttl)));
        }
        assertThat(lock.find(store, id)).isEmpty();
    }

    @Test
    void zeroNegativeOrExcessiveQuantityIsInvalidQuantityAndChangesNothing() {
        receive(store, milk, 10);

        for (long quantity : new long[] {0, -1, Long.MIN_VALUE, Limits.MAX_UNITS + 1, Long.MAX_VALUE}) {
            assertRefused(ErrorCode.INVALID_QUANTITY,
                    () -> lock.reserve(request(newReservationId(), TTL, new HoldLine(milk, quantity))));
            assertRefused(ErrorCode.INVALID_QUANTITY,
                    () -> lock.apply(change(StockChange.Kind.RECEIVE, milk, quantity)));
            assertRefused(ErrorCode.INVALID_QUANTITY,
                    () -> lock.apply(change(StockChange.Kind.RESTOCK, milk, quantity)));
        }
        for (long delta : new long[] {0, Limits.MAX_UNITS + 1, -Limits.MAX_UNITS - 1}) {
            assertRefused(ErrorCode.INVALID_QUANTITY, () -> lock.apply(change(StockChange.Kind.ADJUST, milk, delta)));
        }
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose: the port must refuse it with a typed error
    void holdWithTheSameResourceTwiceOrWithoutLinesIsInvalidArgumentAndChangesNothing() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();

        assertRefused(ErrorCode.INVALID_ARGUMENT,
                () -> lock.reserve(request(id, TTL, new HoldLine(milk, 1), new HoldLine(milk, 2))));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(new HoldRequest(id, store, List.of(), TTL)));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(new HoldRequest(id, store, null, TTL)));
        List<HoldLine> withNull = Arrays.asList(new HoldLine(milk, 1), null);
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(new HoldRequest(id, store, withNull, TTL)));

        assertThat(lock.find(store, id)).isEmpty();
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose: the port must refuse it with a typed error
    void nullArgumentsAreRefusedWithATypedErrorAndChangeNothing() {
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));
        List<Resource> withNull = Arrays.asList(milk, null);
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("reserve(null)", () -> lock.reserve(null));
        calls.put("confirm(null, id)", () -> lock.confirm(null, id));
        calls.put("confirm(store, null)", () -> lock.confirm(store, null));
        calls.put("release(null, id)", () -> lock.release(null, id));
        calls.put("release(store, null)", () -> lock.release(store, null));
        calls.put("find(null, id)", () -> lock.find(null, id));
        calls.put("find(store, null)", () -> lock.find(store, null));
        calls.put("levels(null, list)", () -> lock.levels(null, List.of(milk)));
        calls.put("levels(store, null)", () -> lock.levels(store, null));
        calls.put("levels(store, [milk, null])", () -> lock.levels(store, withNull));
        calls.put("apply(null)", () -> lock.apply(null));
        calls.put("expireDue(null, 10)", () -> lock.expireDue(null, 10));
        calls.put("expireDue(store, 0)", () -> lock.expireDue(store, 0));
        calls.put("expireDue(store, -1)", () -> lock.expireDue(store, -1));
        calls.put("new HoldRequest(null id)", () -> lock.reserve(new HoldRequest(null, store,
                List.of(new HoldLine(milk, 1)), TTL)));
        calls.put("new HoldRequest(null store)", () -> lock.reserve(new HoldRequest(newReservationId(), null,
                List.of(new HoldLine(milk, 1)), TTL)));
        calls.put("new HoldRequest(null ttl)", () -> lock.reserve(new HoldRequest(newReservationId(), store,
                List.of(new HoldLine(milk, 1)), null)));
        calls.put("new StockChange(null store)", () -> lock.apply(new StockChange(newMovementId(), null, milk,
                StockChange.Kind.RECEIVE, 1, "")));
        calls.put("new StockChange(null id)", () -> lock.apply(new StockChange(null, store, milk,
                StockChange.Kind.RECEIVE, 1, "")));
        calls.put("new StoreId(null)", () -> lock.confirm(new StoreId(null), id));
        calls.put("new ReservationId(null)", () -> lock.confirm(store, new ReservationId(null)));
        Map<StockKey, StockLevel> before = snapshot();

        calls.forEach((name, call) -> {
            Throwable thrown = catchThrowable(call);
            assertThat(thrown).as(name).isInstanceOf(OmsException.class);
            assertThat(((OmsException) thrown).code()).as(name)
                    .isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_ID);
        });

        assertThat(snapshot()).isEqualTo(before);
        assertThat(lock.find(store, id)).get().extracting(Reservation::status).isEqualTo(ReservationStatus.HELD);
    }

    @Test
    void malformedIdsAreRefusedAsInvalidIdAndChangeNothing() {
        receive(store, milk, 10);
        List<String> malformed = List.of("a:b", "{x}", "$gt", "a.b", "", "a b", "tab\t", "é", "x".repeat(65));
        List<Function<String, Object>> idTypes = List.of(StoreId::new, SkuId::new, ReservationId::new,
                MovementId::new, value -> new Resource(Resource.Type.SKU, value));
        Map<StockKey, StockLevel> before = snapshot();

        for (String bad : malformed) {
            for (Function<String, Object> type : idTypes) {
                assertThatThrownBy(() -> type.apply(bad)).as("id '%s'", bad)
                        .isInstanceOfSatisfying(OmsException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID));
            }
            assertRefused(ErrorCode.INVALID_ID, () -> lock.reserve(new HoldRequest(new ReservationId(bad), store,
                    List.of(new HoldLine(milk, 1)), TTL)));
            assertRefused(ErrorCode.INVALID_ID, () -> lock.levels(new StoreId(bad), List.of(milk)));
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void idsOfTheMaximumLengthWorkEndToEnd() {
        String tail = "-" + suffix;
        StoreId longStore = StoreId.of("s".repeat(Limits.MAX_ID_LENGTH - tail.length()) + tail);
        Resource longSku = Resource.sku(SkuId.of("k".repeat(Limits.MAX_ID_LENGTH - tail.length()) + tail));
        ReservationId longId = ReservationId.of("r".repeat(Limits.MAX_ID_LENGTH - tail.length()) + tail);
        MovementId longMovement = MovementId.of("m".repeat(Limits.MAX_ID_LENGTH - tail.length()) + tail);

        lock.apply(new StockChange(longMovement, longStore, longSku, StockChange.Kind.RECEIVE, 5, ""));
        ReserveResult reserved = lock.reserve(new HoldRequest(longId, longStore, List.of(new HoldLine(longSku, 2)), TTL));
        ConfirmResult confirmed = lock.confirm(longStore, longId);

        assertThat(reserved).isInstanceOf(ReserveResult.Reserved.class);
        assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(lock.levels(longStore, List.of(longSku)).get(longSku))
                .isEqualTo(new StockLevel(longStore, longSku, 3, 0));
        assertThat(lock.find(longStore, longId)).isPresent();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void hotSkuUnderManyThreadsIsNeverOversoldAndEveryUnitIsAccountedFor() {
        long initial = 500;
        StockKey hot = StockKey.of(store, milk);
        receive(store, milk, initial);
        StressDriver driver = StressDriver.builder(lock)
                .keys(List.of(hot))
                .threads(stressThreads())
                .operationsPerThread(stressOperationsPerThread())
                .seed(stressSeed())
                .idPrefix("hot" + suffix)
                .maxLines(1)
                .maxUnitsPerLine(3)
                .ttl(Duration.ofMillis(500), Duration.ofSeconds(20))
                .shares(0.25, 0.5)
                .retryShare(0.25)
                .clock(clock, 8, Duration.ofSeconds(1))
                .timeout(stressTimeout())
                .build();

        StressReport report = driver.run();
        clock.advance(driver.maxTtl().plusSeconds(1));

        List<String> violations = InventoryInvariants.checkAfterRun(lock, Map.of(hot, initial), report);
        System.out.println("[oms-testkit] hot SKU stress on " + lock.getClass().getSimpleName() + ": "
                + report.summary());
        assertThat(violations).as(report.summary()).isEmpty();
        assertThat(report.confirmedUnitsTotal()).isBetween(1L, initial);
        assertThat(report.samples()).isPositive();
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, initial - report.confirmedUnitsTotal(), 0));
    }

    @Test
    void multiLineCartsOverManySkusAreAllOrNothingAndEveryUnitIsAccountedFor() {
        long initial = 200;
        Map<StockKey, Long> stock = new LinkedHashMap<>();
        for (StoreId s : List.of(store, otherStore)) {
            for (int i = 0; i < 10; i++) {
                Resource sku = Resource.sku(SkuId.of("sku" + i + "-" + suffix));
                receive(s, sku, initial);
                stock.put(StockKey.of(s, sku), initial);
            }
        }
        StressDriver driver = StressDriver.builder(lock)
                .keys(stock.keySet())
                .threads(stressThreads())
                .operationsPerThread(stressOperationsPerThread())
                .seed(stressSeed())
                .idPrefix("cart" + suffix)
                .maxLines(5)
                .maxUnitsPerLine(3)
                .ttl(Duration.ofMillis(500), Duration.ofSeconds(20))
                .shares(0.45, 0.35)
                .retryShare(0.2)
                .movementShare(0.05)
                .clock(clock, 8, Duration.ofSeconds(1))
                .timeout(stressTimeout())
                .build();

        StressReport report = driver.run();
        clock.advance(driver.maxTtl().plusSeconds(1));

        List<String> violations = InventoryInvariants.checkAfterRun(lock, stock, report);
        System.out.println("[oms-testkit] multi-line cart stress on " + lock.getClass().getSimpleName() + ": "
                + report.summary());
        assertThat(violations).as(report.summary()).isEmpty();
        assertThat(report.count(HoldAttempt.Outcome.CONFIRMED)).isPositive();
        assertThat(report.holds()).as("some carts had several lines")
                .anySatisfy(h -> assertThat(h.request().lines()).hasSizeGreaterThan(1));
    }

    @Test
    void confirmsRacingTheExpiryInstantAreEachConfirmedBeforeItOrExpiredAtItNeverBoth() {
        int holds = 240;
        int threads = Math.max(2, Math.min(stressThreads(), 8));
        receive(store, milk, 1000);
        List<Reservation> held = new ArrayList<>();
        for (int i = 0; i < holds; i++) {
            held.add(reserveOrFail(request(newReservationId(), Duration.ofSeconds(30), new HoldLine(milk, 1))));
        }
        Instant expiry = held.get(0).expiresAt();

        // Each thread confirms its share; thread 0 moves the clock to the expiry instant halfway through.
        record Answer(ReservationId id, Instant before, ConfirmResult result, Instant after) {
        }
        List<List<Answer>> perThread = Race.run(threads, t -> {
            List<Answer> answers = new ArrayList<>();
            for (int i = t, mine = 0; i < holds; i += threads, mine++) {
                if (t == 0 && mine == holds / threads / 2) {
                    clock.set(expiry);
                }
                ReservationId id = held.get(i).id();
                Instant before = clock.instant();
                ConfirmResult result = lock.confirm(store, id);
                answers.add(new Answer(id, before, result, clock.instant()));
            }
            return answers;
        });

        List<Answer> answers = new ArrayList<>();
        perThread.forEach(answers::addAll);
        assertThat(answers).hasSize(holds).allSatisfy(a -> {
            if (a.result() instanceof ConfirmResult.Confirmed) {
                assertThat(a.before()).as("%s confirmed: the clock read before the call", a.id()).isBefore(expiry);
            } else {
                assertThat(a.result()).as("%s", a.id()).isInstanceOf(ConfirmResult.Expired.class);
                assertThat(a.after()).as("%s expired: the clock read after the call", a.id())
                        .isAfterOrEqualTo(expiry);
            }
        });
        long confirmed = answers.stream().filter(a -> a.result() instanceof ConfirmResult.Confirmed).count();
        assertThat(confirmed).as("confirms before the clock reached the expiry").isPositive();
        assertThat(confirmed).as("confirms after the clock reached the expiry").isLessThan(holds);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 1000 - confirmed, 0));
        for (Answer a : answers) {
            assertThat(lock.find(store, a.id())).get().extracting(Reservation::status)
                    .isEqualTo(a.result() instanceof ConfirmResult.Confirmed
                            ? ReservationStatus.CONFIRMED : ReservationStatus.EXPIRED);
        }
    }

    // ---------------------------------------------------------------- helpers for this suite and subclasses

    /** A fresh id of this test: {@code stem-suffix-n}. */
    protected String uniqueId(String stem) {
        return stem + "-" + suffix + "-" + sequence.incrementAndGet();
    }

    protected ReservationId newReservationId() {
        return ReservationId.of(uniqueId("r"));
    }

    protected MovementId newMovementId() {
        return MovementId.of(uniqueId("m"));
    }

    /** A change of {@code resource} in {@link #store} under a fresh movement id. */
    protected StockChange change(StockChange.Kind kind, Resource resource, long delta) {
        return new StockChange(newMovementId(), store, resource, kind, delta, "contract test");
    }

    /** Receives units and fails the test unless they were applied. */
    protected StockLevel receive(StoreId where, Resource resource, long units) {
        StockChangeResult result = lock.apply(new StockChange(newMovementId(), where, resource,
                StockChange.Kind.RECEIVE, units, "contract test"));
        assertThat(result).as("receipt of %d %s in %s", units, resource, where)
                .isInstanceOf(StockChangeResult.Applied.class);
        return result.level();
    }

    /** A hold in {@link #store}. */
    protected HoldRequest request(ReservationId id, Duration ttl, HoldLine... lines) {
        return new HoldRequest(id, store, List.of(lines), ttl);
    }

    /** Reserves and fails the test unless the hold was taken now. */
    protected Reservation reserveOrFail(HoldRequest request) {
        ReserveResult result = lock.reserve(request);
        assertThat(result).as("reserve %s", request).isInstanceOf(ReserveResult.Reserved.class);
        ReserveResult.Reserved reserved = (ReserveResult.Reserved) result;
        assertThat(reserved.repeated()).as("a new hold").isFalse();
        return reserved.reservation();
    }

    /** The counters of {@code resource} in {@link #store}. */
    protected StockLevel level(Resource resource) {
        return Objects.requireNonNull(lock.levels(store, List.of(resource)).get(resource), "the lock's level");
    }

    /** Every counter this suite touches in both stores, to prove that a refused call changed nothing. */
    protected Map<StockKey, StockLevel> snapshot() {
        List<StockKey> keys = new ArrayList<>();
        for (StoreId s : List.of(store, otherStore)) {
            for (Resource r : List.of(milk, bread, eggs)) {
                keys.add(StockKey.of(s, r));
            }
        }
        return Collections.unmodifiableMap(InventoryInvariants.read(lock, keys));
    }

    /** The call fails with an {@link OmsException} of {@code code}, and no counter changed. */
    protected void assertRefused(ErrorCode code, ThrowingCallable call) {
        Map<StockKey, StockLevel> before = snapshot();
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).as("error code of %s", thrown).isEqualTo(code);
        assertThat(snapshot()).as("counters after a refused call").isEqualTo(before);
    }
}
