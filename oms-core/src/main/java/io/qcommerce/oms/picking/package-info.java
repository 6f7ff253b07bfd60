/**
 * API: picking lists for a dark store's pickers ({@link io.qcommerce.oms.picking.PickingList},
 * {@link io.qcommerce.oms.picking.PickLine}) and the {@link io.qcommerce.oms.picking.PickingService} a host calls.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.picking;

import org.jspecify.annotations.NullMarked;
