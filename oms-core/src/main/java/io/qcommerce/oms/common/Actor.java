package io.qcommerce.oms.common;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;

/**
 * Who made a change, for the audit trail.
 *
 * @param type the kind of actor
 * @param id   who exactly: a customer id, a staff login, or the name of a system job
 */
public record Actor(Type type, String id) {
    public enum Type {
        CUSTOMER,
        STORE_STAFF,
        ADMIN,
        SYSTEM
    }

    public Actor {
        if (type == null) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "actor.type", "must not be null");
        }
        if (id == null || id.isBlank()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "actor.id", "must not be blank");
        }
        if (id.length() > 128) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "actor.id", "must have at most 128 characters");
        }
    }

    public static Actor customer(String id) {
        return new Actor(Type.CUSTOMER, id);
    }

    public static Actor staff(String id) {
        return new Actor(Type.STORE_STAFF, id);
    }

    public static Actor admin(String id) {
        return new Actor(Type.ADMIN, id);
    }

    public static Actor system(String job) {
        return new Actor(Type.SYSTEM, job);
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
