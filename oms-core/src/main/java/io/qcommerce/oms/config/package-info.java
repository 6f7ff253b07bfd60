/**
 * API: the configuration of the OMS ({@link io.qcommerce.oms.config.OmsConfig}, low-stock thresholds), immutable
 * values with defaults and a builder, checked when built.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.config;

import org.jspecify.annotations.NullMarked;
