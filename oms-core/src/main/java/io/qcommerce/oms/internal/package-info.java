/**
 * Internal: the services behind the API, their wiring and the order placement, reconciliation and event dispatch.
 * Not exported by the module; nothing here is API and it may change in any release.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.internal;

import org.jspecify.annotations.NullMarked;
