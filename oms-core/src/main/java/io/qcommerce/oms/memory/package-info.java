/**
 * API: the in-memory adapters of every port ({@code InMemoryInventoryLock}, {@code InMemoryOrderRepository}, ...):
 * tests, demos and a single node; what {@link io.qcommerce.oms.Oms#inMemory()} wires, and what
 * {@link io.qcommerce.oms.Oms.Builder#inMemoryForRest()} puts on every port left unset.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.memory;

import org.jspecify.annotations.NullMarked;
