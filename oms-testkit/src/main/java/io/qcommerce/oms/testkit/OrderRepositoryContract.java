package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OrderRepository} adapter must pass. Extend it and return a repository from
 * {@link #createRepository()}.
 *
 * <p>What a passing adapter guarantees: an order is stored once, unique on its id and on (customer,
 * idempotency key), and a second insert answers the first order; an order reads back equal to what was
 * written; a status change is a compare-and-set on the version, so of many writers racing at one version
 * exactly one wins and the others learn the current order; an illegal move or an unknown order is a typed
 * error that changes nothing; and the queries of the reconciler, the picking queue and the customer's
 * history filter, order, limit and page as documented.
 *
 * <p>The suite may run against a shared server: every test uses fresh customers, keys and stores, and the
 * one query that spans all orders ({@code findAwaitingPaymentExpiredBy}) is checked in a way that other
 * tests' orders cannot break. Instants are whole milliseconds.
 */
public abstract class OrderRepositoryContract {
    /** The repository under test, fresh from {@link #createRepository()} for each test. */
    protected OrderRepository repository;
    /** A store and a customer of this test only. */
    protected StoreId store;

    protected CustomerId customer;

    private String suffix;
    private final AtomicInteger sequence = new AtomicInteger();

    /** A repository to test (called once per test); it may hold orders of earlier tests. */
    protected abstract OrderRepository createRepository();

    /** Threads racing in the concurrency tests. */
    protected int raceThreads() {
        return 8;
    }

    /** Rounds of each race: more rounds, more interleavings. */
    protected int raceRounds() {
        return 25;
    }

    @BeforeEach
    protected final void setUpOrderRepositoryContract() {
        repository = createRepository();
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("store-" + suffix);
        customer = CustomerId.of("cust-" + suffix);
    }

    // ---------------------------------------------------------------- insert and find

    @Test
    void insertedOrderIsFoundEqualToWhatWasInserted() {
        Order order = order().line("milk-1l", 2, 3200, 3400)
                .line("bread-400g", 1, 4500, 5000)
                .line("eggs-6", 3, 4200, 4200)
                .build();

        InsertResult result = repository.insert(order);

        assertThat(result).isEqualTo(new InsertResult.Inserted(order));
        assertThat(repository.find(order.id())).contains(order);
    }

    @Test
    void aBookedSlotAndTheBatchesOfEachLineReadBackEqual() {
        Instant t = Orders.DEFAULT_CREATED_AT;
        Batch early = Batch.of("B-1", t.plus(java.time.Duration.ofDays(2)).plusMillis(7));
        Batch late = Batch.of("B-2", t.plus(java.time.Duration.ofDays(9)));
        Order order = insert(order().line(Orders.line("milk-1l", 5, 3200, 3400)
                        .withBatches(List.of(new BatchTake(early, 3), new BatchTake(late, 1))))
                .line("bread", 1, 4500, 5000)
                .slot(new SlotBooking(
                        SlotId.of("slot-" + suffix), SlotType.EXPRESS, t.plusSeconds(3600), t.plusSeconds(5400)))
                .build());
        assertThat(repository.find(order.id())).contains(order);
        Order confirmed = repository
                .transition(
                        order.id(),
                        0,
                        Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, t.plusSeconds(5)))
                .order();
        assertThat(confirmed.slot()).isEqualTo(order.slot());
        assertThat(confirmed.lines()).isEqualTo(order.lines());
        assertThat(repository.find(order.id())).contains(confirmed);
    }

    @Test
    void findOfAnUnknownOrderIsEmpty() {
        assertThat(repository.find(OrderId.of("o-unknown-" + suffix))).isEmpty();
    }

    @Test
    void secondInsertWithTheSameIdIsDuplicateCarryingTheFirstOrder() {
        Order first = order().build();
        repository.insert(first);
        Order second = order().id(first.id()).line("other-sku", 9, 100, 100).build();

        InsertResult result = repository.insert(second);

        assertThat(result).isEqualTo(new InsertResult.Duplicate(first));
        assertThat(repository.find(first.id())).contains(first);
    }

    @Test
    void sameCustomerAndIdempotencyKeyUnderAnotherIdIsDuplicateCarryingTheFirstOrder() {
        Order first = order().build();
        repository.insert(first);
        Order second = order().idempotencyKey(first.idempotencyKey())
                .id(OrderId.of("o-other-" + suffix))
                .build();

        InsertResult result = repository.insert(second);

        assertThat(result).isEqualTo(new InsertResult.Duplicate(first));
        assertThat(repository.find(second.id())).isEmpty();
        assertThat(repository.findByCustomer(customer, 10)).containsExactly(first);
    }

    @Test
    void sameIdempotencyKeyFromAnotherCustomerIsANewOrder() {
        Order first = order().build();
        repository.insert(first);
        CustomerId someoneElse = CustomerId.of("cust2-" + suffix);
        Order second = order().customer(someoneElse)
                .idempotencyKey(first.idempotencyKey())
                .build();

        InsertResult result = repository.insert(second);

        assertThat(result).isEqualTo(new InsertResult.Inserted(second));
        assertThat(repository.find(first.id())).contains(first);
        assertThat(repository.find(second.id())).contains(second);
    }

    // ---------------------------------------------------------------- transitions

    @Test
    void transitionAtTheCurrentVersionAppliesItAppendsHistoryAndBumpsTheVersion() {
        Order placed = insert(order().build());
        StatusChange change = Orders.change(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CONFIRMED,
                placed.createdAt().plusSeconds(40),
                "payment confirmed");

        TransitionResult result = repository.transition(placed.id(), 0, change);

        assertThat(result).isInstanceOf(TransitionResult.Applied.class);
        Order moved = result.order();
        assertThat(moved.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(moved.version()).isEqualTo(1);
        assertThat(moved.history()).containsExactly(placed.history().get(0), change);
        assertThat(moved).isEqualTo(placed.transition(change));
        assertThat(repository.find(placed.id())).contains(moved);
    }

    @Test
    void transitionsFollowTheWholeFulfilmentPathOneVersionAtATime() {
        Order order = insert(order().build());
        Instant at = order.createdAt();
        List<OrderStatus> path = List.of(
                OrderStatus.CONFIRMED,
                OrderStatus.PICKING,
                OrderStatus.PACKED,
                OrderStatus.OUT_FOR_DELIVERY,
                OrderStatus.DELIVERED);

        for (OrderStatus next : path) {
            at = at.plusSeconds(60);
            TransitionResult result =
                    repository.transition(order.id(), order.version(), Orders.change(order.status(), next, at));
            assertThat(result).as("move to %s", next).isInstanceOf(TransitionResult.Applied.class);
            order = result.order();
        }

        assertThat(order.version()).isEqualTo(5);
        assertThat(order.history())
                .extracting(StatusChange::to)
                .containsExactly(
                        OrderStatus.AWAITING_PAYMENT,
                        OrderStatus.CONFIRMED,
                        OrderStatus.PICKING,
                        OrderStatus.PACKED,
                        OrderStatus.OUT_FOR_DELIVERY,
                        OrderStatus.DELIVERED);
        assertThat(repository.find(order.id())).contains(order);
    }

    @Test
    void cancellationKeepsItsReasonInTheHistory() {
        Order order = insert(order().build());
        Order confirmed = repository
                .transition(
                        order.id(),
                        0,
                        Orders.change(
                                OrderStatus.AWAITING_PAYMENT,
                                OrderStatus.CONFIRMED,
                                order.createdAt().plusSeconds(5)))
                .order();

        TransitionResult result = repository.transition(
                order.id(),
                1,
                Orders.change(
                        OrderStatus.CONFIRMED,
                        OrderStatus.CANCELLED,
                        order.createdAt().plusSeconds(9),
                        "CUSTOMER"));

        assertThat(result).isInstanceOf(TransitionResult.Applied.class);
        Order stored = repository.find(order.id()).orElseThrow();
        assertThat(stored)
                .isEqualTo(confirmed.transition(Orders.change(
                        OrderStatus.CONFIRMED,
                        OrderStatus.CANCELLED,
                        order.createdAt().plusSeconds(9),
                        "CUSTOMER")));
        assertThat(stored.cancelReason())
                .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("CUSTOMER"));
        assertThat(stored.wasCancelledAfterPayment()).isTrue();
    }

    @Test
    void transitionAtAStaleOrFutureVersionIsConflictCarryingTheCurrentOrderAndChangesNothing() {
        Order placed = insert(order().build());
        Order current = repository
                .transition(
                        placed.id(),
                        0,
                        Orders.change(
                                OrderStatus.AWAITING_PAYMENT,
                                OrderStatus.CONFIRMED,
                                placed.createdAt().plusSeconds(5)))
                .order();

        TransitionResult stale = repository.transition(
                placed.id(),
                0,
                Orders.change(
                        OrderStatus.AWAITING_PAYMENT,
                        OrderStatus.CANCELLED,
                        placed.createdAt().plusSeconds(6),
                        "PAYMENT_FAILED"));
        TransitionResult future = repository.transition(
                placed.id(),
                7,
                Orders.change(
                        OrderStatus.CONFIRMED,
                        OrderStatus.PICKING,
                        placed.createdAt().plusSeconds(7)));

        assertThat(stale).isEqualTo(new TransitionResult.Conflict(current));
        assertThat(future).isEqualTo(new TransitionResult.Conflict(current));
        assertThat(repository.find(placed.id())).contains(current);
    }

    @Test
    void illegalMoveIsIllegalTransitionAndChangesNothing() {
        Order placed = insert(order().build());
        Instant at = placed.createdAt().plusSeconds(5);

        assertRefused(
                ErrorCode.ILLEGAL_TRANSITION,
                () -> repository.transition(
                        placed.id(), 0, Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.DELIVERED, at)));
        assertRefused(
                ErrorCode.ILLEGAL_TRANSITION,
                () -> repository.transition(
                        placed.id(), 0, Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.AWAITING_PAYMENT, at)));
        assertRefused(
                ErrorCode.ILLEGAL_TRANSITION,
                () -> repository.transition(
                        placed.id(), 0, Orders.change(OrderStatus.PICKING, OrderStatus.PACKED, at)));
        assertThat(repository.find(placed.id())).contains(placed);

        Order cancelled = repository
                .transition(
                        placed.id(),
                        0,
                        Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED, at, "PAYMENT_FAILED"))
                .order();
        assertRefused(
                ErrorCode.ILLEGAL_TRANSITION,
                () -> repository.transition(
                        placed.id(),
                        1,
                        Orders.change(OrderStatus.CANCELLED, OrderStatus.CONFIRMED, at.plusSeconds(1))));
        assertThat(repository.find(placed.id())).contains(cancelled);
    }

    @Test
    void transitionOfAnUnknownOrderIsUnknownOrder() {
        OrderId unknown = OrderId.of("o-unknown-" + suffix);

        Throwable thrown = catchThrowable(() -> repository.transition(
                unknown,
                0,
                Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, Orders.DEFAULT_CREATED_AT)));

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNKNOWN_ORDER));
        assertThat(repository.find(unknown)).isEmpty();
    }

    // ---------------------------------------------------------------- queries

    @Test
    void awaitingPaymentExpiredByListsOnlyLapsedHoldsEarliestExpiryFirstWithinTheLimit() {
        // An instant range of this test's own, far from the default instants of other tests' orders.
        Instant base = Instant.parse("2001-01-01T00:00:00Z")
                .plusSeconds(ThreadLocalRandom.current().nextLong(300L * 24 * 3600));
        Instant cutoff = base.plusSeconds(180);
        Order second = insert(order().createdAt(base.minusSeconds(600))
                .holdExpiresAt(base.plusSeconds(120))
                .build());
        Order atCutoff = insert(
                order().createdAt(base.minusSeconds(600)).holdExpiresAt(cutoff).build());
        Order first = insert(order().createdAt(base.minusSeconds(500))
                .holdExpiresAt(base.plusSeconds(60))
                .build());
        Order paid = insert(order().createdAt(base.minusSeconds(600))
                .holdExpiresAt(base.plusSeconds(30))
                .build());
        repository.transition(
                paid.id(),
                0,
                Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, base.minusSeconds(100)));
        Order later = insert(order().createdAt(base.minusSeconds(600))
                .holdExpiresAt(cutoff.plusMillis(1))
                .build());
        Set<OrderId> ours = Set.of(first.id(), second.id(), atCutoff.id(), paid.id(), later.id());

        List<Order> all = repository.findAwaitingPaymentExpiredBy(cutoff, null, 1000);
        List<Order> limited = repository.findAwaitingPaymentExpiredBy(cutoff, null, 2);

        assertThat(all).filteredOn(o -> ours.contains(o.id())).containsExactly(first, second, atCutoff);
        for (List<Order> answer : List.of(all, limited)) {
            assertThat(answer).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
                assertThat(o.holdExpiresAt()).isBeforeOrEqualTo(cutoff);
            });
            assertThat(answer).isSortedAccordingTo(Comparator.comparing(Order::holdExpiresAt));
        }
        assertThat(limited).hasSize(2);
        // Other tests' orders may come first, but never later than ours would.
        assertThat(limited.get(0).holdExpiresAt()).isBeforeOrEqualTo(first.holdExpiresAt());
        assertThat(limited.get(1).holdExpiresAt()).isBeforeOrEqualTo(second.holdExpiresAt());
        if (all.size() == 3) {
            assertThat(limited).containsExactly(first, second);
        }
    }

    @Test
    void awaitingPaymentExpiredByPagesFromACursorWithoutLossOrRepeat() {
        Instant base = Instant.parse("2003-01-01T00:00:00Z")
                .plusSeconds(ThreadLocalRandom.current().nextLong(300L * 24 * 3600));
        Instant cutoff = base.plusSeconds(180);
        Instant same = base.plusSeconds(60);
        // Three orders expiring at the same millisecond: the id breaks the tie.
        Order tieA = insert(order().createdAt(base).holdExpiresAt(same).build());
        Order tieB = insert(order().createdAt(base).holdExpiresAt(same).build());
        Order tieC = insert(order().createdAt(base).holdExpiresAt(same).build());
        Order next = insert(
                order().createdAt(base).holdExpiresAt(base.plusSeconds(61)).build());
        Order atCutoff = insert(order().createdAt(base).holdExpiresAt(cutoff).build());
        Order later = insert(
                order().createdAt(base).holdExpiresAt(cutoff.plusMillis(1)).build());
        Comparator<Order> byExpiryThenId =
                Comparator.comparing(Order::holdExpiresAt).thenComparing(Order::id);
        List<Order> expected = new ArrayList<>(List.of(tieA, tieB, tieC, next, atCutoff));
        expected.sort(byExpiryThenId);
        Set<OrderId> ours = Set.of(tieA.id(), tieB.id(), tieC.id(), next.id(), atCutoff.id(), later.id());

        // The cursor need not be stored: only its (holdExpiresAt, id) counts. Start just before this test's range.
        Order after = order().createdAt(base).holdExpiresAt(base).build();
        List<Order> seen = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            List<Order> batch = repository.findAwaitingPaymentExpiredBy(cutoff, after, 2);
            Order cursor = after;
            assertThat(batch).allSatisfy(o -> assertThat(byExpiryThenId.compare(o, cursor))
                    .as("after the cursor")
                    .isPositive());
            assertThat(batch).isSortedAccordingTo(byExpiryThenId);
            batch.stream().filter(o -> ours.contains(o.id())).forEach(seen::add);
            if (batch.size() < 2) {
                break;
            }
            after = batch.get(batch.size() - 1);
        }

        assertThat(seen).as("every page of ours, in order, each once").containsExactlyElementsOf(expected);
        assertThat(repository.findAwaitingPaymentExpiredBy(cutoff, atCutoff, 10))
                .as("nothing of ours after the last")
                .noneMatch(o -> ours.contains(o.id()));
        Order middle = expected.get(1);
        assertThat(repository.findAwaitingPaymentExpiredBy(cutoff, middle, 10))
                .filteredOn(o -> ours.contains(o.id()))
                .containsExactlyElementsOf(expected.subList(2, expected.size()));
    }

    @Test
    void byStoreAndStatusListsOldestFirstWithinTheLimit() {
        Instant t = Orders.DEFAULT_CREATED_AT;
        Order newest = insert(order().createdAt(t.plusSeconds(20)).build());
        Order oldest = insert(order().createdAt(t).build());
        Order middle = insert(order().createdAt(t.plusSeconds(10)).build());
        Order confirmed = insert(order().createdAt(t.minusSeconds(10)).build());
        Order confirmedNow = repository
                .transition(
                        confirmed.id(),
                        0,
                        Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, t.plusSeconds(30)))
                .order();
        insert(order().store(StoreId.of("elsewhere-" + suffix))
                .createdAt(t.minusSeconds(20))
                .build());

        assertThat(repository.findByStoreAndStatus(store, OrderStatus.AWAITING_PAYMENT, 10))
                .containsExactly(oldest, middle, newest);
        assertThat(repository.findByStoreAndStatus(store, OrderStatus.AWAITING_PAYMENT, 2))
                .containsExactly(oldest, middle);
        assertThat(repository.findByStoreAndStatus(store, OrderStatus.CONFIRMED, 10))
                .containsExactly(confirmedNow);
        assertThat(repository.findByStoreAndStatus(store, OrderStatus.PICKING, 10))
                .isEmpty();
    }

    @Test
    void byStoreListsThePeriodsOrdersOldestFirstPageByPage() {
        Instant t = Orders.DEFAULT_CREATED_AT;
        Order second = insert(order().createdAt(t.plusSeconds(10)).build());
        Order first = insert(order().createdAt(t).build());
        Order third = insert(order().createdAt(t.plusSeconds(10)).build());
        Order cancelled = repository
                .transition(
                        third.id(),
                        0,
                        Orders.change(
                                OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED, t.plusSeconds(30), "CUSTOMER"))
                .order();
        Order late = insert(order().createdAt(t.plusSeconds(60)).build());
        insert(order().createdAt(t.minusSeconds(1)).build());
        insert(order().store(StoreId.of("elsewhere-" + suffix))
                .createdAt(t.plusSeconds(5))
                .build());
        List<Order> sameInstant =
                second.id().compareTo(cancelled.id()) < 0 ? List.of(second, cancelled) : List.of(cancelled, second);

        Instant to = t.plusSeconds(60);
        assertThat(repository.findByStore(store, t, to, null, 10))
                .containsExactly(first, sameInstant.get(0), sameInstant.get(1));
        List<Order> page1 = repository.findByStore(store, t, to, null, 2);
        assertThat(page1).containsExactly(first, sameInstant.get(0));
        assertThat(repository.findByStore(store, t, to, page1.get(1), 2)).containsExactly(sameInstant.get(1));
        assertThat(repository.findByStore(store, t, t.plusSeconds(61), null, 10))
                .endsWith(late);
        assertThat(repository.findByStore(StoreId.of("none-" + suffix), t, to, null, 10))
                .isEmpty();
    }

    @Test
    void aDeliveredOrderMayBeReturnedAndNothingElse() {
        Instant t = Orders.DEFAULT_CREATED_AT;
        Order order = insert(order().build());
        OrderStatus[] path = {
            OrderStatus.CONFIRMED,
            OrderStatus.PICKING,
            OrderStatus.PACKED,
            OrderStatus.OUT_FOR_DELIVERY,
            OrderStatus.DELIVERED
        };
        for (OrderStatus next : path) {
            t = t.plusSeconds(1);
            order = repository
                    .transition(order.id(), order.version(), Orders.change(order.status(), next, t))
                    .order();
        }
        Order delivered = order;
        Instant at = t.plusSeconds(1);
        assertRefused(
                ErrorCode.ILLEGAL_TRANSITION,
                () -> repository.transition(
                        delivered.id(),
                        delivered.version(),
                        Orders.change(OrderStatus.DELIVERED, OrderStatus.CANCELLED, at)));
        Order returned = repository
                .transition(
                        order.id(),
                        order.version(),
                        Orders.change(OrderStatus.DELIVERED, OrderStatus.RETURNED, at, "RESELLABLE"))
                .order();
        assertThat(repository.find(order.id())).contains(returned);
        assertThat(returned.status()).isEqualTo(OrderStatus.RETURNED);
    }

    @Test
    void byCustomerListsNewestFirstWithinTheLimitWhateverTheStatus() {
        Instant t = Orders.DEFAULT_CREATED_AT;
        Order oldest = insert(order().createdAt(t).build());
        Order newest = insert(order().createdAt(t.plusSeconds(20)).build());
        Order middle = insert(order().createdAt(t.plusSeconds(10)).build());
        Order cancelled = repository
                .transition(
                        middle.id(),
                        0,
                        Orders.change(
                                OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED, t.plusSeconds(30), "CUSTOMER"))
                .order();
        insert(order().customer(CustomerId.of("cust2-" + suffix))
                .createdAt(t.plusSeconds(40))
                .build());

        assertThat(repository.findByCustomer(customer, 10)).containsExactly(newest, cancelled, oldest);
        assertThat(repository.findByCustomer(customer, 2)).containsExactly(newest, cancelled);
        assertThat(repository.findByCustomer(CustomerId.of("nobody-" + suffix), 10))
                .isEmpty();
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose: the port must refuse it with a typed error
    void badArgumentsAreRefusedWithInvalidArgument() {
        Order placed = insert(order().build());
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("insert(null)", () -> repository.insert(null));
        calls.put("find(null)", () -> repository.find(null));
        calls.put(
                "transition(null, ..)",
                () -> repository.transition(
                        null,
                        0,
                        Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, placed.createdAt())));
        calls.put("transition(id, 0, null)", () -> repository.transition(placed.id(), 0, null));
        calls.put(
                "findAwaitingPaymentExpiredBy(null, null, 10)",
                () -> repository.findAwaitingPaymentExpiredBy(null, null, 10));
        calls.put(
                "findAwaitingPaymentExpiredBy(t, null, 0)",
                () -> repository.findAwaitingPaymentExpiredBy(placed.createdAt(), null, 0));
        calls.put(
                "findByStoreAndStatus(null, ..)",
                () -> repository.findByStoreAndStatus(null, OrderStatus.AWAITING_PAYMENT, 10));
        calls.put("findByStoreAndStatus(store, null, ..)", () -> repository.findByStoreAndStatus(store, null, 10));
        calls.put(
                "findByStoreAndStatus(.., 0)",
                () -> repository.findByStoreAndStatus(store, OrderStatus.AWAITING_PAYMENT, 0));
        calls.put("findByCustomer(null, 10)", () -> repository.findByCustomer(null, 10));
        calls.put("findByCustomer(c, -1)", () -> repository.findByCustomer(customer, -1));

        calls.forEach((name, call) -> {
            Throwable thrown = catchThrowable(call);
            assertThat(thrown).as(name).isInstanceOf(OmsException.class);
            assertThat(((OmsException) thrown).code()).as(name).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        });
        assertThat(repository.find(placed.id())).contains(placed);
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void writersRacingAtOneVersionAreAppliedExactlyOnceAndTheOthersSeeTheWinner() {
        for (int round = 0; round < raceRounds(); round++) {
            Order placed = insert(order().build());
            Instant at = placed.createdAt().plusSeconds(30);

            List<TransitionResult> results = Race.run(
                    raceThreads(),
                    i -> repository.transition(
                            placed.id(),
                            0,
                            i % 2 == 0
                                    ? Orders.change(
                                            OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, at, "writer " + i)
                                    : Orders.change(
                                            OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED, at, "writer " + i)));

            List<TransitionResult> applied = results.stream()
                    .filter(r -> r instanceof TransitionResult.Applied)
                    .collect(Collectors.toList());
            assertThat(applied).as("round %d: %s", round, results).hasSize(1);
            Order winner = applied.get(0).order();
            assertThat(winner.version()).isEqualTo(1);
            assertThat(results)
                    .filteredOn(r -> r instanceof TransitionResult.Conflict)
                    .as("losers are told the order as the winner left it")
                    .hasSize(raceThreads() - 1)
                    .allSatisfy(r -> assertThat(r.order()).isEqualTo(winner));
            assertThat(repository.find(placed.id())).contains(winner);
            assertThat(winner.history()).hasSize(2);
        }
    }

    @Test
    void concurrentInsertsOfOneIdempotencyKeyStoreExactlyOneOrder() {
        for (int round = 0; round < raceRounds(); round++) {
            IdempotencyKey key = IdempotencyKey.of(uniqueId("key"));
            String idStem = uniqueId("o");
            List<Order> candidates = new ArrayList<>();
            for (int i = 0; i < raceThreads(); i++) {
                candidates.add(order().idempotencyKey(key)
                        .id(OrderId.of(idStem + "-" + i))
                        .build());
            }

            List<InsertResult> results = Race.run(raceThreads(), i -> repository.insert(candidates.get(i)));

            List<InsertResult> inserted = results.stream()
                    .filter(r -> r instanceof InsertResult.Inserted)
                    .collect(Collectors.toList());
            assertThat(inserted).as("round %d: %s", round, results).hasSize(1);
            Order winner = inserted.get(0).order();
            assertThat(results)
                    .filteredOn(r -> r instanceof InsertResult.Duplicate)
                    .allSatisfy(r -> assertThat(r.order()).isEqualTo(winner));
            for (Order candidate : candidates) {
                assertThat(repository.find(candidate.id()))
                        .isEqualTo(candidate.id().equals(winner.id()) ? Optional.of(winner) : Optional.empty());
            }
        }
    }

    @Test
    void concurrentInsertsOfOneIdStoreExactlyOneOrder() {
        for (int round = 0; round < raceRounds(); round++) {
            OrderId id = OrderId.of(uniqueId("o"));
            List<Order> candidates = new ArrayList<>();
            for (int i = 0; i < raceThreads(); i++) {
                candidates.add(order().id(id).build());
            }

            List<InsertResult> results = Race.run(raceThreads(), i -> repository.insert(candidates.get(i)));

            List<InsertResult> inserted = results.stream()
                    .filter(r -> r instanceof InsertResult.Inserted)
                    .collect(Collectors.toList());
            assertThat(inserted).as("round %d: %s", round, results).hasSize(1);
            Order winner = inserted.get(0).order();
            assertThat(results).allSatisfy(r -> assertThat(r.order()).isEqualTo(winner));
            assertThat(repository.find(id)).contains(winner);
        }
    }

    // ---------------------------------------------------------------- helpers for this suite and subclasses

    /** A fresh id of this test: {@code stem-suffix-n}. */
    protected String uniqueId(String stem) {
        return stem + "-" + suffix + "-" + sequence.incrementAndGet();
    }

    /** A new order of this test's customer and store, under a fresh idempotency key. */
    protected Orders.Builder order() {
        return Orders.builder().customer(customer).store(store).idempotencyKey(IdempotencyKey.of(uniqueId("key")));
    }

    /** Inserts and fails the test unless the order was stored now. */
    protected Order insert(Order order) {
        InsertResult result = repository.insert(order);
        assertThat(result).as("insert %s", order.id()).isEqualTo(new InsertResult.Inserted(order));
        return order;
    }

    /** The call fails with an {@link OmsException} of {@code code}. */
    protected static void assertRefused(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code())
                .as("error code of %s", thrown)
                .isEqualTo(code);
    }
}
