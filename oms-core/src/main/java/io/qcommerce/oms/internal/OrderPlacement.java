package io.qcommerce.oms.internal;

import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.InventoryService;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places orders: the saga behind {@code Oms.place}.
 * <ol>
 *   <li>Validate the cart, every problem at once.</li>
 *   <li>Try the stores of the pincode in order; hold the whole cart at the first that has it all. With a
 *       delivery slot, only the slot's store is tried, and the slot's capacity is held in the same hold as
 *       the units. Units of SKUs kept in batches come first-expiry-first-out from batches still good at
 *       delivery plus the SKU's minimum shelf life; the order records the batches.</li>
 *   <li>Store the order, awaiting payment, with the request's actor as who placed it. If storing fails
 *       (for sure, or with an unknown outcome), or the process dies, the hold is kept: a retry with the same
 *       key holds again with the same reservation id, which finds that hold (holding is idempotent on the
 *       id) and stores the order on it, so the stock is held once. If no retry comes, the hold expires at
 *       its TTL and the reconciler settles any order stored after all.</li>
 * </ol>
 *
 * <p><b>Idempotency.</b> The order id derives from (customer, idempotency key) and the reservation id from
 * the order id, so a retry finds the order, or the hold, of the first attempt; a key already placed answers
 * {@code Repeated} with the order as it is now; the same key with another cart or pincode is an
 * {@code IDEMPOTENCY_CONFLICT}. One caveat: when a first attempt held stock at a
 * fallback store and died, and its retry finds the preferred store able to serve, the retry holds there
 * and the first hold is left to expire (no stock is lost; it is unavailable until its TTL).
 *
 * <p>Thread-safe; concurrent placements of the same key yield one order.
 */
final class OrderPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);

    private final CartValidator validator;
    private final StoreAssignment assignment;
    private final InventoryService stock;
    private final InventoryLock inventory;
    private final OrderRepository orders;
    private final EventPublisher events;
    private final Clock clock;
    private final Duration holdTtl;
    private final SlotDirectory slots;
    private final Catalog catalog;
    private final Duration deliveryAllowance;

    OrderPlacement(
            CartValidator validator,
            StoreAssignment assignment,
            InventoryService stock,
            InventoryLock inventory,
            OrderRepository orders,
            SlotDirectory slots,
            Catalog catalog,
            EventPublisher events,
            Clock clock,
            Duration holdTtl,
            Duration deliveryAllowance) {
        this.deliveryAllowance = Checks.notNull(deliveryAllowance, "deliveryAllowance");
        this.slots = Checks.notNull(slots, "slots");
        this.catalog = Checks.notNull(catalog, "catalog");
        this.validator = Checks.notNull(validator, "validator");
        this.assignment = Checks.notNull(assignment, "assignment");
        this.stock = Checks.notNull(stock, "stock");
        this.inventory = Checks.notNull(inventory, "inventory");
        this.orders = Checks.notNull(orders, "orders");
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
        this.holdTtl = Checks.notNull(holdTtl, "holdTtl");
    }

    public PlacementResult place(PlaceOrderRequest request) {
        Checks.notNull(request, "request");
        OrderId orderId = OrderId.derive(request.customer(), request.idempotencyKey());

        Optional<Order> earlier = orders.find(orderId);
        if (earlier.isPresent()) {
            return new PlacementResult.Repeated(sameRequestOrConflict(earlier.get(), request));
        }

        CartValidation validation = validator.validate(request.cart());
        if (validation instanceof CartValidation.Invalid invalid) {
            return new PlacementResult.CartRejected(invalid.problems(), invalid.totalProblems());
        }
        CartValidation.Valid cart = (CartValidation.Valid) validation;

        DeliverySlot slot = request.slot() == null ? null : bookableSlot(request);
        StoreId storeId = slot != null ? slot.store() : request.store();
        List<Store> stores = storeId != null
                ? assignment.chosen(storeId, request.pincode())
                : assignment.candidates(request.pincode(), request.location());
        if (stores.isEmpty()) {
            return new PlacementResult.NotServiceable(request.pincode());
        }

        List<HoldLine> holdLines = holdLines(cart, slot);
        Map<StoreId, List<Shortfall>> shortfalls = new LinkedHashMap<>();
        for (Store store : stores) {
            HoldRequest hold = new HoldRequest(
                    orderId.reservationId(), store.id(), holdLines, holdTtl, slot == null ? null : slot.cutoff());
            ReserveResult reserved = stock.reserve(hold);
            if (reserved instanceof ReserveResult.TooLate) {
                // Only a hold with a cut-off (a slot's) can come too late.
                DeliverySlot late = java.util.Objects.requireNonNull(slot, "slot");
                return new PlacementResult.SlotUnavailable(late.id(), PlacementResult.SlotUnavailable.Why.CUT_OFF);
            }
            if (reserved instanceof ReserveResult.Insufficient insufficient) {
                List<Shortfall> missing = insufficient.shortfalls();
                if (slot != null
                        && missing.stream()
                                .anyMatch(m -> m.resource().equals(slot.id().resource()))) {
                    return new PlacementResult.SlotUnavailable(slot.id(), PlacementResult.SlotUnavailable.Why.FULL);
                }
                shortfalls.put(store.id(), missing);
                continue;
            }
            Reservation reservation = ((ReserveResult.Reserved) reserved).reservation();
            if (reservation.status() != ReservationStatus.HELD) {
                // A concurrent attempt with this key may have stored the order (and released our spare
                // hold) after our first look: that order is the answer, not "key spent".
                Optional<Order> stored = orders.find(orderId);
                if (stored.isPresent()) {
                    return new PlacementResult.Repeated(sameRequestOrConflict(stored.get(), request));
                }
                return new PlacementResult.HoldLapsed(orderId);
            }
            return store(request, orderId, cart, reservation, slot);
        }
        return new PlacementResult.OutOfStock(shortfalls);
    }

    /**
     * The slot the customer picked, checked before anything is held: it must exist ({@code UNKNOWN_SLOT}),
     * be active and belong to the store the request names, if any ({@code SLOT_INACTIVE}). Its cut-off is
     * checked again by the lock, atomically with the hold.
     */
    private DeliverySlot bookableSlot(PlaceOrderRequest request) {
        SlotId slotId = java.util.Objects.requireNonNull(request.slot(), "slot");
        DeliverySlot slot = slots.find(slotId)
                .orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_SLOT, "slot", slotId.value()));
        if (!slot.active()) {
            throw new OmsException(
                    ErrorCode.SLOT_INACTIVE,
                    "slot " + slot.id() + " is not taking bookings",
                    List.of(),
                    Map.of("slotId", slot.id().value()),
                    null);
        }
        if (request.store() != null && !request.store().equals(slot.store())) {
            throw new OmsException(
                    ErrorCode.SLOT_INACTIVE,
                    "slot " + slot.id() + " belongs to store " + slot.store() + ", not " + request.store(),
                    List.of(),
                    Map.of("slotId", slot.id().value()),
                    null);
        }
        return slot;
    }

    /**
     * The cart's units, each required to be good at delivery plus its SKU's minimum shelf life (delivery is
     * the slot's end, or now plus the delivery allowance for delivery as soon as possible), and the slot's
     * capacity of one.
     */
    private List<HoldLine> holdLines(CartValidation.Valid cart, @Nullable DeliverySlot slot) {
        List<OrderLine> lines = cart.lines();
        Map<SkuId, Sku> skus = cart.skus();
        if (!skus.keySet().containsAll(lines.stream().map(OrderLine::sku).toList())) {
            // A validation made elsewhere, without the catalog entries: read them.
            List<SkuId> ids = new ArrayList<>(lines.size());
            for (OrderLine line : lines) {
                ids.add(line.sku());
            }
            skus = catalog.findAll(ids);
        }
        Instant delivery = slot != null ? slot.end() : clock.instant().plus(deliveryAllowance);
        List<HoldLine> out = new ArrayList<>(lines.size() + 1);
        for (OrderLine line : lines) {
            Sku sku = skus.get(line.sku());
            Duration margin = sku == null ? Duration.ZERO : sku.minShelfLife();
            Instant freshUntil = delivery.plus(margin);
            out.add(new HoldLine(Resource.sku(line.sku()), line.quantity(), freshUntil));
        }
        if (slot != null) {
            out.add(new HoldLine(slot.id().resource(), 1));
        }
        return out;
    }

    private PlacementResult store(
            PlaceOrderRequest request,
            OrderId orderId,
            CartValidation.Valid cart,
            Reservation reservation,
            @Nullable DeliverySlot slot) {
        StatusChange placed = new StatusChange(
                null, OrderStatus.AWAITING_PAYMENT, reservation.createdAt(), request.placedBy(), "placed");
        List<OrderLine> lines = new ArrayList<>(cart.lines().size());
        for (OrderLine line : cart.lines()) {
            lines.add(line.withBatches(reservation.takesOf(Resource.sku(line.sku()))));
        }
        Order order = new Order(
                orderId,
                request.customer(),
                request.idempotencyKey(),
                reservation.store(),
                request.pincode(),
                lines,
                cart.totals(),
                reservation.id(),
                reservation.expiresAt(),
                reservation.createdAt(),
                OrderStatus.AWAITING_PAYMENT,
                List.of(placed),
                0,
                slot == null ? null : SlotBooking.of(slot),
                request.allowSubstitutes());
        // A failed insert keeps the hold, even a definite failure: the error tells the caller to retry, and
        // the retry with this key stores the order on this very hold. Released here, the retry would find it
        // spent (HoldLapsed) and the customer could never complete the order.
        InsertResult inserted = orders.insert(order);
        if (inserted instanceof InsertResult.Duplicate) {
            Order winner = inserted.order();
            if (!winner.store().equals(reservation.store())) {
                // A concurrent attempt with this key won at another store: ours is surplus.
                releaseQuietly(reservation);
            }
            return new PlacementResult.Repeated(sameRequestOrConflict(winner, request));
        }
        events.publish(new OmsEvent.OrderPlaced(order, clock.instant()));
        return new PlacementResult.Placed(order);
    }

    private void releaseQuietly(Reservation reservation) {
        try {
            inventory.release(reservation.store(), reservation.id());
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not release hold {} at {}; it will expire at {}",
                    reservation.id(),
                    reservation.store(),
                    reservation.expiresAt(),
                    e);
        }
    }

    /** A retry must ask for what the first attempt asked for; otherwise the key is being reused. */
    private static Order sameRequestOrConflict(Order order, PlaceOrderRequest request) {
        Map<SkuId, Long> asked = new LinkedHashMap<>();
        for (CartLine line : request.cart().lines()) {
            asked.merge(line.sku(), (long) line.quantity(), Long::sum);
        }
        Map<SkuId, Long> placed = new LinkedHashMap<>();
        for (OrderLine line : order.heldLines()) {
            placed.put(line.sku(), line.soldQuantity()); // as placed: a short pick later does not change it
        }
        boolean sameSlot = request.slot() == null
                ? order.slot() == null
                : order.slot() != null && order.slot().id().equals(request.slot());
        if (!asked.equals(placed)
                || !order.pincode().equals(request.pincode())
                || !sameSlot
                || (request.store() != null && !request.store().equals(order.store()))) {
            throw new OmsException(
                    ErrorCode.IDEMPOTENCY_CONFLICT,
                    "idempotency key " + request.idempotencyKey() + " was used for a different order",
                    List.of(),
                    Map.of("orderId", order.id().value()),
                    null);
        }
        return order;
    }
}
