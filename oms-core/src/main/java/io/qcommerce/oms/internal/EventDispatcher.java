package io.qcommerce.oms.internal;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.DispatchReport;
import io.qcommerce.oms.event.EventService;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.FeedPage;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.event.StockAlert;
import io.qcommerce.oms.event.StockAlertSubscriber;
import io.qcommerce.oms.event.SubscriberStatus;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.Store;
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
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed and its dispatcher: reads the order repository's feed and hands it to each named subscriber from
 * its durable checkpoint; raises stock alerts from the stock ledger into the alert log and hands that to the
 * alert subscribers the same way. A subscriber's checkpoint moves after the events it took (at the end of a batch,
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

    /** Prefix of an alert subscriber's checkpoint, so that it never shares one with an order-event subscriber. */
    static final String ALERTS = "alerts:";

    private final OrderRepository orders;
    private final EventCheckpoints checkpoints;
    private final Map<String, EventSubscriber> subscribers;
    private final StoreDirectory stores;
    private final StockAlertLog alerts;
    private final StockAlertScanner scanner;
    private final Map<String, StockAlertSubscriber> alertSubscribers;
    private final Map<String, State> states = new HashMap<>();
    private final Clock clock;
    private final int batch;
    private final Duration backoff;
    private final Duration backoffMax;

    EventDispatcher(
            OrderRepository orders,
            EventCheckpoints checkpoints,
            Map<String, EventSubscriber> subscribers,
            StoreDirectory stores,
            StockAlertLog alerts,
            StockAlertScanner scanner,
            Map<String, StockAlertSubscriber> alertSubscribers,
            Clock clock,
            int batch,
            Duration backoff,
            Duration backoffMax) {
        this.orders = Checks.notNull(orders, "orders");
        this.stores = Checks.notNull(stores, "stores");
        this.alerts = Checks.notNull(alerts, "alerts");
        this.scanner = Checks.notNull(scanner, "scanner");
        this.alertSubscribers = new LinkedHashMap<>(Checks.notNull(alertSubscribers, "alertSubscribers"));
        this.checkpoints = Checks.notNull(checkpoints, "checkpoints");
        this.subscribers = new LinkedHashMap<>(Checks.notNull(subscribers, "subscribers"));
        this.clock = Checks.notNull(clock, "clock");
        this.batch = Checks.positive(batch, "batch");
        this.backoff = Checks.notNull(backoff, "backoff");
        this.backoffMax = Checks.notNull(backoffMax, "backoffMax");
        this.subscribers.keySet().forEach(name -> states.put(name, new State()));
        this.alertSubscribers.keySet().forEach(name -> states.put(ALERTS + name, new State()));
    }

    @Override
    public List<StockAlert> alerts(long position, int limit) {
        return alertPage(position, null, limit);
    }

    @Override
    public List<StockAlert> alerts(StoreId store, long position, int limit) {
        return alertPage(position, Checks.notNull(store, "store"), limit);
    }

    private List<StockAlert> alertPage(long position, @Nullable StoreId store, int limit) {
        if (position < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "position", "must not be negative");
        }
        Checks.positive(limit, "limit");
        return alerts.read(position, store, Math.min(limit, 10_000));
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
        int raised = 0;
        try {
            for (Store store : stores.all()) {
                try {
                    raised += scanner.scan(store.id());
                } catch (OmsException e) {
                    errors++;
                    LOG.warn("could not read the stock ledger of {} for alerts; the next pass retries", store.id(), e);
                }
            }
        } catch (OmsException e) {
            errors++;
            LOG.warn("could not list the stores to raise stock alerts; the next pass retries", e);
        }
        long lastAlert = -1;
        try {
            lastAlert = alertSubscribers.isEmpty() ? -1 : alerts.lastPosition();
        } catch (OmsException e) {
            errors++;
            LOG.warn("could not read the end of the alert log", e);
        }
        Map<String, Integer> delivered = new LinkedHashMap<>();
        Set<String> failed = new HashSet<>();
        for (Map.Entry<String, EventSubscriber> entry : subscribers.entrySet()) {
            EventSubscriber subscriber = entry.getValue();
            errors += serveIfDue(
                    entry.getKey(),
                    entry.getKey(),
                    last,
                    from -> orders.feed(from, null, batch),
                    OrderEvent::position,
                    e -> e.id().toString(),
                    subscriber::on,
                    delivered,
                    failed);
        }
        for (Map.Entry<String, StockAlertSubscriber> entry : alertSubscribers.entrySet()) {
            StockAlertSubscriber subscriber = entry.getValue();
            errors += serveIfDue(
                    entry.getKey(),
                    ALERTS + entry.getKey(),
                    lastAlert,
                    from -> alerts.read(from, null, batch),
                    StockAlert::position,
                    StockAlert::id,
                    subscriber::on,
                    delivered,
                    failed);
        }
        return new DispatchReport(positioned, delivered, failed, errors, raised);
    }

    /** Takes one entry of a feed; what a subscriber of either kind does with it. */
    @FunctionalInterface
    private interface Handler<E> {
        void on(E entry) throws Exception;
    }

    /** Serves one subscriber unless it waits out a back-off or another pass serves it; returns errors met. */
    private <E> int serveIfDue(
            String name,
            String checkpoint,
            long last,
            LongFunction<List<E>> read,
            ToLongFunction<E> positionOf,
            Function<E, String> idOf,
            Handler<E> handler,
            Map<String, Integer> delivered,
            Set<String> failed) {
        State state = states.get(checkpoint);
        if (state == null || !state.due(clock.instant()) || !state.lock.tryLock()) {
            return 0;
        }
        try {
            Outcome outcome = serve(name, checkpoint, state, read, positionOf, idOf, handler);
            delivered.put(name, outcome.taken);
            if (outcome.failed) {
                failed.add(name);
            }
            if (last >= 0) {
                state.lag = Math.max(0, last - outcome.checkpoint);
            }
            return 0;
        } catch (OmsException e) {
            LOG.warn("could not serve subscriber {}; the next pass retries", name, e);
            return 1;
        } finally {
            state.lock.unlock();
        }
    }

    private record Outcome(int taken, boolean failed, long checkpoint) {}

    private <E> Outcome serve(
            String name,
            String checkpointName,
            State state,
            LongFunction<List<E>> read,
            ToLongFunction<E> positionOf,
            Function<E, String> idOf,
            Handler<E> handler) {
        long checkpoint = checkpoints.position(checkpointName);
        state.checkpoint = checkpoint;
        List<E> entries = read.apply(checkpoint);
        long reached = checkpoint;
        int taken = 0;
        boolean failed = false;
        for (E entry : entries) {
            try {
                handler.on(entry);
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
                LOG.warn("subscriber {} failed on {}; retried after {}", name, idOf.apply(entry), state.nextAttempt, e);
                break;
            }
            reached = positionOf.applyAsLong(entry);
            taken++;
        }
        if (reached > checkpoint) {
            checkpoints.advance(checkpointName, reached);
            state.checkpoint = reached;
        }
        if (!failed) {
            state.succeeded();
        }
        return new Outcome(taken, failed, reached);
    }

    @Override
    public List<SubscriberStatus> subscribers() {
        List<SubscriberStatus> out = new ArrayList<>(subscribers.size() + alertSubscribers.size());
        for (String name : subscribers.keySet()) {
            State s = states.get(name);
            if (s != null) {
                out.add(s.status(name));
            }
        }
        for (String name : alertSubscribers.keySet()) {
            State s = states.get(ALERTS + name);
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
