/**
 * API: delivery slots per store with their capacity and cut-off, their bookings, and the
 * {@link io.qcommerce.oms.slot.SlotService} a host calls.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.slot;

import org.jspecify.annotations.NullMarked;
