/**
 * API: values shared by every feature: {@link io.qcommerce.oms.common.Money} in integral minor units, the
 * {@link io.qcommerce.oms.common.Actor} of a change, id generation and the library's limits.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.common;

import org.jspecify.annotations.NullMarked;
