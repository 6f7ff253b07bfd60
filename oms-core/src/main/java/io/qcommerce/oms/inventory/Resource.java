package io.qcommerce.oms.inventory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.internal.util.Identifiers;

/**
 * Something of a store that is counted and held: units of a SKU, or the capacity of a delivery slot (its
 * {@code onHand} is the capacity not yet booked). A hold may mix resources of one store, so a cart's units
 * and its slot are held all-or-nothing.
 *
 * @param type what is counted
 * @param id   its id within the type: ASCII letters, digits, '-' and '_', 1 to
 *             {@link io.qcommerce.oms.common.Limits#MAX_ID_LENGTH} characters
 */
public record Resource(Type type, String id) implements Comparable<Resource> {
    /** Kinds of counted things; the code is part of storage keys and never changes. */
    public enum Type {
        SKU("sku"),
        /** Bookings of a delivery slot: {@code onHand} is the capacity not yet booked. */
        SLOT("slot");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Type ofCode(String code) {
            for (Type t : values()) {
                if (t.code.equals(code)) {
                    return t;
                }
            }
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "resource.type", "unknown type code " + code);
        }
    }

    public Resource {
        Checks.notNull(type, "resource.type");
        Identifiers.check(id, "resource.id");
    }

    public static Resource sku(SkuId sku) {
        Checks.notNull(sku, "sku");
        return new Resource(Type.SKU, sku.value());
    }

    public static Resource slot(String slotId) {
        return new Resource(Type.SLOT, slotId);
    }

    public boolean isSku() {
        return type == Type.SKU;
    }

    /** The SKU this resource counts; only for {@link Type#SKU}. */
    public SkuId skuId() {
        if (type != Type.SKU) {
            throw new IllegalStateException(this + " is not a SKU");
        }
        return new SkuId(id);
    }

    /** A stable string form, {@code sku:MILK-1L}; unambiguous because ids hold no ':'. */
    public String key() {
        return type.code() + ":" + id;
    }

    /** Parses {@link #key()}. */
    public static Resource ofKey(String key) {
        Checks.notNull(key, "resource");
        int colon = key.indexOf(':');
        if (colon <= 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "resource", "expected type:id, was " + key);
        }
        return new Resource(Type.ofCode(key.substring(0, colon)), key.substring(colon + 1));
    }

    @Override
    public int compareTo(Resource o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return key();
    }
}
