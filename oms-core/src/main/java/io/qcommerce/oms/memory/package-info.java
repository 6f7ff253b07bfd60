/**
 * API: the in-memory adapters of every port ({@code InMemoryInventoryLock}, {@code InMemoryOrderRepository}, ...):
 * tests, demos and a single node; the default wiring of {@link io.qcommerce.oms.Oms}.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.memory;

import org.jspecify.annotations.NullMarked;
