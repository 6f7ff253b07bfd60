package io.qcommerce.oms.internal;

import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.config.CancellationPolicy;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.InventoryService;
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
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.order.ShortPick;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an order after placement: payment confirmed or failed, cancellation, and the fulfilment
 * steps of the store.
 *
 * <p>Guarantees: an order is confirmed if and only if its hold is confirmed (the hold is confirmed first,
 * atomically fenced by its expiry; the order follows). Every call is idempotent: repeating it returns the
 * order as the first call left it. Status changes are compare-and-set on the order's version, retried a
 * bounded number of times against concurrent writers; every change is appended to the order's history
 * with who made it and why. If the process dies between the hold and the order,
 * {@link io.qcommerce.oms.placement.Reconciler} finishes the flow.
 */
final class DefaultOrderService implements OrderService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

    private final OrderRepository orders;
    private final StockLedger ledger;
    private final InventoryLock inventory;
    private final InventoryService stock;
    private final EventPublisher events;
    private final Clock clock;
    private final int maxRetries;
    private final Duration restockRetryWindow;
    private final CancellationPolicy policy;
    private final Catalog catalog;
    private final Duration holdTtl;
    private final Duration deliveryAllowance;

    /**
     * With the durable stock ledger, asked how a hold ended when the lock no longer knows it (lost
     * with its data, or past its retention): a hold the ledger has as sold is treated as confirmed.
     */
    DefaultOrderService(
            OrderRepository orders,
            InventoryLock inventory,
            InventoryService stock,
            StockLedger ledger,
            EventPublisher events,
            Clock clock,
            int maxRetries,
            Duration restockRetryWindow,
            CancellationPolicy policy,
            Catalog catalog,
            Duration holdTtl,
            Duration deliveryAllowance) {
        this.deliveryAllowance = Checks.notNull(deliveryAllowance, "deliveryAllowance");
        this.policy = Checks.notNull(policy, "policy");
        this.catalog = Checks.notNull(catalog, "catalog");
        this.holdTtl = Checks.notNull(holdTtl, "holdTtl");
        this.ledger = Checks.notNull(ledger, "ledger");
        this.orders = Checks.notNull(orders, "orders");
        this.inventory = Checks.notNull(inventory, "inventory");
        this.stock = Checks.notNull(stock, "stock");
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
        this.maxRetries = Checks.positive(maxRetries, "maxRetries");
        this.restockRetryWindow =
                Checks.positiveDuration(restockRetryWindow, "restockRetryWindow", ErrorCode.INVALID_CONFIGURATION);
    }

    /** The order; {@code UNKNOWN_ORDER} when there is none. */
    public Order get(OrderId id) {
        Checks.notNull(id, "orderId");
        return orders.find(id).orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_ORDER, "order", id.value()));
    }

    public List<Order> byCustomer(CustomerId customer, int limit) {
        return orders.findByCustomer(customer, limit);
    }

    public List<Order> byStoreAndStatus(StoreId store, OrderStatus status, int limit) {
        return orders.findByStoreAndStatus(store, status, limit);
    }

    /**
     * Payment went through: confirm the hold, then the order. When the hold expired (or is gone) first, the
     * order is cancelled with {@link CancelReason#RESERVATION_EXPIRED} and the payment refused.
     */
    public PaymentResult confirmPayment(OrderId id, Actor actor) {
        Checks.notNull(actor, "actor");
        for (int attempt = 0; attempt < maxRetries; attempt++) {
            Order order = get(id);
            switch (order.status()) {
                case CANCELLED:
                    return new PaymentResult.Refused(
                            order, order.cancelReason().orElse(CancelReason.RESERVATION_EXPIRED));
                case AWAITING_PAYMENT:
                    break;
                default:
                    return new PaymentResult.Confirmed(order);
            }
            ConfirmResult held = confirmHold(order);
            if (held instanceof ConfirmResult.Confirmed) {
                Order moved = tryMove(order, OrderStatus.CONFIRMED, actor, "payment confirmed");
                if (moved != null) {
                    return new PaymentResult.Confirmed(moved);
                }
            } else {
                Order moved = tryMove(order, OrderStatus.CANCELLED, actor, CancelReason.RESERVATION_EXPIRED.name());
                if (moved != null) {
                    return new PaymentResult.Refused(moved, CancelReason.RESERVATION_EXPIRED);
                }
            }
            // Lost a race with another writer of this order: look again.
        }
        throw contended(id);
    }

    /**
     * Payment failed: release the hold and cancel the order with {@link CancelReason#PAYMENT_FAILED}.
     * {@code ILLEGAL_TRANSITION} when the order was already paid for.
     */
    public Order paymentFailed(OrderId id, Actor actor) {
        Checks.notNull(actor, "actor");
        for (int attempt = 0; attempt < maxRetries; attempt++) {
            Order order = get(id);
            if (order.status() == OrderStatus.CANCELLED) {
                return order;
            }
            if (order.status() != OrderStatus.AWAITING_PAYMENT) {
                throw Order.illegal(order, OrderStatus.CANCELLED);
            }
            ReleaseResult released = releaseHold(order);
            if (released instanceof ReleaseResult.AlreadyConfirmed) {
                // A confirmation won the race: the order is paid for, whatever this caller heard.
                Order confirmed = tryMove(
                        order,
                        OrderStatus.CONFIRMED,
                        Actor.system("order-service"),
                        "hold was confirmed before the payment failure arrived");
                throw Order.illegal(confirmed != null ? confirmed : get(id), OrderStatus.CANCELLED);
            }
            Order moved = tryMove(order, OrderStatus.CANCELLED, actor, CancelReason.PAYMENT_FAILED.name());
            if (moved != null) {
                return moved;
            }
        }
        throw contended(id);
    }

    /**
     * Cancels an order that is not delivered. Held units go back to available; units already sold (the
     * order was confirmed) are restocked. Repeating it returns the cancelled order, and finishes a restock
     * that an earlier call could not complete (restock movements are idempotent for the lock's retention
     * window, so the repeat must come within it).
     */
    public Order cancel(OrderId id, CancelReason reason, Actor actor) {
        Checks.notNull(reason, "reason");
        Checks.notNull(actor, "actor");
        for (int attempt = 0; attempt < maxRetries; attempt++) {
            Order order = get(id);
            if (order.status() == OrderStatus.CANCELLED) {
                // A retry after a restock that failed half-way finishes it (idempotent per line). Past the window
                // the lock may have forgotten the movement ids, so a repeat there changes nothing rather than
                // restocking twice. The cancellation's event was recorded with it: nothing is told again.
                if (order.wasCancelledAfterPayment()
                        && clock.instant().isBefore(order.updatedAt().plus(restockRetryWindow))) {
                    restock(order);
                }
                return order;
            }
            if (!order.status().canMoveTo(OrderStatus.CANCELLED)) {
                throw Order.illegal(order, OrderStatus.CANCELLED);
            }
            if (!policy.allows(actor, order.status())) {
                throw notAllowed(order, actor);
            }
            if (order.status() == OrderStatus.AWAITING_PAYMENT) {
                ReleaseResult released = releaseHold(order);
                if (released instanceof ReleaseResult.AlreadyConfirmed) {
                    // Paid just now: record the confirmation first so the history is true, then cancel it
                    // as a paid order on the next pass (if the policy still lets this actor).
                    tryMove(
                            order,
                            OrderStatus.CONFIRMED,
                            Actor.system("order-service"),
                            "hold was confirmed before the cancellation");
                    continue;
                }
                Order moved = tryMove(order, OrderStatus.CANCELLED, actor, reason.name());
                if (moved != null) {
                    return moved;
                }
                continue;
            }
            StatusChange change = new StatusChange(
                            order.status(), OrderStatus.CANCELLED, clock.instant(), actor, reason.name())
                    .withRefund(order.totals().total());
            TransitionResult result = orders.transition(order.id(), order.version(), change);
            if (result instanceof TransitionResult.Applied) {
                // Units back on the shelf before anyone hears of the cancellation.
                restock(result.order());
                publish(result.order(), change);
                return result.order();
            }
        }
        throw contended(id);
    }

    private static OmsException notAllowed(Order order, Actor actor) {
        return new OmsException(
                ErrorCode.CANCELLATION_NOT_ALLOWED,
                "a " + actor.type().name().toLowerCase(java.util.Locale.ROOT) + " may not cancel order " + order.id()
                        + " once it is " + order.status(),
                List.of(),
                Map.of(
                        "orderId", order.id().value(),
                        "status", order.status().name(),
                        "actor", actor.type().name()),
                null);
    }

    @Override
    public Order shortPick(OrderId id, SkuId sku, int picked, ShortPick.Cause cause, Actor actor) {
        return shortPick(id, sku, picked, cause, null, actor);
    }

    @Override
    public Order shortPick(
            OrderId id,
            SkuId sku,
            int picked,
            ShortPick.Cause cause,
            ShortPick.@Nullable Substitution substitution,
            Actor actor) {
        Checks.notNull(sku, "sku");
        Checks.notNull(cause, "cause");
        Checks.notNull(actor, "actor");
        if (picked < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_QUANTITY, "picked", "must not be negative, was " + picked);
        }
        // The substitute's hold, once made: released if this call ends without recording it on the order.
        ReservationId held = null;
        boolean recorded = false;
        try {
            for (int attempt = 0; attempt < maxRetries; attempt++) {
                Order order = get(id);
                OrderLine line = order.line(sku)
                        .orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_SKU, "sku", sku.value()));
                if (picked == line.quantity()
                        && line.shortPicked() > 0
                        && (substitution == null
                                || order.line(substitution.sku()).isPresent())) {
                    // Said before: finish what a crash may have left undone (the substitute's sale, the slot given
                    // back, the write-off).
                    recorded = true;
                    if (substitution != null) {
                        sellSubstitute(order, substitution.sku());
                    }
                    if (order.status() == OrderStatus.CANCELLED
                            && clock.instant().isBefore(order.updatedAt().plus(restockRetryWindow))) {
                        restock(order);
                    }
                    writeOff(order);
                    return order;
                }
                if (picked >= line.quantity()) {
                    throw OmsException.invalid(
                            ErrorCode.INVALID_QUANTITY,
                            "picked",
                            "a short pick hands over fewer than the line's " + line.quantity() + " units, not "
                                    + picked);
                }
                if (order.status() != OrderStatus.CONFIRMED && order.status() != OrderStatus.PICKING) {
                    throw Order.illegal(order, order.status());
                }
                int shortUnits = line.quantity() - picked;
                OrderLine substitute = null;
                if (substitution != null) {
                    substitute = substituteLine(order, line, shortUnits, substitution);
                    held = order.substituteHold(substitution.sku());
                }
                ShortPick shortPick = new ShortPick(sku, shortUnits, cause, substitute);
                boolean nothingLeft = substitute == null && order.totals().itemCount() == shortUnits;
                Money refund = line.unitPrice().times(shortUnits);
                if (substitute != null) {
                    refund = refund.minus(substitute.lineTotal());
                }
                StatusChange change = new StatusChange(
                                order.status(),
                                nothingLeft ? OrderStatus.CANCELLED : order.status(),
                                clock.instant(),
                                actor,
                                nothingLeft
                                        ? CancelReason.STORE.name()
                                        : "short pick: " + cause
                                                + (substitute == null ? "" : ", substitute " + substitute.sku()),
                                null,
                                shortPick)
                        .withRefund(refund);
                TransitionResult result = orders.transition(order.id(), order.version(), change);
                if (result instanceof TransitionResult.Applied) {
                    recorded = true;
                    if (substitute != null) {
                        sellSubstitute(result.order(), substitute.sku());
                    }
                    if (nothingLeft) {
                        restock(result.order()); // gives the slot back; no unit is left to put back
                        publish(result.order(), change);
                    }
                    writeOff(result.order());
                    return result.order();
                }
            }
            throw contended(id);
        } finally {
            if (held != null && !recorded) {
                releaseQuietly(get(id).store(), held);
            }
        }
    }

    /**
     * The line a substitute adds, at the SKU's selling price now, its units held in the store (first expiry
     * first) under the order's hold for that substitute: a repeat of the same call finds the same hold.
     * {@code SUBSTITUTE_NOT_ALLOWED} when the order cannot take it, {@code INSUFFICIENT_STOCK} when the store
     * has too few units; neither holds anything.
     */
    private OrderLine substituteLine(Order order, OrderLine shortLine, int shortUnits, ShortPick.Substitution s) {
        if (s.units() > shortUnits) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_QUANTITY,
                    "substitution.units",
                    "replaces at most the " + shortUnits + " short units, not " + s.units());
        }
        Sku sku = catalog.find(s.sku())
                .orElseThrow(() -> OmsException.notFound(
                        ErrorCode.UNKNOWN_SKU, "substitution.sku", s.sku().value()));
        OrderLine candidate = new OrderLine(sku.id(), sku.name(), s.units(), sku.sellingPrice(), sku.mrp());
        // The order's own rules first (allowed, price, not a line already), so a refusal holds nothing.
        order.transition(new StatusChange(
                order.status(),
                order.status(),
                clock.instant(),
                Actor.system("substitute-check"),
                "check",
                null,
                new ShortPick(shortLine.sku(), shortUnits, ShortPick.Cause.MISSING, candidate)));
        if (!sku.active()) {
            throw new OmsException(
                    ErrorCode.SUBSTITUTE_NOT_ALLOWED,
                    s.sku() + " is not active in the catalog",
                    List.of(),
                    Map.of("orderId", order.id().value(), "substitute", s.sku().value()),
                    null);
        }
        // Good until the order's delivery plus the SKU's minimum shelf life, as placement asks of the order's own.
        SlotBooking slot = order.slot();
        Instant delivery = slot != null ? slot.end() : order.createdAt().plus(deliveryAllowance);
        HoldRequest request = new HoldRequest(
                order.substituteHold(s.sku()),
                order.store(),
                List.of(new HoldLine(Resource.sku(s.sku()), s.units(), delivery.plus(sku.minShelfLife()))),
                holdTtl);
        ReserveResult result = stock.reserve(request);
        if (result instanceof ReserveResult.Reserved reserved) {
            Reservation hold = reserved.reservation();
            if (hold.status() != ReservationStatus.HELD && hold.status() != ReservationStatus.CONFIRMED) {
                throw new OmsException(
                        ErrorCode.SUBSTITUTE_NOT_ALLOWED,
                        "the substitute hold " + hold.id() + " of order " + order.id() + " is " + hold.status()
                                + "; record the short pick without it, or with another SKU",
                        List.of(),
                        Map.of(
                                "orderId",
                                order.id().value(),
                                "substitute",
                                s.sku().value()),
                        null);
            }
            return candidate.withBatches(hold.takesOf(Resource.sku(s.sku())));
        }
        long available = result instanceof ReserveResult.Insufficient insufficient
                ? insufficient.shortfalls().stream()
                        .mapToLong(Shortfall::available)
                        .min()
                        .orElse(0)
                : 0;
        throw new OmsException(
                ErrorCode.INSUFFICIENT_STOCK,
                order.store() + " has " + available + " units of " + s.sku() + " to give, " + s.units() + " asked",
                List.of(),
                Map.of(
                        "store", order.store().value(),
                        "sku", s.sku().value(),
                        "available", String.valueOf(available)),
                null);
    }

    /**
     * Confirms the hold of a substitute the order records, so its units leave the store's stock (idempotent).
     * Past its expiry (the call that recorded it died and was repeated only after the hold's time to live) the
     * units stayed on the shelf by the lock's count: the order's record says sold, and the drift check shows the
     * difference until a rebuild takes the durable record.
     */
    private void sellSubstitute(Order order, SkuId substitute) {
        ConfirmResult result = inventory.confirm(order.store(), order.substituteHold(substitute));
        if (!(result instanceof ConfirmResult.Confirmed)) {
            LOG.error(
                    "the substitute {} of order {} is recorded, but its hold could not be confirmed: {}",
                    substitute,
                    order.id(),
                    result);
        }
    }

    /**
     * Whether a substitute's units left the store's stock: its hold confirmed now or before (a crash may have
     * left it held), or no longer known to the lock, whose durable record then is the order's.
     */
    private boolean substituteSold(Order order, SkuId substitute) {
        try {
            return inventory.confirm(order.store(), order.substituteHold(substitute))
                    instanceof ConfirmResult.Confirmed;
        } catch (OmsException e) {
            if (e.code() == ErrorCode.UNKNOWN_RESERVATION) {
                return true;
            }
            throw e;
        }
    }

    private void releaseQuietly(StoreId store, ReservationId hold) {
        try {
            inventory.release(store, hold);
        } catch (RuntimeException e) {
            LOG.warn("could not release the unused substitute hold {} in {}; it expires by itself", hold, store, e);
        }
    }

    /**
     * Records in the durable ledger the write-off of every unit of the order that went short or came back
     * unsellable; one movement per change, keyed by it, so a repeat records nothing twice.
     */
    private void writeOff(Order order) {
        List<StockMovement> movements = new ArrayList<>();
        for (int i = 0; i < order.history().size(); i++) {
            StatusChange change = order.history().get(i);
            ShortPick shortPick = change.shortPick();
            if (shortPick != null) {
                movements.add(writtenOff(
                        order, i + 1, shortPick.sku(), shortPick.units(), change, "short pick: " + shortPick.cause()));
            }
            if (change.to() == OrderStatus.RETURNED) {
                Map<SkuId, Integer> resellable = order.resellableReturned();
                for (OrderLine line : order.lines()) {
                    int lost = line.quantity() - resellable.getOrDefault(line.sku(), 0);
                    if (lost > 0) {
                        movements.add(writtenOff(order, i + 1, line.sku(), lost, change, "returned unsellable"));
                    }
                }
            }
        }
        if (!movements.isEmpty()) {
            ledger.record(movements);
        }
    }

    private static StockMovement writtenOff(
            Order order, int sequence, SkuId sku, long units, StatusChange change, String note) {
        return new StockMovement(
                "wo:" + order.id().value() + "#" + sequence + "/" + sku.value(),
                order.store(),
                Resource.sku(sku),
                MovementType.WRITTEN_OFF,
                units,
                null,
                change.actor().toString(),
                change.at(),
                order.id().value(),
                note);
    }

    @Override
    public Order recordReturn(OrderId id, boolean resellable, Actor actor) {
        return recordReturn(id, order -> everyDelivered(order, resellable), actor);
    }

    private static Map<SkuId, Integer> everyDelivered(Order order, boolean resellable) {
        Map<SkuId, Integer> units = new java.util.LinkedHashMap<>();
        for (OrderLine line : order.lines()) {
            units.put(line.sku(), resellable ? line.quantity() : 0);
        }
        return units;
    }

    @Override
    public Order recordReturn(OrderId id, Map<SkuId, Integer> resellable, Actor actor) {
        Checks.notNull(resellable, "resellable");
        return recordReturn(id, order -> resellable, actor);
    }

    /** A return whose resellable units are worked out from the order as read, on every attempt. */
    private Order recordReturn(OrderId id, java.util.function.Function<Order, Map<SkuId, Integer>> units, Actor actor) {
        Checks.notNull(actor, "actor");
        for (int attempt = 0; attempt < maxRetries; attempt++) {
            Order order = get(id);
            if (order.status() == OrderStatus.RETURNED) {
                if (clock.instant().isBefore(order.updatedAt().plus(restockRetryWindow))) {
                    putBackReturned(order);
                }
                writeOff(order);
                return order;
            }
            if (order.status() != OrderStatus.DELIVERED && order.status() != OrderStatus.OUT_FOR_DELIVERY) {
                throw Order.illegal(order, OrderStatus.RETURNED);
            }
            Map<SkuId, Integer> resellable = units.apply(order);
            String reason = returnReason(order, resellable);
            StatusChange change = new StatusChange(order.status(), OrderStatus.RETURNED, clock.instant(), actor, reason)
                    .withRefund(order.totals().total())
                    .withResellable(resellable);
            TransitionResult result = orders.transition(order.id(), order.version(), change);
            if (result instanceof TransitionResult.Applied) {
                putBackReturned(result.order());
                writeOff(result.order());
                publish(result.order(), change);
                return result.order();
            }
        }
        throw contended(id);
    }

    /**
     * The reason recorded on a return: {@link #RESELLABLE} when every unit can be sold again, {@link #NOT_RESELLABLE}
     * when none, {@link #PARTLY_RESELLABLE} otherwise (the change lists the units). {@code INVALID_QUANTITY} for a
     * SKU the order does not have or more units than it delivered.
     */
    private static String returnReason(Order order, Map<SkuId, Integer> resellable) {
        for (Map.Entry<SkuId, Integer> e : resellable.entrySet()) {
            Integer n = e.getValue();
            OrderLine line = order.line(Checks.notNull(e.getKey(), "sku")).orElse(null);
            if (n == null || n < 0 || line == null || n > line.quantity()) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_QUANTITY,
                        "resellable." + e.getKey().value(),
                        line == null
                                ? "order " + order.id() + " has no line of this SKU"
                                : "0 to " + line.quantity() + " units can be resold, not " + n);
            }
        }
        boolean all = true;
        boolean none = true;
        for (OrderLine line : order.lines()) {
            int n = resellable.getOrDefault(line.sku(), 0);
            all &= n == line.quantity();
            none &= n == 0;
        }
        return all ? RESELLABLE : none ? NOT_RESELLABLE : PARTLY_RESELLABLE;
    }

    private void putBackReturned(Order order) {
        Map<SkuId, Integer> resellable = order.resellableReturned();
        Actor actor = order.history().get(order.history().size() - 1).actor();
        String reason = "order " + order.id() + " returned";
        for (int i = 0; i < order.lines().size(); i++) {
            OrderLine line = order.lines().get(i);
            long left = resellable.getOrDefault(line.sku(), 0);
            // Resellable units go back into the batches they came from, first ones first, then outside batches.
            List<BatchTake> takes = line.deliveredBatches();
            for (int j = 0; j < takes.size() && left > 0; j++) {
                BatchTake take = takes.get(j);
                long n = Math.min(left, take.quantity());
                left -= n;
                applied(
                        order,
                        Resource.sku(line.sku()),
                        stock.apply(StockChange.returned(order.store(), line.sku(), n)
                                .batch(take.batch())
                                .id(MovementId.derive("rt", order.id().value(), String.valueOf(i), "b" + j))
                                .reason(reason)
                                .by(actor)
                                .build()));
            }
            if (left > 0) {
                applied(
                        order,
                        Resource.sku(line.sku()),
                        stock.apply(StockChange.returned(order.store(), line.sku(), left)
                                .id(MovementId.derive("rt", order.id().value(), String.valueOf(i)))
                                .reason(reason)
                                .by(actor)
                                .build()));
            }
        }
    }

    /**
     * Moves an order one step along the fulfilment path: PICKING, PACKED, OUT_FOR_DELIVERY or DELIVERED.
     * Asking for the status it already has returns it unchanged; any other move off the path is
     * {@code ILLEGAL_TRANSITION}. Confirmation and cancellation have their own methods.
     */
    public Order advance(OrderId id, OrderStatus to, Actor actor) {
        Checks.notNull(to, "to");
        Checks.notNull(actor, "actor");
        if (to == OrderStatus.AWAITING_PAYMENT
                || to == OrderStatus.CONFIRMED
                || to == OrderStatus.CANCELLED
                || to == OrderStatus.RETURNED) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "to",
                    to + " is reached through confirmPayment, paymentFailed, cancel or recordReturn, not advance");
        }
        for (int attempt = 0; attempt < maxRetries; attempt++) {
            Order order = get(id);
            if (order.status() == to) {
                return order;
            }
            if (!order.status().canMoveTo(to)) {
                throw Order.illegal(order, to);
            }
            Order moved = tryMove(order, to, actor, "");
            if (moved != null) {
                return moved;
            }
        }
        throw contended(id);
    }

    /**
     * Used by the reconciler: settles an order awaiting payment whose hold has expired by now. Releasing
     * the hold tells which way the flow went: if the hold was confirmed, the order is confirmed; otherwise
     * it is cancelled with {@link CancelReason#RESERVATION_EXPIRED}.
     */
    public Order settleLapsed(OrderId id) {
        Actor reconciler = RECONCILER;
        for (int attempt = 0; attempt < maxRetries; attempt++) {
            Order order = get(id);
            if (order.status() != OrderStatus.AWAITING_PAYMENT) {
                return order;
            }
            // The caller chose this order by its own clock; the lock's clock decides. A hold the lock still
            // counts as live (clock skew, a lock on server time) is left for the customer to pay.
            Optional<Reservation> hold = inventory.find(order.store(), order.reservationId());
            if (hold.isPresent() && hold.get().status() == ReservationStatus.HELD) {
                return order;
            }
            ReleaseResult released = releaseHold(order);
            Order moved = released instanceof ReleaseResult.AlreadyConfirmed
                    ? tryMove(
                            order,
                            OrderStatus.CONFIRMED,
                            reconciler,
                            "hold was confirmed; order completed by reconciler")
                    : tryMove(order, OrderStatus.CANCELLED, reconciler, CancelReason.RESERVATION_EXPIRED.name());
            if (moved != null) {
                return moved;
            }
        }
        throw contended(id);
    }

    /** The hold confirmed; {@code null} when the hold is gone and the ledger has no sale of it. */
    private @Nullable ConfirmResult confirmHold(Order order) {
        try {
            return inventory.confirm(order.store(), order.reservationId());
        } catch (OmsException e) {
            if (e.code() == ErrorCode.UNKNOWN_RESERVATION) {
                // The hold is gone (lost with its backend, or long past retention). Sold if the ledger says so;
                // otherwise it cannot be sold any more.
                Optional<Reservation> sold = soldByTheLedger(order);
                return sold.isPresent() ? new ConfirmResult.Confirmed(sold.get()) : null;
            }
            throw e;
        }
    }

    /** The hold released; {@code null} when the hold is gone and the ledger has no sale of it. */
    private @Nullable ReleaseResult releaseHold(Order order) {
        try {
            return inventory.release(order.store(), order.reservationId());
        } catch (OmsException e) {
            if (e.code() == ErrorCode.UNKNOWN_RESERVATION) {
                Optional<Reservation> sold = soldByTheLedger(order);
                return sold.isPresent() ? new ReleaseResult.AlreadyConfirmed(sold.get()) : null;
            }
            throw e;
        }
    }

    /** The order's hold as confirmed, when the durable ledger has its sale. */
    private Optional<Reservation> soldByTheLedger(Order order) {
        return OrderHold.recordedEnd(ledger, order)
                .filter(m -> m.type() == MovementType.SOLD)
                .map(m -> OrderHold.reservation(order, ReservationStatus.CONFIRMED, m.at()));
    }

    /** One compare-and-set; the moved order, or {@code null} when another writer got there first. */
    private @Nullable Order tryMove(Order order, OrderStatus to, Actor actor, String reason) {
        StatusChange change = new StatusChange(order.status(), to, clock.instant(), actor, reason);
        TransitionResult result = orders.transition(order.id(), order.version(), change);
        if (result instanceof TransitionResult.Conflict) {
            return null;
        }
        Order moved = result.order();
        publish(moved, change);
        return moved;
    }

    private void publish(Order order, StatusChange change) {
        if (change.to() == OrderStatus.CONFIRMED) {
            events.publish(new OmsEvent.OrderConfirmed(order, change.at()));
        } else if (change.to() == OrderStatus.CANCELLED) {
            events.publish(
                    new OmsEvent.OrderCancelled(order, order.cancelReason().orElse(CancelReason.STORE), change.at()));
        }
        events.publish(new OmsEvent.OrderStatusChanged(order, change, change.at()));
    }

    /**
     * Puts back a cancelled paid order's units, into the batches they came from, and gives back its slot's
     * capacity when the slot has not started; one movement per line and batch, idempotent on the order id.
     * True when this call applied at least one movement (false when all had been applied before).
     */
    private boolean restock(Order order) {
        boolean appliedNow = false;
        String reason = "order " + order.id() + " cancelled";
        Actor actor = order.history().get(order.history().size() - 1).actor();
        Map<SkuId, ShortPick> substitutions = order.substitutions();
        for (int i = 0; i < order.lines().size(); i++) {
            OrderLine line = order.lines().get(i);
            if (substitutions.containsKey(line.sku()) && !substituteSold(order, line.sku())) {
                continue; // its units never left the shelf: nothing to put back
            }
            Resource resource = Resource.sku(line.sku());
            long unbatched = line.deliveredUnbatched();
            if (unbatched > 0) {
                MovementId movement = new MovementId("rs-" + order.id().value() + "-" + i);
                appliedNow |= applied(
                        order,
                        resource,
                        stock.apply(StockChange.restock(order.store(), resource, unbatched)
                                .id(movement)
                                .reason(reason)
                                .by(actor)
                                .build()));
            }
            List<BatchTake> delivered = line.deliveredBatches();
            for (int j = 0; j < delivered.size(); j++) {
                BatchTake take = delivered.get(j);
                MovementId movement = MovementId.derive("rs", order.id().value(), String.valueOf(i), "b" + j);
                appliedNow |= applied(
                        order,
                        resource,
                        stock.apply(StockChange.restock(order.store(), resource, take.quantity())
                                .batch(take.batch())
                                .id(movement)
                                .reason(reason)
                                .by(actor)
                                .build()));
            }
        }
        SlotBooking slot = order.slot();
        if (slot != null && !slot.hasStartedAt(clock.instant())) {
            MovementId movement = MovementId.derive("rs", order.id().value(), "slot");
            appliedNow |= applied(
                    order,
                    slot.id().resource(),
                    stock.apply(StockChange.restock(order.store(), slot.id().resource(), 1)
                            .id(movement)
                            .reason(reason)
                            .by(actor)
                            .build()));
        }
        return appliedNow;
    }

    private static boolean applied(Order order, Resource resource, StockChangeResult result) {
        if (result instanceof StockChangeResult.Rejected rejected) {
            LOG.error("restock of {} for cancelled order {} refused: {}", resource, order.id(), rejected.why());
            return false;
        }
        return !((StockChangeResult.Applied) result).repeated();
    }

    private static OmsException contended(OrderId id) {
        return new OmsException(
                ErrorCode.CONCURRENT_MODIFICATION,
                "order " + id + " kept changing under this call; retry it",
                List.of(),
                Map.of("orderId", id.value()),
                null);
    }

    @Override
    public Optional<Order> find(OrderId id) {
        return orders.find(Checks.notNull(id, "orderId"));
    }
}
