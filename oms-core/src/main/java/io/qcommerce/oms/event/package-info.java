/**
 * API: the events recorded with every order change ({@link io.qcommerce.oms.event.OmsEvent}) and the
 * {@link io.qcommerce.oms.event.OmsListener} a host registers to receive them synchronously.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.event;

import org.jspecify.annotations.NullMarked;
