package io.qcommerce.oms.placement;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import org.jspecify.annotations.Nullable;

/**
 * A customer's request to buy a cart.
 *
 * @param customer       who
 * @param idempotencyKey the caller's key: the same key from the same customer is the same order
 * @param pincode        where to deliver
 * @param cart           what, as the customer sent it
 * @param store          the store the customer's cart is tied to; absent to let placement choose
 * @param location       the customer's coordinates, if known; when given, nearer stores go first
 * @param slot           the delivery slot the customer picked; absent for delivery as soon as
 *                       possible; a slot ties the order to its store
 */
public record PlaceOrderRequest(
        CustomerId customer,
        IdempotencyKey idempotencyKey,
        Pincode pincode,
        Cart cart,
        @Nullable StoreId store,
        @Nullable GeoPoint location,
        @Nullable SlotId slot) {
    public PlaceOrderRequest {
        Checks.notNull(customer, "customer");
        Checks.notNull(idempotencyKey, "idempotencyKey");
        Checks.notNull(pincode, "pincode");
        Checks.notNull(cart, "cart");
    }

    public PlaceOrderRequest(
            CustomerId customer,
            IdempotencyKey idempotencyKey,
            Pincode pincode,
            Cart cart,
            @Nullable StoreId store,
            @Nullable GeoPoint location) {
        this(customer, idempotencyKey, pincode, cart, store, location, null);
    }

    /** The same request for delivery in the given slot. */
    public PlaceOrderRequest inSlot(SlotId value) {
        return new PlaceOrderRequest(
                customer, idempotencyKey, pincode, cart, store, location, Checks.notNull(value, "slot"));
    }

    /** The usual request: placement chooses the store. */
    public static PlaceOrderRequest of(CustomerId customer, IdempotencyKey key, Pincode pincode, Cart cart) {
        return new PlaceOrderRequest(customer, key, pincode, cart, null, null);
    }
}
