package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Identifiers;

/** The id of one stock change (a receipt, an adjustment, a restock); a change is applied once per id. */
public record MovementId(String value) {
    public MovementId {
        Identifiers.check(value, "movementId");
    }

    /** A new random id, for a change no caller will retry; where a retry may come, use the caller's own id. */
    public static MovementId random() {
        return new MovementId(java.util.UUID.randomUUID().toString());
    }

    public static MovementId of(String value) {
        return new MovementId(value);
    }

    /**
     * A movement id made of parts joined by '-', the same for the same parts on every call: for movements
     * the library derives from an order or a slot, so that a retry applies them once. Parts that would not
     * fit the length bound are replaced by a hash of them, prefixed {@code m-}.
     */
    public static MovementId derive(String... parts) {
        String joined = String.join("-", parts);
        if (joined.length() <= io.qcommerce.oms.common.Limits.MAX_ID_LENGTH) {
            return new MovementId(joined);
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(joined.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("m-");
            for (int i = 0; i < 24; i++) {
                sb.append(String.format("%02x", digest[i]));
            }
            return new MovementId(sb.toString());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
