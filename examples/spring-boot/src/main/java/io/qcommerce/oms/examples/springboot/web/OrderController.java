package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.ops.OmsMetrics;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.Forbidden;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.security.Role;
import io.qcommerce.oms.examples.springboot.web.Views.OrderView;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders: placement with an {@code Idempotency-Key}, the payment callbacks, cancellation, the fulfilment
 * steps, and the queries. Who may do what:
 * <ul>
 *   <li>place: a customer for themself, an admin for a customer named in the body;</li>
 *   <li>read, list: the order's customer, its store's manager, an admin; anyone else gets 404;</li>
 *   <li>payment confirmed: an admin (the payment system's account); payment failed: also the customer;</li>
 *   <li>cancel: the customer (reason CUSTOMER), the store's manager (STORE or DELIVERY_FAILED), an admin;</li>
 *   <li>advance the status, record a return: the store's manager, an admin.</li>
 * </ul>
 */
@RestController
@RequestMapping("/orders")
public class OrderController {
    private static final Set<CancelReason> MANAGER_REASONS =
            EnumSet.of(CancelReason.STORE, CancelReason.DELIVERY_FAILED);
    /** The statuses {@code POST /orders/{id}/status} moves to; the others have endpoints of their own. */
    private static final Set<OrderStatus> STEPS =
            EnumSet.of(OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED);

    private final Oms oms;
    private final OmsMetrics metrics;

    public OrderController(Oms oms, OmsMetrics metrics) {
        this.oms = oms;
        this.metrics = metrics;
    }

    /**
     * Places an order, recording the caller (the customer, or an admin placing for a customer) as who placed it:
     * 201 with its Location when new, 200 with the order as it is now when the key was seen before (a retry), 422 when the cart cannot be had or its delivery slot is full or past its cut-off, 409 when
     * the key was used for another cart (or another slot), or the slot is deactivated, 404 for an unknown slot.
     */
    @PostMapping
    public ResponseEntity<OrderView> place(
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody Requests.PlaceOrder body,
            @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.CUSTOMER, Role.ADMIN);
        Input in = new Input();
        IdempotencyKey idempotencyKey = in.required("Idempotency-Key", key, IdempotencyKey::of);
        CustomerId customer;
        if (user.is(Role.CUSTOMER)) {
            customer = user.customer();
            if (body.customer() != null && !body.customer().equals(customer.value())) {
                throw new Forbidden("a customer places orders for themself only");
            }
        } else {
            customer = in.required("customer", body.customer(), CustomerId::of);
        }
        Pincode pincode = in.required("pincode", body.pincode(), Pincode::of);
        StoreId store = in.optional("store", body.store(), StoreId::of);
        GeoPoint location = Parse.location(in, body.location());
        SlotId slot = in.optional("slotId", body.slotId(), SlotId::of);
        Cart cart = Parse.cart(in, body.lines());
        in.check();

        // An admin placing for a customer is recorded as who placed it; a customer is recorded as themself.
        PlaceOrderRequest request =
                new PlaceOrderRequest(customer, idempotencyKey, pincode, cart, store, location).placedBy(user.actor());
        if (slot != null) {
            request = request.inSlot(slot);
        }
        PlacementResult result;
        try {
            result = oms.place(request);
        } catch (OmsException e) {
            metrics.placement("error");
            throw e;
        }
        metrics.placement(Outcomes.outcomeTag(result));
        if (result instanceof PlacementResult.Placed placed) {
            OrderView view = OrderView.of(placed.order());
            return ResponseEntity.created(URI.create("/orders/" + view.id())).body(view);
        }
        if (result instanceof PlacementResult.Repeated repeated) {
            // The same key again: the order that key placed, as it is now (maybe paid or cancelled by now).
            OrderView view = OrderView.of(repeated.order());
            return ResponseEntity.ok()
                    .location(URI.create("/orders/" + view.id()))
                    .body(view);
        }
        throw Outcomes.notPlaced(result);
    }

    @GetMapping("/{id}")
    public OrderView get(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        return OrderView.of(visible(id, user));
    }

    /**
     * A customer's orders, newest first ({@code customer}, default: the caller), or a store's orders in a
     * status, oldest first ({@code store} and {@code status}); at most {@code limit} (default 50).
     */
    @GetMapping
    public List<OrderView> list(
            @RequestParam(required = false) String customer,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String limit,
            @AuthenticationPrincipal OmsUser user) {
        Input in = new Input();
        int n = Parse.limit(in, limit);
        List<Order> orders;
        if (store != null) {
            StoreId storeId = in.required("store", store, StoreId::of);
            OrderStatus s = Parse.oneOf(in, "status", status, OrderStatus.class, true);
            in.check();
            Access.requireStaffOf(user, storeId);
            orders = oms.orders().byStoreAndStatus(storeId, s, n);
        } else {
            if (status != null) {
                in.problem("status", "filters a store's orders: give store too", ErrorCode.INVALID_ARGUMENT);
            }
            CustomerId customerId = customer != null
                    ? in.required("customer", customer, CustomerId::of)
                    : user.is(Role.CUSTOMER) ? user.customer() : null;
            if (customerId == null && !user.is(Role.CUSTOMER)) {
                in.problem("customer", "give customer, or store and status", ErrorCode.INVALID_ARGUMENT);
            }
            in.check();
            Access.requireSelfOrAdmin(user, customerId);
            orders = oms.orders().byCustomer(customerId, n);
        }
        return orders.stream().map(OrderView::of).toList();
    }

    /** The payment went through: the order is CONFIRMED, or 409 PAYMENT_REFUSED when its hold had lapsed. */
    @PostMapping("/{id}/payment-confirmed")
    public OrderView paymentConfirmed(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        PaymentResult result = oms.orders().confirmPayment(OrderId.of(id), user.actor());
        if (result instanceof PaymentResult.Refused refused) {
            metrics.paymentRefused();
            throw Outcomes.paymentRefused(refused);
        }
        return OrderView.of(result.order());
    }

    /** The payment failed: the hold is released and the order CANCELLED (PAYMENT_FAILED). */
    @PostMapping("/{id}/payment-failed")
    public OrderView paymentFailed(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN, Role.CUSTOMER);
        Order order = visible(id, user);
        return OrderView.of(oms.orders().paymentFailed(order.id(), user.actor()));
    }

    /** Cancels an order that is not delivered; held units go back, sold units are restocked. */
    @PostMapping("/{id}/cancel")
    public OrderView cancel(
            @PathVariable String id,
            @RequestBody(required = false) Requests.Cancel body,
            @AuthenticationPrincipal OmsUser user) {
        Order order = visible(id, user);
        Input in = new Input();
        CancelReason reason = Parse.oneOf(in, "reason", body == null ? null : body.reason(), CancelReason.class, false);
        in.check();
        switch (user.role()) {
            case CUSTOMER:
                if (reason != null && reason != CancelReason.CUSTOMER) {
                    throw new Forbidden("a customer cancels with reason CUSTOMER");
                }
                reason = CancelReason.CUSTOMER;
                break;
            case STORE_MANAGER:
                if (reason != null && !MANAGER_REASONS.contains(reason)) {
                    throw new Forbidden("a store manager cancels with reason " + MANAGER_REASONS);
                }
                reason = reason == null ? CancelReason.STORE : reason;
                break;
            default:
                reason = reason == null ? CancelReason.STORE : reason;
        }
        return OrderView.of(oms.orders().cancel(order.id(), reason, user.actor()));
    }

    /** Moves the order one step: PICKING, PACKED, OUT_FOR_DELIVERY, DELIVERED. */
    @PostMapping("/{id}/status")
    public OrderView advance(
            @PathVariable String id, @RequestBody Requests.Advance body, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.STORE_MANAGER, Role.ADMIN);
        Order order = visible(id, user);
        Input in = new Input();
        OrderStatus to = Parse.oneOf(in, "status", body.status(), OrderStatus.class, true);
        if (to != null && !STEPS.contains(to)) {
            in.problem(
                    "status",
                    "must be one of " + STEPS + ", was " + to + " (CANCELLED: POST /orders/{id}/cancel;"
                            + " RETURNED: POST /orders/{id}/return; CONFIRMED: the payment callback)",
                    ErrorCode.INVALID_ARGUMENT);
        }
        in.check();
        return OrderView.of(oms.orders().advance(order.id(), to, user.actor()));
    }

    /**
     * An order came back, delivered or from a failed delivery: it becomes RETURNED. With {@code resellable} true
     * its units go back on the shelf, into the batches they came from (RETURNED movements in the stock ledger,
     * made by the caller); false writes them off. Repeating it returns the returned order as it is (the first
     * call's {@code resellable} stands). 409 {@code ILLEGAL_TRANSITION} for an order that is neither out for
     * delivery nor delivered.
     */
    @PostMapping("/{id}/return")
    public OrderView recordReturn(
            @PathVariable String id,
            @RequestBody(required = false) Requests.Return body,
            @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.STORE_MANAGER, Role.ADMIN);
        Order order = visible(id, user);
        Input in = new Input();
        Boolean resellable = in.required("resellable", body == null ? null : body.resellable(), v -> v);
        in.check();
        return OrderView.of(oms.orders().recordReturn(order.id(), resellable, user.actor()));
    }

    private Order visible(String id, OmsUser user) {
        return Access.visible(user, oms.orders().get(OrderId.of(id)));
    }
}
