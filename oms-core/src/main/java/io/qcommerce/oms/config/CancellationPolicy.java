package io.qcommerce.oms.config;

import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.OrderStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * Up to which status each kind of actor may cancel an order. The default lets a customer cancel before
 * packing starts (awaiting payment, confirmed, picking) and the store, an admin or a system job up to and
 * including packed. No one cancels an order out for delivery or later: a failed delivery comes back as a
 * return ({@code OrderService.recordReturn}). Cancellations the library makes itself (payment failed, hold
 * expired) are always allowed while the order awaits payment. Immutable.
 */
public final class CancellationPolicy {
    private static final CancellationPolicy DEFAULTS = builder().build();

    private final Map<Actor.Type, OrderStatus> latest;

    private CancellationPolicy(Map<Actor.Type, OrderStatus> latest) {
        this.latest = new EnumMap<>(latest);
    }

    /** Customers before packing; store staff, admins and jobs up to packed. */
    public static CancellationPolicy ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The latest status from which {@code type} may cancel. */
    public OrderStatus latestFor(Actor.Type type) {
        OrderStatus status = latest.get(Checks.notNull(type, "type"));
        return status == null ? OrderStatus.PACKED : status;
    }

    /** True when {@code actor} may cancel an order that is {@code status} now. */
    public boolean allows(Actor actor, OrderStatus status) {
        Checks.notNull(actor, "actor");
        Checks.notNull(status, "status");
        if (!status.canMoveTo(OrderStatus.CANCELLED)) {
            return false;
        }
        return status.ordinal() <= latestFor(actor.type()).ordinal();
    }

    @Override
    public String toString() {
        return "CancellationPolicy" + latest;
    }

    /** Builds a policy; every kind of actor not set keeps its default. */
    public static final class Builder {
        private final Map<Actor.Type, OrderStatus> latest = new EnumMap<>(Actor.Type.class);

        private Builder() {
            latest.put(Actor.Type.CUSTOMER, OrderStatus.PICKING);
            latest.put(Actor.Type.STORE_STAFF, OrderStatus.PACKED);
            latest.put(Actor.Type.ADMIN, OrderStatus.PACKED);
            latest.put(Actor.Type.SYSTEM, OrderStatus.PACKED);
        }

        /**
         * Lets {@code type} cancel up to and including {@code status}: one of AWAITING_PAYMENT, CONFIRMED,
         * PICKING or PACKED ({@code INVALID_CONFIGURATION} otherwise).
         */
        public Builder latest(Actor.Type type, OrderStatus status) {
            Checks.notNull(type, "type");
            Checks.notNull(status, "status");
            if (!status.canMoveTo(OrderStatus.CANCELLED)) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_CONFIGURATION,
                        "cancellation." + type.name().toLowerCase(java.util.Locale.ROOT),
                        "an order " + status + " cannot be cancelled by anyone");
            }
            latest.put(type, status);
            return this;
        }

        public CancellationPolicy build() {
            return new CancellationPolicy(latest);
        }
    }
}
