package io.qcommerce.oms.internal;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.DispatchReport;
import io.qcommerce.oms.event.EventService;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.FeedPage;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.event.SubscriberStatus;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed and its dispatcher: reads the order repository's feed and hands it to each named subscriber from
 * its durable checkpoint. A subscriber's checkpoint moves after the events it took (at the end of a batch,
 * or just before the event that failed), so a crash hands over again at most the events of one batch. A
 * subscriber that throws (an exception or an error other than the JVM's own) waits out a back-off that doubles
 * with each failure in a row; the others go on. Subscribers are served one after another on the caller's thread,
 * so a subscriber that blocks delays the others until it returns: give a slow one a timeout of its own. Within one
 * JVM a subscriber is served by one pass at a time.
 */
final class EventDispatcher implements EventService {
    private static final Logger LOG = LoggerFactory.getLogger(EventService.class);
    /** Rounds of positioning per pass at most, so a pass ends even under a flood of changes. */
    private static final int POSITION_ROUNDS = 10;

    private final OrderRepository orders;
    private final EventCheckpoints checkpoints;
    private final Map<String, EventSubscriber> subscribers;
    private final Map<String, State> states = new HashMap<>();
    private final Clock clock;
    private final int batch;
    private final Duration backoff;
    private final Duration backoffMax;

    EventDispatcher(
            OrderRepository orders,
            EventCheckpoints checkpoints,
            Map<String, EventSubscriber> subscribers,
            Clock clock,
            int batch,
            Duration backoff,
            Duration backoffMax) {
        this.orders = Checks.notNull(orders, "orders");
        this.checkpoints = Checks.notNull(checkpoints, "checkpoints");
        this.subscribers = new LinkedHashMap<>(Checks.notNull(subscribers, "subscribers"));
        this.clock = Checks.notNull(clock, "clock");
        this.batch = Checks.positive(batch, "batch");
        this.backoff = Checks.notNull(backoff, "backoff");
        this.backoffMax = Checks.notNull(backoffMax, "backoffMax");
        this.subscribers.keySet().forEach(name -> states.put(name, new State()));
    }

    @Override
    public FeedPage read(long position, int limit) {
        return page(position, null, limit);
    }

    @Override
    public FeedPage read(StoreId store, long position, int limit) {
        return page(position, Checks.notNull(store, "store"), limit);
    }

    private FeedPage page(long position, @Nullable StoreId store, int limit) {
        if (position < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "position", "must not be negative");
        }
        Checks.positive(limit, "limit");
        List<OrderEvent> events = orders.feed(position, store, Math.min(limit, 10_000));
        return new FeedPage(
                events,
                events.isEmpty() ? position : events.get(events.size() - 1).position());
    }

    @Override
    public DispatchReport dispatch() {
        int positioned = 0;
        int errors = 0;
        try {
            for (int round = 0; round < POSITION_ROUNDS; round++) {
                int n = orders.positionEvents(batch);
                positioned += n;
                if (n < batch) {
                    break;
                }
            }
        } catch (OmsException e) {
            errors++;
            LOG.warn("could not position new events; the next pass retries", e);
        }
        long last = -1;
        try {
            last = orders.lastPosition();
        } catch (OmsException e) {
            errors++;
            LOG.warn("could not read the end of the feed", e);
        }
        Map<String, Integer> delivered = new LinkedHashMap<>();
        Set<String> failed = new HashSet<>();
        for (Map.Entry<String, EventSubscriber> entry : subscribers.entrySet()) {
            String name = entry.getKey();
            State state = states.get(name);
            if (state == null || !state.due(clock.instant()) || !state.lock.tryLock()) {
                continue;
            }
            try {
                Outcome outcome = serve(name, entry.getValue(), state);
                delivered.put(name, outcome.taken);
                if (outcome.failed) {
                    failed.add(name);
                }
                if (last >= 0) {
                    state.lag = Math.max(0, last - outcome.checkpoint);
                }
            } catch (OmsException e) {
                errors++;
                LOG.warn("could not serve subscriber {}; the next pass retries", name, e);
            } finally {
                state.lock.unlock();
            }
        }
        return new DispatchReport(positioned, delivered, failed, errors);
    }

    private record Outcome(int taken, boolean failed, long checkpoint) {}

    private Outcome serve(String name, EventSubscriber subscriber, State state) {
        long checkpoint = checkpoints.position(name);
        state.checkpoint = checkpoint;
        List<OrderEvent> events = orders.feed(checkpoint, null, batch);
        long reached = checkpoint;
        int taken = 0;
        boolean failed = false;
        for (OrderEvent event : events) {
            try {
                subscriber.on(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = true;
                state.failed(clock.instant(), e, backoff, backoffMax);
                break;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) { // an Error too: one broken subscriber must not stop the others
                failed = true;
                state.failed(clock.instant(), e, backoff, backoffMax);
                LOG.warn("subscriber {} failed on event {}; retried after {}", name, event.id(), state.nextAttempt, e);
                break;
            }
            reached = event.position();
            taken++;
        }
        if (reached > checkpoint) {
            checkpoints.advance(name, reached);
            state.checkpoint = reached;
        }
        if (!failed) {
            state.succeeded();
        }
        return new Outcome(taken, failed, reached);
    }

    @Override
    public List<SubscriberStatus> subscribers() {
        List<SubscriberStatus> out = new ArrayList<>(subscribers.size());
        for (String name : subscribers.keySet()) {
            State s = states.get(name);
            if (s != null) {
                out.add(s.status(name));
            }
        }
        return List.copyOf(out);
    }

    /** What this process knows of a subscriber; its checkpoint itself is in the port. */
    private static final class State {
        final ReentrantLock lock = new ReentrantLock();
        volatile long checkpoint;
        volatile long lag;
        volatile int failuresInRow;
        volatile @Nullable Instant nextAttempt;
        volatile @Nullable String lastError;

        boolean due(Instant now) {
            Instant next = nextAttempt;
            return next == null || !now.isBefore(next);
        }

        void failed(Instant now, Throwable e, Duration first, Duration max) {
            failuresInRow++;
            Duration wait = first;
            for (int i = 1; i < failuresInRow && wait.compareTo(max) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            nextAttempt = now.plus(wait.compareTo(max) > 0 ? max : wait);
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }

        void succeeded() {
            failuresInRow = 0;
            nextAttempt = null;
            lastError = null;
        }

        SubscriberStatus status(String name) {
            return new SubscriberStatus(name, checkpoint, lag, failuresInRow, nextAttempt, lastError);
        }
    }
}
