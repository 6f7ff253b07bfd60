/**
 * The {@link io.qcommerce.oms.spi.InventoryLock} port on Redis through Lettuce:
 * {@link io.qcommerce.oms.redis.RedisInventoryLock}, its settings
 * ({@link io.qcommerce.oms.redis.RedisInventoryLockConfig}) and the Lettuce client options recommended for it
 * ({@link io.qcommerce.oms.redis.LettuceSettings}). Works on one server and on Redis Cluster; every operation is
 * one Lua script on the keys of one store, which also records the movements it makes in the store's ledger
 * stream, and a whole store can be restored in one script after Redis lost its data.
 *
 * <p>API (adapters a host constructs and hands to {@code Oms.builder()}). Types are non-null unless annotated
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.redis;

import org.jspecify.annotations.NullMarked;
