/**
 * API: dark stores: the {@link io.qcommerce.oms.store.Store} value, its id, the
 * {@link io.qcommerce.oms.store.Pincode}s it serves, its optional location, and the
 * {@link io.qcommerce.oms.store.StoreService} a host calls to find the stores serving a pincode.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.store;

import org.jspecify.annotations.NullMarked;
