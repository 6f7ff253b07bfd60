/**
 * API: the typed errors of the OMS: {@link io.qcommerce.oms.error.OmsException}, its
 * {@link io.qcommerce.oms.error.ErrorCode}s and the {@link io.qcommerce.oms.error.Violation}s of a rejected request.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.error;

import org.jspecify.annotations.NullMarked;
