/**
 * API: the catalog's values: a {@link io.qcommerce.oms.catalog.Sku} (MRP, selling price, active flag, per-order
 * maximum) and its validated {@link io.qcommerce.oms.catalog.SkuId}.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.catalog;

import org.jspecify.annotations.NullMarked;
