/**
 * SPI: the ports an adapter implements ({@link io.qcommerce.oms.spi.InventoryLock},
 * {@link io.qcommerce.oms.spi.OrderRepository}, {@link io.qcommerce.oms.spi.Catalog}, ...) and the values they
 * exchange with the core. Hosts pass adapters to {@link io.qcommerce.oms.Oms}'s builder; apart from the catalog
 * ({@link io.qcommerce.oms.Oms#catalog()}), they do not call ports.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.spi;

import org.jspecify.annotations.NullMarked;
