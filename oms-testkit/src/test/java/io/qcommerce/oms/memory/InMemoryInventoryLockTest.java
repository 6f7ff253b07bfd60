package io.qcommerce.oms.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.InventoryLockContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole {@link InventoryLockContract} (every capability group) on {@link InMemoryInventoryLock}, plus
 * what only this adapter has: a retention window chosen by its constructor.
 */
class InMemoryInventoryLockTest extends InventoryLockContract {
    private static final Duration RETENTION = Duration.ofMinutes(1);

    @Override
    protected InventoryLock createLock(Clock clock) {
        return new InMemoryInventoryLock(clock);
    }

    @Test
    void finishedHoldsAndMovementsAnswerWithinTheRetentionWindowAndAreForgottenAfterIt() {
        lock = new InMemoryInventoryLock(clock, RETENTION);
        StockChange receipt = change(StockChange.Kind.RECEIVE, milk, 10);
        lock.apply(receipt);
        ReservationId id = newReservationId();
        reserveOrFail(request(id, TTL, new HoldLine(milk, 3)));
        lock.confirm(store, id);

        clock.advance(RETENTION);
        assertThat(lock.confirm(store, id))
                .as("still answered at the end of the window")
                .isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(lock.apply(receipt))
                .isInstanceOfSatisfying(StockChangeResult.Applied.class, applied -> assertThat(applied.repeated())
                        .isTrue());

        clock.advance(Duration.ofMillis(1));
        assertThat(lock.find(store, id)).isEmpty();
        Throwable late = catchThrowable(() -> lock.confirm(store, id));
        assertThat(late).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNKNOWN_RESERVATION));
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 7, 0));
    }

    @Test
    void withACountLimitTheOldestFinishedHoldsAreForgottenFirstAndLiveOnesNever() {
        lock = new InMemoryInventoryLock(clock, RETENTION, 3);
        receive(store, milk, 100);
        ReservationId live = newReservationId();
        reserveOrFail(request(live, TTL, new HoldLine(milk, 1)));
        java.util.List<ReservationId> done = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ReservationId id = newReservationId();
            reserveOrFail(request(id, TTL, new HoldLine(milk, 2)));
            lock.confirm(store, id);
            done.add(id);
        }

        assertThat(lock.find(store, done.get(0)))
                .as("the oldest finished hold, past the count")
                .isEmpty();
        assertThat(lock.find(store, done.get(1))).isEmpty();
        assertThat(lock.find(store, done.get(2))).isPresent();
        assertThat(lock.find(store, done.get(4))).isPresent();
        assertThat(lock.find(store, live))
                .as("a live hold is never forgotten")
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.HELD));
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 90, 1));
        assertThat(catchThrowable(() -> new InMemoryInventoryLock(clock, RETENTION, 0)))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void holdsConfirmedLongBeforeTheirExpiryDoNotPileUpAndTheLiveOnesStillExpireOnTime() {
        lock = new InMemoryInventoryLock(clock, RETENTION, 10);
        receive(store, milk, 100_000);
        ReservationId early = newReservationId();
        reserveOrFail(request(early, Duration.ofMinutes(5), new HoldLine(milk, 7)));
        for (int i = 0; i < 5_000; i++) {
            ReservationId id = newReservationId();
            reserveOrFail(request(id, Duration.ofHours(2), new HoldLine(milk, 1)));
            lock.confirm(store, id);
        }
        ReservationId late = newReservationId();
        reserveOrFail(request(late, Duration.ofMinutes(10), new HoldLine(milk, 3)));

        clock.advance(Duration.ofMinutes(5));
        assertThat(level(milk))
                .as("the first hold expired at its instant")
                .isEqualTo(new StockLevel(store, milk, 95_000, 3));
        clock.advance(Duration.ofMinutes(5));
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 95_000, 0));
        assertThat(lock.find(store, late))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED));
    }

    /*
     * A hold id forgotten after retention may be used again (placement never does, but a host may). The
     * expiry queue must not let the first hold's queue entry expire the second hold early.
     */
    @Test
    void aReservationIdReusedAfterRetentionKeepsItsOwnExpiry() {
        lock = new InMemoryInventoryLock(clock, RETENTION);
        receive(store, milk, 10);
        ReservationId id = newReservationId();
        Reservation first = reserveOrFail(request(id, Duration.ofMinutes(10), new HoldLine(milk, 3)));
        lock.confirm(store, id);
        clock.advance(RETENTION.plusSeconds(1));
        assertThat(lock.find(store, id))
                .as("forgotten after the retention window")
                .isEmpty();

        ReserveResult again = lock.reserve(request(id, Duration.ofMinutes(30), new HoldLine(milk, 2)));
        assertThat(again)
                .isInstanceOfSatisfying(ReserveResult.Reserved.class, reserved -> assertThat(reserved.repeated())
                        .isFalse());
        Reservation second = ((ReserveResult.Reserved) again).reservation();
        clock.set(first.expiresAt());

        assertThat(lock.find(store, id)).get().extracting(Reservation::status).isEqualTo(ReservationStatus.HELD);
        assertThat(level(milk)).isEqualTo(new StockLevel(store, milk, 7, 2));
        assertThat(second.expiresAt()).isAfter(clock.instant());
        assertThat(lock.confirm(store, id)).isInstanceOf(ConfirmResult.Confirmed.class);
    }
}
