/**
 * API: the durable feed of order events ({@link io.qcommerce.oms.event.OrderEvent}, recorded in the same write
 * as each order change), its dispatcher and the {@link io.qcommerce.oms.event.EventSubscriber}s it delivers to
 * at least once, in order per order ({@link io.qcommerce.oms.event.EventService}); and the in-process,
 * at-most-once {@link io.qcommerce.oms.event.OmsListener} calls ({@link io.qcommerce.oms.event.OmsEvent}).
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.event;

import org.jspecify.annotations.NullMarked;
