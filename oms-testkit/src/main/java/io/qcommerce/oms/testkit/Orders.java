package io.qcommerce.oms.testkit;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.OrderTotals;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Valid {@link Order} values for tests: a new order as placement writes it (version 0, status
 * AWAITING_PAYMENT, a history of one placement entry, totals computed from the lines), with every field
 * defaulted to something sensible and unique where it must be. Instants default to whole milliseconds,
 * the precision every store keeps; tests that set their own should do the same.
 */
public final class Orders {
    /** The default pincode of built orders (Bengaluru GPO). */
    public static final Pincode DEFAULT_PINCODE = Pincode.of("560001");
    /** The default creation instant of built orders. */
    public static final Instant DEFAULT_CREATED_AT = Instant.parse("2025-01-15T10:00:00Z");
    /** The default time between placement and the expiry of the order's hold. */
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);

    private Orders() {}

    /** A builder whose customer, key, store and id are fresh random values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A new order with every field defaulted. */
    public static Order awaitingPayment() {
        return builder().build();
    }

    /** An order line of {@code quantity} units at {@code pricePaise}, with an MRP of {@code mrpPaise}. */
    public static OrderLine line(String sku, int quantity, long pricePaise, long mrpPaise) {
        return new OrderLine(SkuId.of(sku), "Item " + sku, quantity, Money.inr(pricePaise), Money.inr(mrpPaise));
    }

    /** A status change made by a system actor named "test", with an empty reason. */
    public static StatusChange change(OrderStatus from, OrderStatus to, Instant at) {
        return new StatusChange(from, to, at, Actor.system("test"), "");
    }

    /** A status change made by a system actor named "test", with the given reason. */
    public static StatusChange change(OrderStatus from, OrderStatus to, Instant at, String reason) {
        return new StatusChange(from, to, at, Actor.system("test"), reason);
    }

    private static String random() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    /** Builds a new order; unset fields take the defaults described on {@link Orders}. */
    public static final class Builder {
        private @Nullable OrderId id;
        private CustomerId customer = CustomerId.of("cust-" + random());
        private IdempotencyKey idempotencyKey = IdempotencyKey.of("key-" + random());
        private StoreId store = StoreId.of("store-" + random());
        private Pincode pincode = DEFAULT_PINCODE;
        private final List<OrderLine> lines = new ArrayList<>();
        private Instant createdAt = DEFAULT_CREATED_AT;
        private @Nullable Instant holdExpiresAt;
        private @Nullable ReservationId reservationId;
        private @Nullable SlotBooking slot;
        private boolean substitutesAllowed;

        private Builder() {}

        /** The order id; default {@link OrderId#derive} of the customer and key, as placement makes it. */
        public Builder id(OrderId value) {
            this.id = Checks.notNull(value, "id");
            return this;
        }

        public Builder customer(CustomerId value) {
            this.customer = Checks.notNull(value, "customer");
            return this;
        }

        public Builder idempotencyKey(IdempotencyKey value) {
            this.idempotencyKey = Checks.notNull(value, "idempotencyKey");
            return this;
        }

        public Builder store(StoreId value) {
            this.store = Checks.notNull(value, "store");
            return this;
        }

        public Builder pincode(Pincode value) {
            this.pincode = Checks.notNull(value, "pincode");
            return this;
        }

        /** Adds a line; without any, the order has 2 units of {@code milk-1l} at INR 32.00 (MRP 34.00). */
        public Builder line(OrderLine value) {
            lines.add(Checks.notNull(value, "line"));
            return this;
        }

        public Builder line(String sku, int quantity, long pricePaise, long mrpPaise) {
            return line(Orders.line(sku, quantity, pricePaise, mrpPaise));
        }

        /** When it was placed; also the instant of the placement entry of its history. */
        public Builder createdAt(Instant value) {
            this.createdAt = Checks.notNull(value, "createdAt");
            return this;
        }

        /** When its hold expires; default {@code createdAt + }{@link #DEFAULT_HOLD}. */
        public Builder holdExpiresAt(Instant value) {
            this.holdExpiresAt = Checks.notNull(value, "holdExpiresAt");
            return this;
        }

        /** The order's hold; default {@link OrderId#reservationId()} of its id. */
        public Builder reservationId(ReservationId value) {
            this.reservationId = Checks.notNull(value, "reservationId");
            return this;
        }

        /** The delivery slot it booked; default none. */
        public Builder slot(SlotBooking value) {
            this.slot = Checks.notNull(value, "slot");
            return this;
        }

        /** The customer lets the picker hand over substitutes; default false. */
        public Builder substitutesAllowed(boolean value) {
            this.substitutesAllowed = value;
            return this;
        }

        public Order build() {
            OrderId orderId = id != null ? id : OrderId.derive(customer, idempotencyKey);
            List<OrderLine> orderLines = lines.isEmpty() ? List.of(Orders.line("milk-1l", 2, 3200, 3400)) : lines;
            StatusChange placed = new StatusChange(
                    null, OrderStatus.AWAITING_PAYMENT, createdAt, Actor.customer(customer.value()), "placed");
            return new Order(
                    orderId,
                    customer,
                    idempotencyKey,
                    store,
                    pincode,
                    orderLines,
                    OrderTotals.of(orderLines),
                    reservationId != null ? reservationId : orderId.reservationId(),
                    holdExpiresAt != null ? holdExpiresAt : createdAt.plus(DEFAULT_HOLD),
                    createdAt,
                    OrderStatus.AWAITING_PAYMENT,
                    List.of(placed),
                    0,
                    slot,
                    substitutesAllowed);
        }
    }
}
