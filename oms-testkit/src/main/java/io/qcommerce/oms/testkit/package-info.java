/**
 * API for tests: the contract suites every adapter of a port must pass ({@code InventoryLockContract},
 * {@code OrderRepositoryContract}, ...), the system-wide invariant checker a host runs on its own wiring
 * ({@link io.qcommerce.oms.testkit.InventoryInvariants}), the stress driver
 * ({@link io.qcommerce.oms.testkit.StressDriver}) and a {@link io.qcommerce.oms.testkit.MutableClock}.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.testkit;

import org.jspecify.annotations.NullMarked;
