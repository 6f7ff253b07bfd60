/**
 * API: orders: the {@link io.qcommerce.oms.order.Order} with its lines, totals and status history, its statuses and
 * the legal transitions between them, and the {@link io.qcommerce.oms.order.OrderService} a host calls.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.order;

import org.jspecify.annotations.NullMarked;
