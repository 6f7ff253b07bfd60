package io.qcommerce.oms.placement;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import org.jspecify.annotations.Nullable;

/**
 * A customer's request to buy a cart, made by the customer or by staff on the customer's behalf.
 *
 * @param customer       who
 * @param idempotencyKey the caller's key: the same key from the same customer is the same order
 * @param pincode        where to deliver
 * @param cart           what, as the customer sent it
 * @param store          the store the customer's cart is tied to; absent to let placement choose
 * @param location       the customer's coordinates, if known; when given, nearer stores go first
 * @param slot           the delivery slot the customer picked; absent for delivery as soon as
 *                       possible; a slot ties the order to its store
 * @param placedBy       who places it, recorded as the actor of the order's first status change: the
 *                       customer (the default), or an admin or store staff acting for the customer; a
 *                       customer may place only their own orders. Not part of what a retry must repeat:
 *                       a repeated key answers the order as the first attempt recorded it
 * @param allowSubstitutes whether the picker may hand over a substitute SKU of no higher price for units found
 *                       missing or damaged ({@link io.qcommerce.oms.order.ShortPick}); false by default, and
 *                       recorded on the order. Not part of what a retry must repeat
 */
public record PlaceOrderRequest(
        CustomerId customer,
        IdempotencyKey idempotencyKey,
        Pincode pincode,
        Cart cart,
        @Nullable StoreId store,
        @Nullable GeoPoint location,
        @Nullable SlotId slot,
        Actor placedBy,
        boolean allowSubstitutes) {
    public PlaceOrderRequest {
        Checks.notNull(customer, "customer");
        Checks.notNull(idempotencyKey, "idempotencyKey");
        Checks.notNull(pincode, "pincode");
        Checks.notNull(cart, "cart");
        Checks.notNull(placedBy, "placedBy");
        if (placedBy.type() == Actor.Type.CUSTOMER && !placedBy.id().equals(customer.value())) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "placedBy",
                    "customer " + placedBy.id() + " cannot place an order for customer " + customer.value());
        }
    }

    /** A request that allows no substitutes. */
    public PlaceOrderRequest(
            CustomerId customer,
            IdempotencyKey idempotencyKey,
            Pincode pincode,
            Cart cart,
            @Nullable StoreId store,
            @Nullable GeoPoint location,
            @Nullable SlotId slot,
            Actor placedBy) {
        this(customer, idempotencyKey, pincode, cart, store, location, slot, placedBy, false);
    }

    /** A request placed by the customer. */
    public PlaceOrderRequest(
            CustomerId customer,
            IdempotencyKey idempotencyKey,
            Pincode pincode,
            Cart cart,
            @Nullable StoreId store,
            @Nullable GeoPoint location,
            @Nullable SlotId slot) {
        this(customer, idempotencyKey, pincode, cart, store, location, slot, customerItself(customer));
    }

    public PlaceOrderRequest(
            CustomerId customer,
            IdempotencyKey idempotencyKey,
            Pincode pincode,
            Cart cart,
            @Nullable StoreId store,
            @Nullable GeoPoint location) {
        this(customer, idempotencyKey, pincode, cart, store, location, null, customerItself(customer));
    }

    /** The same request for delivery in the given slot. */
    public PlaceOrderRequest inSlot(SlotId value) {
        return new PlaceOrderRequest(
                customer,
                idempotencyKey,
                pincode,
                cart,
                store,
                location,
                Checks.notNull(value, "slot"),
                placedBy,
                allowSubstitutes);
    }

    /**
     * The same request placed by {@code actor} for the customer: an admin or store staff taking an order by
     * phone, say. The order's history then names them, not the customer, as who placed it.
     */
    public PlaceOrderRequest placedBy(Actor actor) {
        return new PlaceOrderRequest(
                customer,
                idempotencyKey,
                pincode,
                cart,
                store,
                location,
                slot,
                Checks.notNull(actor, "placedBy"),
                allowSubstitutes);
    }

    /**
     * The same request with substitutes allowed: a unit found missing or damaged at picking may be replaced by
     * one of another SKU of no higher price, the difference refunded.
     */
    public PlaceOrderRequest allowingSubstitutes() {
        return new PlaceOrderRequest(customer, idempotencyKey, pincode, cart, store, location, slot, placedBy, true);
    }

    private static Actor customerItself(CustomerId customer) {
        return Actor.customer(Checks.notNull(customer, "customer").value());
    }

    /** The usual request: placement chooses the store. */
    public static PlaceOrderRequest of(CustomerId customer, IdempotencyKey key, Pincode pincode, Cart cart) {
        return new PlaceOrderRequest(customer, key, pincode, cart, null, null);
    }
}
