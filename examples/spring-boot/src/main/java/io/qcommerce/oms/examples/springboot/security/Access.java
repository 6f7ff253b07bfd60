package io.qcommerce.oms.examples.springboot.security;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.store.StoreId;
import java.util.Arrays;

/**
 * The role rules of the service, in one place.
 * <ul>
 *   <li>An admin may do everything.</li>
 *   <li>A store manager may act on their own store only: its stock, its orders, its opening.</li>
 *   <li>A customer may read and change only their own orders.</li>
 * </ul>
 * An order the caller may not see is answered exactly like an order that does not exist (404,
 * {@code UNKNOWN_ORDER}), so that probing ids tells nothing. Refusals that reveal nothing about a record
 * (a customer calling an admin endpoint, a manager naming another store) are 403.
 */
public final class Access {
    private Access() {}

    /** The caller must have one of the roles. */
    public static void requireRole(OmsUser user, Role... roles) {
        for (Role r : roles) {
            if (user.is(r)) {
                return;
            }
        }
        throw new Forbidden("this needs the role " + joined(roles) + "; " + user.getUsername() + " is " + user.role());
    }

    /** An admin, or the manager of this store. */
    public static void requireStaffOf(OmsUser user, StoreId store) {
        if (user.is(Role.ADMIN) || (user.is(Role.STORE_MANAGER) && user.store().equals(store))) {
            return;
        }
        throw new Forbidden(
                user.is(Role.STORE_MANAGER)
                        ? user.getUsername() + " manages store " + user.store() + ", not " + store
                        : "only an admin or the store's manager may do this");
    }

    /** An admin, or the customer themself. */
    public static void requireSelfOrAdmin(OmsUser user, CustomerId customer) {
        if (user.is(Role.ADMIN) || (user.is(Role.CUSTOMER) && user.customer().equals(customer))) {
            return;
        }
        throw new Forbidden("only the customer or an admin may see a customer's orders");
    }

    /**
     * The order if the caller may see it: an admin sees every order, a manager the orders of their store, a
     * customer their own; otherwise the same error as for an order that does not exist.
     */
    public static Order visible(OmsUser user, Order order) {
        boolean allowed;
        switch (user.role()) {
            case ADMIN:
                allowed = true;
                break;
            case STORE_MANAGER:
                allowed = order.store().equals(user.store());
                break;
            default:
                allowed = order.customer().equals(user.customer());
        }
        if (!allowed) {
            throw OmsException.notFound(
                    ErrorCode.UNKNOWN_ORDER, "order", order.id().value());
        }
        return order;
    }

    private static String joined(Role[] roles) {
        return String.join(" or ", Arrays.stream(roles).map(Enum::name).toArray(String[]::new));
    }
}
