/**
 * API: the entry point of the OMS, {@link io.qcommerce.oms.Oms}, the facade a host builds once and calls, and
 * {@link io.qcommerce.oms.OmsBackend}, which installs a storage backend's ports into its builder in one call.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms;

import org.jspecify.annotations.NullMarked;
