/**
 * API: stock per store and SKU: levels, batches, reservations that hold stock with a time-to-live, typed stock
 * changes and their results, and the {@link io.qcommerce.oms.inventory.InventoryService} a host calls.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.inventory;

import org.jspecify.annotations.NullMarked;
