package io.qcommerce.oms.common;

import java.util.UUID;

/**
 * Makes fresh identifiers for things the caller did not name (an idempotency key a host asks for, a
 * stock movement without a caller's reference). Injected so tests can make ids predictable.
 */
@FunctionalInterface
public interface IdGenerator {
    /** A new id in the safe character set of identifiers (letters, digits, '-', '_'), unique for practical purposes. */
    String newId();

    /** Random UUIDs without dashes: 32 hex characters. */
    static IdGenerator randomUuids() {
        return () -> UUID.randomUUID().toString().replace("-", "");
    }
}
