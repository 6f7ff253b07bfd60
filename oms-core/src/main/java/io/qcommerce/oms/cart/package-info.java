/**
 * API: a customer's {@link io.qcommerce.oms.cart.Cart} and its validation against the catalog
 * ({@link io.qcommerce.oms.cart.CartValidation}, {@link io.qcommerce.oms.cart.CartProblem}).
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.cart;

import org.jspecify.annotations.NullMarked;
