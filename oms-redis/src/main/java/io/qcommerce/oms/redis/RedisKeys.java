package io.qcommerce.oms.redis;

import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.store.StoreId;

/**
 * The key layout. Every key of a store carries the store id as its hash tag, so all of them live in one
 * cluster slot and every script touches one slot only:
 *
 * <pre>
 * {prefix}:{store}:stock          hash   on:{type}:{id} -> units on hand, held:{type}:{id} -> units held,
 *                                        .now -> the latest instant a write used (µs since the epoch),
 *                                        .led -> the ledger's last entry ms and next free sequence number
 * {prefix}:{store}:due            zset   resources with HELD holds, scored at or below their earliest expiry
 * {prefix}:{store}:due:{res}      zset   ids of the HELD holds with a line of res, scored by expiry (µs)
 * {prefix}:{store}:batch          hash   sku:{id} -> the SKU's batches, first expiry first, as
 *                                        "code expires on held code expires on held ..." (expires in ns
 *                                        since the epoch); only SKUs that have batches have a field
 * {prefix}:{store}:hold:{id}      hash   status, lines, created, expires, finished, and takes when the hold
 *                                        took units of batches; PEXPIRE = retention once finished, no TTL
 *                                        while HELD
 * {prefix}:{store}:move:{id}      hash   resource, kind, delta, at, and batch when it names one;
 *                                        PEXPIRE = retention
 * {prefix}:{store}:ledger         stream one entry per operation (t type, i reference, w when in µs, a actor
 *                                        and n note or c when the hold was taken, m its movements), ids
 *                                        from the lock's clock in ms, one sequence number per movement;
 *                                        entries older than the retention trimmed on append
 * </pre>
 *
 * Store, reservation, movement, resource and batch ids are limited to letters, digits, {@code -} and {@code _}
 * (see {@link io.qcommerce.oms.internal.util.Identifiers}), and the prefix has no braces, so no id can open a
 * second hash tag or run into another key.
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** The part every key of the store starts with: {@code prefix:{store}:}. */
    String storeBase(StoreId store) {
        return prefix + ":{" + store.value() + "}:";
    }

    String stock(StoreId store) {
        return storeBase(store) + "stock";
    }

    String due(StoreId store) {
        return storeBase(store) + "due";
    }

    String batches(StoreId store) {
        return storeBase(store) + "batch";
    }

    /** The part of a hold's key before its id; the scripts build the keys of due holds from it. */
    String holdBase(StoreId store) {
        return storeBase(store) + "hold:";
    }

    String hold(StoreId store, ReservationId id) {
        return holdBase(store) + id.value();
    }

    /** The store's ledger: a stream of the movements the scripts recorded, trimmed to the retention. */
    String ledger(StoreId store) {
        return storeBase(store) + "ledger";
    }

    String movement(StoreId store, MovementId id) {
        return storeBase(store) + "move:" + id.value();
    }

    /** A pattern matching every key of the store (for tools and tests, never used by the adapter). */
    String storePattern(StoreId store) {
        return storeBase(store) + "*";
    }
}
