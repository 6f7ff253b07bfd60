/**
 * API: placing an order: assigning the store that serves a cart, the
 * {@link io.qcommerce.oms.placement.PlaceOrderRequest} and its result, and the
 * {@link io.qcommerce.oms.placement.Reconciler} that finishes flows cut off by a crash and expires due holds.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.placement;

import org.jspecify.annotations.NullMarked;
