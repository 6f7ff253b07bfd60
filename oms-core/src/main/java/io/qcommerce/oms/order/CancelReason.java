package io.qcommerce.oms.order;

/** Why an order was cancelled; stored as the reason of the last status change. */
public enum CancelReason {
    PAYMENT_FAILED,
    RESERVATION_EXPIRED,
    CUSTOMER,
    STORE,
    DELIVERY_FAILED
}
