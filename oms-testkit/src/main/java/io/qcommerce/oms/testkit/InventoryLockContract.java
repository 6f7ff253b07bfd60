package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
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
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link InventoryLock} adapter must pass, in one class: extend it once, return a lock from
 * {@link #createLock(Clock)} that reads its time from the given clock, and JUnit runs every group below (each a
 * {@link Nested} class, so a report shows which capability failed).
 *
 * <p>What a passing adapter guarantees, as a user of the port observes it:
 * <ul>
 *   <li>{@link StockMovements}: movements are applied once per movement id and never take {@code onHand} below
 *       the held units or zero;</li>
 *   <li>{@link Reserve}, {@link ConfirmAndRelease}: a hold takes every line or none, and an insufficient one
 *       names every short line; each operation repeated with the same id answers as the first time and changes
 *       nothing more, and an id reused for other content is an {@code IDEMPOTENCY_CONFLICT}; confirm, release
 *       and expiry are mutually exclusive;</li>
 *   <li>{@link Expiry}: a hold stops counting at the very instant it expires, with no reaper, and is never
 *       confirmed at or after it;</li>
 *   <li>{@link UnknownReservations}, {@link BadInput}: bad input is a typed {@link OmsException} and changes
 *       nothing;</li>
 *   <li>{@link Concurrency}: under many threads on one hot SKU or many multi-line carts, no sample ever shows
 *       {@code reserved > onHand} and every unit is accounted for;</li>
 *   <li>{@link Ledger}: every change of a counter is recorded as a typed movement in the same atomic step, once
 *       (a repeat or a refusal records nothing); a hold's movements come per line and batch, an expiry at the
 *       hold's expiry instant; the movements read back in order page after page; summing them gives the
 *       counters exactly, also after many threads raced; {@code allLevels} lists every counter of the store;
 *       {@code restore} replaces a store's counters, batches and live holds at once, the restored holds
 *       confirm, release and expire as if never lost, finished holds stay answerable, and repeating it
 *       changes nothing more;</li>
 *   <li>{@link Slots}: a slot's capacity is held in the same all-or-nothing hold as the cart's units, is never
 *       booked beyond its capacity under any concurrency, and no hold is made at or after the request's
 *       {@code bookableUntil}; a repeat of a hold is answered whatever the time;</li>
 *   <li>{@link Batches}: units received in batches are taken first expiry first, only from batches still good
 *       when the hold expires and at the line's {@code freshUntil}; the takes are reported and confirmed as
 *       planned; a batch's units stop being available at its expiry instant with no sweep; a batch is never
 *       oversold and never sold once expired; bad batch input (a duplicate code, an expiry in the past, an
 *       unknown batch) is refused with a typed cause and changes nothing.</li>
 * </ul>
 *
 * <p>Each test uses store and SKU ids with a random suffix, so a suite run against a shared server does
 * not see the state of earlier tests. Retention of finished holds is not tested here: its window is the
 * adapter's configuration. Stress sizes can be lowered by overriding {@link #stressThreads()} and
 * {@link #stressOperationsPerThread()} for slower backends. An adapter's own tests may sit beside the groups
 * in the subclass and use the same fixture ({@link #lock}, {@link #clock}, {@link #store}, the helpers).
 */
// A contract passes null on purpose, to check a port refuses it with a typed error: its nullness is not checked.
@org.jspecify.annotations.NullUnmarked
public abstract class InventoryLockContract {
    /** The time-to-live of the holds of these tests, unless a test says otherwise. */
    protected static final Duration TTL = Duration.ofMinutes(10);
    /** Threads of the slot and batch races. */
    private static final int RACE_THREADS = 12;

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
    /** The SKU of {@link #milk}, for the batch reads. */
    protected SkuId milkSku;
    /** A delivery slot of {@link #store}. */
    protected Resource slot;

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
        milkSku = SkuId.of("milk-" + suffix);
        milk = Resource.sku(milkSku);
        bread = Resource.sku(SkuId.of("bread-" + suffix));
        eggs = Resource.sku(SkuId.of("eggs-" + suffix));
        slot = Resource.slot("slot-" + suffix);
    }

    /** Receipts, adjustments and restocks: applied once per movement id, never below the held units or zero. */
    @Nested
    public class StockMovements {
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
            assertThat(known)
                    .containsOnly(
                            Map.entry(milk, new StockLevel(store, milk, 5, 0)),
                            Map.entry(bread, new StockLevel(store, bread, 0, 0)));

            StoreId nowhere = StoreId.of("nowhere-" + suffix);
            assertThat(lock.levels(nowhere, List.of(milk, eggs)))
                    .containsOnly(
                            Map.entry(milk, new StockLevel(nowhere, milk, 0, 0)),
                            Map.entry(eggs, new StockLevel(nowhere, eggs, 0, 0)));
            assertThat(lock.levels(store, List.of())).isEmpty();
        }

        @Test
        void countersOfOneStoreAreNotSeenFromAnother() {
            receive(store, milk, 5);

            assertThat(lock.levels(otherStore, List.of(milk)).get(milk))
                    .isEqualTo(new StockLevel(otherStore, milk, 0, 0));
            ReserveResult elsewhere =
                    lock.reserve(new HoldRequest(newReservationId(), otherStore, List.of(new HoldLine(milk, 1)), TTL));
            assertThat(elsewhere)
                    .isEqualTo(new ReserveResult.Insufficient(otherStore, List.of(new Shortfall(milk, 1, 0))));
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
            assertThat(lock.apply(adjustment))
                    .isInstanceOfSatisfying(StockChangeResult.Applied.class, applied -> assertThat(applied.repeated())
                            .isTrue());
            assertThat(level(milk).onHand()).isEqualTo(6);
        }

        @Test
        void movementIdReusedWithOtherContentIsAnIdempotencyConflictAndChangesNothing() {
            StockChange receipt = change(StockChange.Kind.RECEIVE, milk, 10);
            lock.apply(receipt);
            Map<StockKey, StockLevel> before = snapshot();

            assertRefused(
                    ErrorCode.IDEMPOTENCY_CONFLICT,
                    () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 11)
                            .id(receipt.id())
                            .reason("")
                            .build()));
            assertRefused(
                    ErrorCode.IDEMPOTENCY_CONFLICT,
                    () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, bread, 10)
                            .id(receipt.id())
                            .reason("")
                            .build()));
            assertRefused(
                    ErrorCode.IDEMPOTENCY_CONFLICT,
                    () -> lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, 10)
                            .id(receipt.id())
                            .reason("")
                            .build()));

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
    }

    /** Holds: every line or none, every shortfall named, idempotent on the reservation id. */
    @Nested
    public class Reserve {
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

            ReserveResult result = lock.reserve(
                    request(id, TTL, new HoldLine(milk, 5), new HoldLine(bread, 2), new HoldLine(eggs, 1)));

            assertThat(result).isInstanceOfSatisfying(ReserveResult.Insufficient.class, insufficient -> {
                assertThat(insufficient.store()).isEqualTo(store);
                assertThat(insufficient.shortfalls())
                        .containsExactlyInAnyOrder(new Shortfall(bread, 2, 1), new Shortfall(eggs, 1, 0));
            });
            assertThat(snapshot())
                    .as("a refused hold holds nothing, not even its good lines")
                    .isEqualTo(before);
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
            assertRefused(
                    ErrorCode.IDEMPOTENCY_CONFLICT,
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
    }

    /** Confirm and release: mutually exclusive, each answered the same when repeated. */
    @Nested
    public class ConfirmAndRelease {
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
            assertThat(lock.find(store, id))
                    .get()
                    .extracting(Reservation::status)
                    .isEqualTo(ReservationStatus.CONFIRMED);
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
            assertThat(lock.find(store, id))
                    .get()
                    .extracting(Reservation::status)
                    .isEqualTo(ReservationStatus.RELEASED);
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
            assertThat(level(milk))
                    .as("the other hold's 2 units stay held")
                    .isEqualTo(new StockLevel(store, milk, 10, 2));
        }
    }

    /** Expiry: a hold stops counting at its expiry instant, with no reaper, and is never confirmed at or after it. */
    @Nested
    public class Expiry {
        @Test
        void holdStopsCountingAtItsExpiryInstantWithoutAReaper() {
            receive(store, milk, 10);
            receive(store, bread, 3);
            ReservationId id = newReservationId();
            Reservation hold =
                    reserveOrFail(request(id, Duration.ofSeconds(30), new HoldLine(milk, 4), new HoldLine(bread, 3)));

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
            assertThat(lock.find(store, id))
                    .get()
                    .extracting(Reservation::status)
                    .isEqualTo(ReservationStatus.CONFIRMED);
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
            Reservation hold =
                    reserveOrFail(request(newReservationId(), Duration.ofSeconds(30), new HoldLine(milk, 5)));
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
            Reservation shortOne =
                    reserveOrFail(request(newReservationId(), Duration.ofSeconds(10), new HoldLine(milk, 1)));
            reserveOrFail(request(newReservationId(), Duration.ofSeconds(20), new HoldLine(milk, 2)));
            Reservation longOne =
                    reserveOrFail(request(newReservationId(), Duration.ofSeconds(60), new HoldLine(milk, 3)));
            clock.set(shortOne.expiresAt().plusSeconds(15));

            int expired = lock.expireDue(store, 100);

            assertThat(expired).isEqualTo(2);
            assertThat(lock.expireDue(store, 100)).as("nothing left to expire").isZero();
            assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 3));
            assertThat(lock.find(store, longOne.id()))
                    .get()
                    .extracting(Reservation::status)
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

            assertThat(counts).as("each call expires at most max=1 hold").allSatisfy(n -> assertThat(n)
                    .isBetween(0, 1));
            assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
            assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
        }
    }

    /** Reservations the lock does not know, or knows in another store only. */
    @Nested
    public class UnknownReservations {
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

            assertThat(lock.find(store, id))
                    .get()
                    .extracting(Reservation::status)
                    .isEqualTo(ReservationStatus.HELD);
        }
    }

    /** Bad input: a typed error, and nothing changed. */
    @Nested
    public class BadInput {
        @Test
        void zeroNegativeOrTooLongTimeToLiveIsInvalidTtlAndChangesNothing() {
            receive(store, milk, 10);
            ReservationId id = newReservationId();
            List<HoldLine> lines = List.of(new HoldLine(milk, 1));

            for (Duration ttl : List.of(
                    Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(-1), HoldRequest.MAX_TTL.plusMillis(1))) {
                assertRefused(ErrorCode.INVALID_TTL, () -> lock.reserve(new HoldRequest(id, store, lines, ttl)));
            }
            assertThat(lock.find(store, id)).isEmpty();
        }

        @Test
        void zeroNegativeOrExcessiveQuantityIsInvalidQuantityAndChangesNothing() {
            receive(store, milk, 10);

            for (long quantity : new long[] {0, -1, Long.MIN_VALUE, Limits.MAX_UNITS + 1, Long.MAX_VALUE}) {
                assertRefused(
                        ErrorCode.INVALID_QUANTITY,
                        () -> lock.reserve(request(newReservationId(), TTL, new HoldLine(milk, quantity))));
                assertRefused(
                        ErrorCode.INVALID_QUANTITY, () -> lock.apply(change(StockChange.Kind.RECEIVE, milk, quantity)));
                assertRefused(
                        ErrorCode.INVALID_QUANTITY, () -> lock.apply(change(StockChange.Kind.RESTOCK, milk, quantity)));
            }
            for (long delta : new long[] {0, Limits.MAX_UNITS + 1, -Limits.MAX_UNITS - 1}) {
                assertRefused(
                        ErrorCode.INVALID_QUANTITY, () -> lock.apply(change(StockChange.Kind.ADJUST, milk, delta)));
            }
            assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 10, 0));
        }

        @Test
        void holdWithTheSameResourceTwiceOrWithoutLinesIsInvalidArgumentAndChangesNothing() {
            receive(store, milk, 10);
            ReservationId id = newReservationId();

            assertRefused(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> lock.reserve(request(id, TTL, new HoldLine(milk, 1), new HoldLine(milk, 2))));
            assertRefused(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(new HoldRequest(id, store, List.of(), TTL)));
            assertRefused(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(new HoldRequest(id, store, null, TTL)));
            List<HoldLine> withNull = Arrays.asList(new HoldLine(milk, 1), null);
            assertRefused(ErrorCode.INVALID_ARGUMENT, () -> lock.reserve(new HoldRequest(id, store, withNull, TTL)));

            assertThat(lock.find(store, id)).isEmpty();
        }

        @Test
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
            calls.put(
                    "new HoldRequest(null id)",
                    () -> lock.reserve(new HoldRequest(null, store, List.of(new HoldLine(milk, 1)), TTL)));
            calls.put(
                    "new HoldRequest(null store)",
                    () -> lock.reserve(new HoldRequest(newReservationId(), null, List.of(new HoldLine(milk, 1)), TTL)));
            calls.put(
                    "new HoldRequest(null ttl)",
                    () -> lock.reserve(
                            new HoldRequest(newReservationId(), store, List.of(new HoldLine(milk, 1)), null)));
            calls.put(
                    "new StockChange(null store)",
                    () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, null, milk, 1)
                            .id(newMovementId())
                            .reason("")
                            .build()));
            calls.put(
                    "new StockChange(null id)",
                    () -> lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 1)
                            .id(null)
                            .reason("")
                            .build()));
            calls.put("new StoreId(null)", () -> lock.confirm(new StoreId(null), id));
            calls.put("new ReservationId(null)", () -> lock.confirm(store, new ReservationId(null)));
            Map<StockKey, StockLevel> before = snapshot();

            calls.forEach((name, call) -> {
                Throwable thrown = catchThrowable(call);
                assertThat(thrown).as(name).isInstanceOf(OmsException.class);
                assertThat(((OmsException) thrown).code())
                        .as(name)
                        .isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_ID);
            });

            assertThat(snapshot()).isEqualTo(before);
            assertThat(lock.find(store, id))
                    .get()
                    .extracting(Reservation::status)
                    .isEqualTo(ReservationStatus.HELD);
        }

        @Test
        void malformedIdsAreRefusedAsInvalidIdAndChangeNothing() {
            receive(store, milk, 10);
            List<String> malformed = List.of("a:b", "{x}", "$gt", "a.b", "", "a b", "tab\t", "é", "x".repeat(65));
            List<Function<String, Object>> idTypes = List.of(
                    StoreId::new,
                    SkuId::new,
                    ReservationId::new,
                    MovementId::new,
                    value -> new Resource(Resource.Type.SKU, value));
            Map<StockKey, StockLevel> before = snapshot();

            for (String bad : malformed) {
                for (Function<String, Object> type : idTypes) {
                    assertThatThrownBy(() -> type.apply(bad))
                            .as("id '%s'", bad)
                            .isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                                    .isEqualTo(ErrorCode.INVALID_ID));
                }
                assertRefused(
                        ErrorCode.INVALID_ID,
                        () -> lock.reserve(
                                new HoldRequest(new ReservationId(bad), store, List.of(new HoldLine(milk, 1)), TTL)));
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

            lock.apply(StockChange.of(StockChange.Kind.RECEIVE, longStore, longSku, 5)
                    .id(longMovement)
                    .reason("")
                    .build());
            ReserveResult reserved =
                    lock.reserve(new HoldRequest(longId, longStore, List.of(new HoldLine(longSku, 2)), TTL));
            ConfirmResult confirmed = lock.confirm(longStore, longId);

            assertThat(reserved).isInstanceOf(ReserveResult.Reserved.class);
            assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
            assertThat(lock.levels(longStore, List.of(longSku)).get(longSku))
                    .isEqualTo(new StockLevel(longStore, longSku, 3, 0));
            assertThat(lock.find(longStore, longId)).isPresent();
        }
    }

    /** Many threads on a hot SKU or many multi-line carts: never oversold, every unit accounted for. */
    @Nested
    public class Concurrency {
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
            System.out.println(
                    "[oms-testkit] hot SKU stress on " + lock.getClass().getSimpleName() + ": " + report.summary());
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
            System.out.println("[oms-testkit] multi-line cart stress on "
                    + lock.getClass().getSimpleName() + ": " + report.summary());
            assertThat(violations).as(report.summary()).isEmpty();
            assertThat(report.count(HoldAttempt.Outcome.CONFIRMED)).isPositive();
            assertThat(report.holds())
                    .as("some carts had several lines")
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
            record Answer(ReservationId id, Instant before, ConfirmResult result, Instant after) {}
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
                    assertThat(a.before())
                            .as("%s confirmed: the clock read before the call", a.id())
                            .isBefore(expiry);
                } else {
                    assertThat(a.result()).as("%s", a.id()).isInstanceOf(ConfirmResult.Expired.class);
                    assertThat(a.after())
                            .as("%s expired: the clock read after the call", a.id())
                            .isAfterOrEqualTo(expiry);
                }
            });
            long confirmed = answers.stream()
                    .filter(a -> a.result() instanceof ConfirmResult.Confirmed)
                    .count();
            assertThat(confirmed)
                    .as("confirms before the clock reached the expiry")
                    .isPositive();
            assertThat(confirmed)
                    .as("confirms after the clock reached the expiry")
                    .isLessThan(holds);
            assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 1000 - confirmed, 0));
            for (Answer a : answers) {
                assertThat(lock.find(store, a.id()))
                        .get()
                        .extracting(Reservation::status)
                        .isEqualTo(
                                a.result() instanceof ConfirmResult.Confirmed
                                        ? ReservationStatus.CONFIRMED
                                        : ReservationStatus.EXPIRED);
            }
        }
    }

    /** The lock's own record of movements, its listing of every counter, and its restore (the last step of a rebuild). */
    @Nested
    public class Ledger {
        @Test
        void aStockChangeIsRecordedOnceWithWhoAndWhy() {
            Batch batch = Batch.of("B1", clock.instant().plus(Duration.ofDays(2)));
            StockChange receipt = StockChange.of(StockChange.Kind.RECEIVE, store, milk, 12)
                    .id(newMovementId())
                    .reason("morning delivery")
                    .batch(batch)
                    .by(Actor.staff("ravi"))
                    .build();
            lock.apply(receipt);
            lock.apply(receipt);
            StockChange damage = StockChange.of(StockChange.Kind.ADJUST, store, milk, -2)
                    .id(newMovementId())
                    .reason("damaged")
                    .batch(batch)
                    .by(Actor.staff("ravi"))
                    .build();
            lock.apply(damage);
            assertThat(lock.apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, -50)
                            .id(newMovementId())
                            .reason("")
                            .build()))
                    .isInstanceOf(StockChangeResult.Rejected.class);

            List<StockMovement> recorded = all();
            assertThat(recorded).hasSize(2);
            assertThat(recorded.get(0))
                    .isEqualTo(new StockMovement(
                            StockMovement.changeKey(receipt.id().value()),
                            store,
                            milk,
                            MovementType.RECEIVED,
                            12,
                            batch,
                            "store_staff:ravi",
                            clock.instant(),
                            receipt.id().value(),
                            "morning delivery"));
            assertThat(recorded.get(1))
                    .extracting(StockMovement::type, StockMovement::quantity, StockMovement::note)
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
            assertThat(holdMovements)
                    .extracting(
                            StockMovement::type,
                            StockMovement::resource,
                            StockMovement::batch,
                            StockMovement::quantity,
                            StockMovement::reference)
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
            assertThat(recorded)
                    .extracting(StockMovement::type)
                    .containsExactly(
                            MovementType.RECEIVED,
                            MovementType.HELD,
                            MovementType.RELEASED,
                            MovementType.HELD,
                            MovementType.EXPIRED);
            assertThat(recorded.get(4).at()).isEqualTo(expiring.expiresAt());
            assertThat(recorded.get(4).quantity()).isEqualTo(3);
        }

        @Test
        void aRefusedHoldRecordsNothing() {
            receive(milk, 1, null);
            int before = all().size();
            assertThat(lock.reserve(new HoldRequest(newReservationId(), store, List.of(line(milk, 2)), TTL)))
                    .isInstanceOf(ReserveResult.Insufficient.class);
            assertThat(lock.reserve(
                            new HoldRequest(newReservationId(), store, List.of(line(milk, 1)), TTL, clock.instant())))
                    .isInstanceOf(ReserveResult.TooLate.class);
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
            assertThat(read)
                    .extracting(StockMovement::quantity)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            assertThat(lock.movements(store, position, 4).movements()).isEmpty();
            receive(milk, 99, null);
            assertThat(lock.movements(store, position, 4).movements())
                    .extracting(StockMovement::quantity)
                    .containsExactly(99L);
            assertThat(lock.movements(StoreId.of("none-" + suffix), null, 4).movements())
                    .isEmpty();
        }

        @Test
        void anEmptyRecordReadFromTheStartGivesAPositionThatLaterMovementsFollow() {
            LedgerPage empty = lock.movements(store, null, 10);
            assertThat(empty.movements()).isEmpty();
            assertThat(empty.position()).isNotBlank();
            receive(milk, 5, null);
            assertThat(lock.movements(store, empty.position(), 10).movements())
                    .extracting(StockMovement::quantity)
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
                        lock.apply(StockChange.of(StockChange.Kind.RESTOCK, store, bread, 2)
                                .id(newMovementId())
                                .reason("")
                                .build());
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
                assertThat(sums.get(r)[0])
                        .as("onHand of %s from the movements", r)
                        .isEqualTo(level.onHand());
                assertThat(sums.get(r)[1])
                        .as("reserved of %s from the movements", r)
                        .isEqualTo(level.reserved());
            });
            for (BatchLevel b : lock.batches(store, milkSku)) {
                assertThat(batchSums.get(b.batch().code().value()))
                        .as("batch %s", b.batch().code())
                        .isEqualTo(b.onHand());
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
            assertThat(all.get(milk))
                    .extracting(StockLevel::onHand, StockLevel::expired)
                    .containsExactly(4L, 4L);
            assertThat(all.get(bread).reserved()).isZero();
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
            lock.apply(StockChange.of(StockChange.Kind.RECEIVE, otherStore, milk, 3)
                    .id(newMovementId())
                    .reason("")
                    .build());

            Batch b = Batch.of("R", clock.instant().plus(Duration.ofDays(3)));
            Instant created = clock.instant().minusSeconds(60);
            Reservation live = new Reservation(
                    ReservationId.of("r-live-" + suffix),
                    store,
                    List.of(line(milk, 4), line(slot, 1)),
                    created,
                    created.plus(TTL),
                    ReservationStatus.HELD,
                    null,
                    Map.of(milk, List.of(new BatchTake(b, 3))));
            Reservation lapsed = new Reservation(
                    ReservationId.of("r-lapsed-" + suffix),
                    store,
                    List.of(line(milk, 2)),
                    created.minus(TTL),
                    created,
                    ReservationStatus.HELD,
                    null,
                    Map.of());
            StoreState state = new StoreState(
                    store,
                    List.of(new StoreState.Counter(milk, 20, Map.of(b, 5L)), new StoreState.Counter(slot, 2, Map.of())),
                    List.of(live, lapsed));
            lock.restore(state);

            assertThat(lock.allLevels(store)).containsOnlyKeys(milk, slot);
            assertThat(level(milk))
                    .extracting(StockLevel::onHand, StockLevel::reserved)
                    .containsExactly(20L, 4L);
            assertThat(level(slot))
                    .extracting(StockLevel::onHand, StockLevel::reserved)
                    .containsExactly(2L, 1L);
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::onHand, BatchLevel::reserved)
                    .containsExactly(tuple(5L, 3L));
            assertThat(lock.find(store, old.id()))
                    .as("a live hold not in the state is gone")
                    .isEmpty();
            assertThat(lock.find(store, lapsed.id()).orElseThrow().status()).isEqualTo(ReservationStatus.EXPIRED);
            assertThat(lock.confirm(store, finished.id()))
                    .as("finished holds stay answerable")
                    .isInstanceOf(ConfirmResult.Confirmed.class);
            assertThat(lock.levels(otherStore, List.of(milk)).get(milk).onHand())
                    .isEqualTo(3);

            lock.restore(state);
            assertThat(level(milk))
                    .extracting(StockLevel::onHand, StockLevel::reserved)
                    .containsExactly(20L, 4L);

            ConfirmResult paid = lock.confirm(store, live.id());
            assertThat(paid).isInstanceOf(ConfirmResult.Confirmed.class);
            assertThat(paid.reservation().takesOf(milk)).containsExactly(new BatchTake(b, 3));
            assertThat(level(milk))
                    .extracting(StockLevel::onHand, StockLevel::reserved)
                    .containsExactly(16L, 0L);
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::onHand)
                    .containsExactly(2L);
            assertThat(level(slot).onHand()).isEqualTo(1);
        }

        @Test
        void aRestoredHoldExpiresAtItsOwnExpiry() {
            Instant created = clock.instant();
            Reservation live = new Reservation(
                    ReservationId.of("r-x-" + suffix),
                    store,
                    List.of(line(milk, 4)),
                    created,
                    created.plus(TTL),
                    ReservationStatus.HELD,
                    null,
                    Map.of());
            lock.restore(new StoreState(store, List.of(new StoreState.Counter(milk, 4, Map.of())), List.of(live)));
            assertThat(level(milk).available()).isZero();
            clock.advance(TTL);
            assertThat(level(milk).available()).isEqualTo(4);
            assertThat(lock.confirm(store, live.id())).isInstanceOf(ConfirmResult.Expired.class);
        }
    }

    /** Delivery slots: held with the cart all or nothing, never overbooked, never held at or after their cut-off. */
    @Nested
    public class Slots {
        @Test
        void aSlotIsHeldWithTheCartAllOrNothing() {
            receive(slot, 1);
            receive(milk, 10);
            Reservation first =
                    reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 2), line(slot, 1)));
            assertThat(first.lines()).extracting(HoldLine::resource).containsExactly(milk, slot);

            ReserveResult second =
                    lock.reserve(requestBookableUntil(newReservationId(), null, line(milk, 2), line(slot, 1)));
            assertThat(second).isInstanceOf(ReserveResult.Insufficient.class);
            assertThat(((ReserveResult.Insufficient) second).shortfalls()).containsExactly(new Shortfall(slot, 1, 0));
            assertThat(level(milk).reserved())
                    .as("no milk held for the refused cart")
                    .isEqualTo(2);
        }

        @Test
        void aConfirmedBookingUsesCapacityAndARestockGivesItBack() {
            receive(slot, 2);
            Reservation held = reserveOrFail(requestBookableUntil(newReservationId(), null, line(slot, 1)));
            assertThat(lock.confirm(store, held.id())).isInstanceOf(ConfirmResult.Confirmed.class);
            assertThat(level(slot))
                    .extracting(StockLevel::onHand, StockLevel::reserved)
                    .containsExactly(1L, 0L);
            apply(StockChange.of(StockChange.Kind.RESTOCK, store, slot, 1)
                    .id(newMovementId())
                    .reason("cancelled")
                    .build());
            assertThat(level(slot).available()).isEqualTo(2);
        }

        @Test
        void anExpiredOrReleasedBookingGivesItsCapacityBack() {
            receive(slot, 1);
            reserveOrFail(requestBookableUntil(newReservationId(), null, line(slot, 1)));
            assertThat(level(slot).available()).isZero();
            clock.advance(TTL);
            assertThat(level(slot).available()).as("at the hold's expiry").isEqualTo(1);
            Reservation second = reserveOrFail(requestBookableUntil(newReservationId(), null, line(slot, 1)));
            lock.release(store, second.id());
            assertThat(level(slot).available()).isEqualTo(1);
        }

        @Test
        void noHoldIsMadeAtOrAfterItsBookableUntilInstant() {
            receive(slot, 5);
            Instant cutoff = clock.instant().plus(Duration.ofMinutes(30));
            clock.set(cutoff.minusMillis(1));
            reserveOrFail(requestBookableUntil(newReservationId(), cutoff, line(slot, 1)));
            clock.set(cutoff);
            ReserveResult late = lock.reserve(requestBookableUntil(newReservationId(), cutoff, line(slot, 1)));
            assertThat(late).isEqualTo(new ReserveResult.TooLate(store, cutoff));
            clock.advance(Duration.ofMinutes(1));
            assertThat(lock.reserve(requestBookableUntil(newReservationId(), cutoff, line(slot, 1))))
                    .isInstanceOf(ReserveResult.TooLate.class);
            assertThat(level(slot)).extracting(StockLevel::reserved).isEqualTo(1L);
        }

        @Test
        void aRepeatOfAHoldIsAnsweredAfterTheCutoff() {
            receive(slot, 5);
            Instant cutoff = clock.instant().plus(Duration.ofMinutes(1));
            HoldRequest request = requestBookableUntil(newReservationId(), cutoff, line(slot, 1));
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
            int n = RACE_THREADS * 4;
            List<ReservationId> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(newReservationId());
            }
            List<ReserveResult> results = Race.run(RACE_THREADS, t -> {
                ReserveResult last = null;
                for (int i = t; i < n; i += RACE_THREADS) {
                    ReserveResult r =
                            lock.reserve(requestBookableUntil(ids.get(i), null, line(milk, 1), line(slot, 1)));
                    if (r instanceof ReserveResult.Reserved) {
                        ConfirmResult confirmed = lock.confirm(store, ids.get(i));
                        assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
                    }
                    last = r;
                }
                return last;
            });
            assertThat(results).hasSize(RACE_THREADS);
            int booked = 0;
            for (ReservationId id : ids) {
                if (lock.find(store, id)
                        .map(r -> r.status() == ReservationStatus.CONFIRMED)
                        .orElse(false)) {
                    booked++;
                }
            }
            assertThat(booked).isEqualTo(capacity);
            assertThat(level(slot))
                    .extracting(StockLevel::onHand, StockLevel::reserved)
                    .containsExactly(0L, 0L);
            assertThat(level(milk).onHand()).as("milk sold only with a booking").isEqualTo(1_000 - capacity);
        }
    }

    /** Batches with expiry: taken first expiry first, never sold once expired or beyond their units; bad batch input refused. */
    @Nested
    public class Batches {
        @Test
        void batchesAddToOnHandAndAreListedFirstExpiryFirst() {
            Batch late = batch("B2", Duration.ofDays(5));
            Batch early = batch("B1", Duration.ofDays(2));
            Batch sameDayOtherCode = batch("A9", Duration.ofDays(2));
            receiveBatch(milk, late, 10);
            receiveBatch(milk, early, 3);
            receiveBatch(milk, sameDayOtherCode, 1);
            receive(milk, 4);
            assertThat(level(milk))
                    .extracting(StockLevel::onHand, StockLevel::reserved, StockLevel::expired)
                    .containsExactly(18L, 0L, 0L);
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::batch, BatchLevel::onHand)
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
            assertThat(atExpiry)
                    .extracting(StockLevel::onHand, StockLevel::expired)
                    .containsExactly(10L, 4L);
            assertThat(atExpiry.available()).isEqualTo(6);
            ReserveResult tooMany = lock.reserve(requestBookableUntil(newReservationId(), null, line(milk, 7)));
            assertThat(((ReserveResult.Insufficient) tooMany).shortfalls()).containsExactly(new Shortfall(milk, 7, 6));
        }

        @Test
        void aHoldTakesFirstExpiryFirstAndConfirmationTakesThoseBatches() {
            Batch early = batch("E", Duration.ofDays(2));
            Batch late = batch("L", Duration.ofDays(6));
            receiveBatch(milk, late, 10);
            receiveBatch(milk, early, 3);
            Reservation held = reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 5)));
            assertThat(held.takesOf(milk)).containsExactly(new BatchTake(early, 3), new BatchTake(late, 2));
            assertThat(lock.find(store, held.id()).orElseThrow().takesOf(milk)).isEqualTo(held.takesOf(milk));
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::reserved)
                    .containsExactly(3L, 2L);

            ConfirmResult confirmed = lock.confirm(store, held.id());
            assertThat(confirmed.reservation().takesOf(milk)).isEqualTo(held.takesOf(milk));
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::onHand, BatchLevel::reserved)
                    .containsExactly(tuple(0L, 0L), tuple(8L, 0L));
            assertThat(level(milk))
                    .extracting(StockLevel::onHand, StockLevel::reserved)
                    .containsExactly(8L, 0L);
        }

        @Test
        void unitsWithoutABatchAreTakenAfterEveryBatch() {
            Batch b = batch("B", Duration.ofDays(3));
            receive(milk, 5);
            receiveBatch(milk, b, 2);
            Reservation held = reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 4)));
            assertThat(held.takesOf(milk)).containsExactly(new BatchTake(b, 2));
            lock.confirm(store, held.id());
            assertThat(level(milk).onHand()).isEqualTo(3);
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::onHand)
                    .containsExactly(0L);
        }

        @Test
        void aBatchThatExpiresBeforeTheHoldWouldIsNotUsed() {
            Batch tooSoon = batch("T", TTL.minusMinutes(1));
            Batch good = batch("G", Duration.ofDays(1));
            receiveBatch(milk, tooSoon, 5);
            receiveBatch(milk, good, 2);
            ReserveResult result = lock.reserve(requestBookableUntil(newReservationId(), null, line(milk, 3)));
            assertThat(((ReserveResult.Insufficient) result).shortfalls()).containsExactly(new Shortfall(milk, 3, 2));
            Reservation held = reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 2)));
            assertThat(held.takesOf(milk)).containsExactly(new BatchTake(good, 2));
        }

        @Test
        void batchesInsideTheLinesFreshnessMarginAreNotUsed() {
            Batch twoDays = batch("D2", Duration.ofDays(2));
            Batch fiveDays = batch("D5", Duration.ofDays(5));
            receiveBatch(milk, twoDays, 10);
            receiveBatch(milk, fiveDays, 3);
            Instant freshUntil = clock.instant().plus(Duration.ofDays(3));
            ReserveResult refused =
                    lock.reserve(requestBookableUntil(newReservationId(), null, new HoldLine(milk, 4, freshUntil)));
            assertThat(((ReserveResult.Insufficient) refused).shortfalls()).containsExactly(new Shortfall(milk, 4, 3));
            Reservation held =
                    reserveOrFail(requestBookableUntil(newReservationId(), null, new HoldLine(milk, 3, freshUntil)));
            assertThat(held.takesOf(milk)).containsExactly(new BatchTake(fiveDays, 3));
            Reservation unconstrained = reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 4)));
            assertThat(unconstrained.takesOf(milk)).containsExactly(new BatchTake(twoDays, 4));
        }

        @Test
        void freshnessIsNotPartOfAHoldsIdentity() {
            receiveBatch(milk, batch("F", Duration.ofDays(4)), 5);
            ReservationId id = newReservationId();
            reserveOrFail(requestBookableUntil(
                    id, null, new HoldLine(milk, 2, clock.instant().plus(Duration.ofDays(1)))));
            ReserveResult again = lock.reserve(requestBookableUntil(
                    id, null, new HoldLine(milk, 2, clock.instant().plus(Duration.ofDays(2)))));
            assertThat(((ReserveResult.Reserved) again).repeated()).isTrue();
        }

        @Test
        void releaseAndExpiryGiveBatchUnitsBack() {
            Batch b = batch("R", Duration.ofDays(2));
            receiveBatch(milk, b, 5);
            Reservation released = reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 2)));
            reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 3)));
            lock.release(store, released.id());
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::reserved)
                    .containsExactly(3L);
            clock.advance(TTL);
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::onHand, BatchLevel::reserved)
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
            apply(StockChange.of(StockChange.Kind.ADJUST, store, bread, -1)
                    .id(newMovementId())
                    .reason("sold out")
                    .batch(gone)
                    .build());
            List<BatchLevel> soon = lock.batchesExpiring(store, clock.instant().plus(Duration.ofDays(3)));
            assertThat(soon).extracting(BatchLevel::batch).containsExactly(m1, b2);
            assertThat(soon.get(1).sku()).isEqualTo(bread.skuId());
            clock.advance(Duration.ofDays(1).plusHours(1));
            assertThat(lock.batchesExpiring(store, clock.instant()))
                    .as("expired, not yet written off")
                    .extracting(BatchLevel::batch)
                    .containsExactly(m1);
        }

        @Test
        void anEmptiedBatchIsForgottenOnceExpiredAndItsCodeMayBeReceivedAgain() {
            Batch first = batch("C", Duration.ofHours(1));
            receiveBatch(milk, first, 2);
            apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, -2)
                    .id(newMovementId())
                    .reason("damaged")
                    .batch(first)
                    .build());
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::onHand)
                    .containsExactly(0L);
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 1)
                            .id(newMovementId())
                            .reason("")
                            .batch(batch("C", Duration.ofDays(2)))
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.DUPLICATE_BATCH);
            clock.set(first.expiresAt());
            assertThat(lock.batches(store, milkSku)).isEmpty();
            receiveBatch(milk, batch("C", Duration.ofDays(2)), 1);
        }

        // ---------------------------------------------------------------- batches: changes and bad input

        @Test
        void aDuplicateBatchCodeIsRefusedAndChangesNothing() {
            Batch b = batch("D", Duration.ofDays(2));
            StockChange receipt = StockChange.of(StockChange.Kind.RECEIVE, store, milk, 5)
                    .id(newMovementId())
                    .reason("")
                    .batch(b)
                    .build();
            apply(receipt);
            Map<Object, Object> before = state();
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 3)
                            .id(newMovementId())
                            .reason("")
                            .batch(b)
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.DUPLICATE_BATCH);
            assertThat(state()).isEqualTo(before);
            StockChangeResult retry = lock.apply(receipt);
            assertThat(((StockChangeResult.Applied) retry).repeated())
                    .as("a retry is not a duplicate")
                    .isTrue();
            assertThat(state()).isEqualTo(before);
        }

        @Test
        void aBatchExpiredOnArrivalIsRefusedAndChangesNothing() {
            Map<Object, Object> before = state();
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 3)
                            .id(newMovementId())
                            .reason("")
                            .batch(new Batch(io.qcommerce.oms.inventory.BatchCode.of("X"), clock.instant()))
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.BATCH_EXPIRED);
            assertThat(state()).isEqualTo(before);
        }

        @Test
        void adjustingAnUnknownBatchIsRefusedAndChangesNothing() {
            receive(milk, 5);
            Map<Object, Object> before = state();
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.ADJUST, store, milk, -1)
                            .id(newMovementId())
                            .reason("")
                            .batch(batch("U", Duration.ofDays(1)))
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.UNKNOWN_BATCH);
            assertThat(state()).isEqualTo(before);
        }

        @Test
        void aBatchCannotGoBelowTheUnitsHoldsTookFromIt() {
            Batch b = batch("H", Duration.ofDays(2));
            receiveBatch(milk, b, 5);
            receive(milk, 100);
            reserveOrFail(requestBookableUntil(newReservationId(), null, line(milk, 4)));
            Map<Object, Object> before = state();
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.ADJUST, store, milk, -2)
                            .id(newMovementId())
                            .reason("")
                            .batch(b)
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.INSUFFICIENT_UNITS);
            assertThat(state()).isEqualTo(before);
            apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, -1)
                    .id(newMovementId())
                    .reason("damaged")
                    .batch(b)
                    .build());
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::onHand)
                    .containsExactly(4L);
        }

        @Test
        void anUnbatchedAdjustmentCannotEatIntoBatches() {
            Batch b = batch("P", Duration.ofDays(2));
            receiveBatch(milk, b, 5);
            receive(milk, 2);
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.ADJUST, store, milk, -3)
                            .id(newMovementId())
                            .reason("")
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.INSUFFICIENT_UNITS);
            apply(StockChange.of(StockChange.Kind.ADJUST, store, milk, -2)
                    .id(newMovementId())
                    .reason("count")
                    .build());
            assertThat(level(milk).onHand()).isEqualTo(5);
        }

        @Test
        void aRestockGoesBackIntoItsBatchAndRecreatesAForgottenOne() {
            Batch b = batch("K", Duration.ofHours(1));
            receiveBatch(milk, b, 2);
            Reservation held = reserveOrFail(
                    new HoldRequest(newReservationId(), store, List.of(line(milk, 2)), Duration.ofMinutes(5)));
            lock.confirm(store, held.id());
            clock.set(b.expiresAt());
            assertThat(lock.batches(store, milkSku))
                    .as("emptied and expired: forgotten")
                    .isEmpty();
            apply(StockChange.of(StockChange.Kind.RESTOCK, store, milk, 2)
                    .id(newMovementId())
                    .reason("returned")
                    .batch(b)
                    .build());
            assertThat(lock.batches(store, milkSku))
                    .extracting(BatchLevel::batch, BatchLevel::onHand)
                    .containsExactly(tuple(b, 2L));
            assertThat(level(milk))
                    .extracting(StockLevel::onHand, StockLevel::expired)
                    .containsExactly(2L, 2L);
        }

        @Test
        void aChangeNamingARecycledCodeWithAnotherExpiryIsRefused() {
            Batch old = batch("C", Duration.ofHours(1));
            receiveBatch(milk, old, 2);
            Reservation held = reserveOrFail(
                    new HoldRequest(newReservationId(), store, List.of(line(milk, 2)), Duration.ofMinutes(5)));
            lock.confirm(store, held.id());
            clock.set(old.expiresAt());
            Batch fresh = batch("C", Duration.ofDays(3));
            receiveBatch(milk, fresh, 4);
            Map<Object, Object> before = state();
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.RESTOCK, store, milk, 2)
                            .id(newMovementId())
                            .reason("")
                            .batch(old)
                            .build()))
                    .as("old units must not take the new batch's date")
                    .isEqualTo(StockChangeResult.Cause.UNKNOWN_BATCH);
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.ADJUST, store, milk, -1)
                            .id(newMovementId())
                            .reason("")
                            .batch(old)
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.UNKNOWN_BATCH);
            assertThat(state()).isEqualTo(before);
        }

        @Test
        void aReceiptAboveTheUnitLimitIsRefusedAsSuch() {
            receiveBatch(milk, batch("Z", Duration.ofDays(1)), io.qcommerce.oms.common.Limits.MAX_UNITS);
            assertThat(rejectionOf(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 1)
                            .id(newMovementId())
                            .reason("")
                            .batch(batch("Y", Duration.ofDays(1)))
                            .build()))
                    .isEqualTo(StockChangeResult.Cause.ABOVE_LIMIT);
        }

        @Test
        void aMovementIdNamesOneBatch() {
            StockChange receipt = StockChange.of(StockChange.Kind.RECEIVE, store, milk, 5)
                    .id(newMovementId())
                    .reason("")
                    .batch(batch("I", Duration.ofDays(2)))
                    .build();
            apply(receipt);
            StockChange other = StockChange.of(StockChange.Kind.RECEIVE, store, milk, 5)
                    .id(receipt.id())
                    .reason("")
                    .batch(batch("J", Duration.ofDays(2)))
                    .build();
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
            Race.run(RACE_THREADS, t -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < perThread; i++) {
                    if (t == 0 && i % 5 == 0) {
                        clock.advance(Duration.ofMinutes(4));
                    }
                    Instant freshUntil =
                            random.nextBoolean() ? null : clock.instant().plus(Duration.ofHours(2));
                    ReserveResult r = lock.reserve(requestBookableUntil(
                            newReservationId(), null, new HoldLine(milk, 1 + random.nextInt(3), freshUntil)));
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
            assertThat(sampledBad)
                    .as("a batch sampled with reserved outside [0, onHand]")
                    .isFalse();
            Map<Batch, Long> sold = new HashMap<>();
            for (Reservation r : confirmed) {
                long fromBatches = 0;
                for (BatchTake take : r.takesOf(milk)) {
                    assertThat(take.batch().expiresAt())
                            .as("batch %s sold to a hold expiring %s", take.batch(), r.expiresAt())
                            .isAfter(r.expiresAt());
                    assertThat(r.finishedAt()).isBefore(take.batch().expiresAt());
                    sold.merge(take.batch(), take.quantity(), Long::sum);
                    fromBatches += take.quantity();
                }
                assertThat(fromBatches)
                        .as("every unit came from a batch")
                        .isEqualTo(r.lines().get(0).quantity());
            }
            Map<Batch, Long> onHand = new HashMap<>();
            for (BatchLevel level : lock.batches(store, milkSku)) {
                onHand.put(level.batch(), level.onHand());
            }
            received.forEach((b, units) -> assertThat(onHand.getOrDefault(b, 0L) + sold.getOrDefault(b, 0L))
                    .as("batch %s: on hand + sold = received", b.code())
                    .isEqualTo(units));
        }
    }

    // ---------------------------------------------------------------- helpers for the groups and subclasses

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
        return StockChange.of(kind, store, resource, delta)
                .id(newMovementId())
                .reason("contract test")
                .build();
    }

    /** Receives units and fails the test unless they were applied. */
    protected StockLevel receive(StoreId where, Resource resource, long units) {
        StockChangeResult result = lock.apply(StockChange.of(StockChange.Kind.RECEIVE, where, resource, units)
                .id(newMovementId())
                .reason("contract test")
                .build());
        assertThat(result)
                .as("receipt of %d %s in %s", units, resource, where)
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
        return lock.levels(store, List.of(resource)).get(resource);
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
        assertThat(((OmsException) thrown).code())
                .as("error code of %s", thrown)
                .isEqualTo(code);
        assertThat(snapshot()).as("counters after a refused call").isEqualTo(before);
    }

    protected static HoldLine line(Resource resource, long quantity) {
        return new HoldLine(resource, quantity);
    }

    /** Every movement the lock recorded for the store, oldest first. */
    protected List<StockMovement> all() {
        return InventoryInvariants.movements(lock, store);
    }

    private List<MovementType> typesAfter(int index) {
        List<StockMovement> recorded = all();
        List<MovementType> out = new ArrayList<>();
        for (StockMovement m : recorded.subList(index, recorded.size())) {
            out.add(m.type());
        }
        return out;
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    protected void receive(Resource resource, long units, Batch batch) {
        StockChangeResult result = lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, resource, units)
                .id(newMovementId())
                .reason("")
                .batch(batch)
                .build());
        assertThat(result).isInstanceOf(StockChangeResult.Applied.class);
    }

    protected Reservation reserveOrFail(ReservationId id, HoldLine... lines) {
        ReserveResult r = lock.reserve(new HoldRequest(id, store, List.of(lines), TTL));
        assertThat(r).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) r).reservation();
    }

    protected Batch batch(String code, Duration expiresIn) {
        return Batch.of(code, clock.instant().plus(expiresIn));
    }

    protected HoldRequest requestBookableUntil(ReservationId id, Instant bookableUntil, HoldLine... lines) {
        return new HoldRequest(id, store, List.of(lines), TTL, bookableUntil);
    }

    protected void receive(Resource resource, long units) {
        apply(StockChange.of(StockChange.Kind.RECEIVE, store, resource, units)
                .id(newMovementId())
                .reason("")
                .build());
    }

    protected void receiveBatch(Resource resource, Batch batch, long units) {
        apply(StockChange.of(StockChange.Kind.RECEIVE, store, resource, units)
                .id(newMovementId())
                .reason("")
                .batch(batch)
                .build());
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

    /** The counters and batches this suite touches, to prove a refused call changed nothing. */
    protected Map<Object, Object> state() {
        Map<Object, Object> out = new HashMap<>(lock.levels(store, List.of(milk, bread, slot)));
        out.put("milk batches", lock.batches(store, milkSku));
        out.put("bread batches", lock.batches(store, bread.skuId()));
        return out;
    }
}
