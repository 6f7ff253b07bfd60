/**
 * API for tests: the contract suites every adapter of a port must pass ({@code InventoryLockContract},
 * {@code OrderRepositoryContract}, ...), the checker of a lock's invariants
 * ({@link io.qcommerce.oms.testkit.InventoryInvariants}), the stress driver
 * ({@link io.qcommerce.oms.testkit.StressDriver}), test decorators ({@code ForwardingInventoryLock},
 * {@code ForwardingStockLedger}), an in-memory lock that can lose its data ({@code LosableInventoryLock}),
 * {@code SampleSkus} and a {@link io.qcommerce.oms.testkit.MutableClock}. The
 * system-wide invariant checker a host runs on its own wiring is
 * {@link io.qcommerce.oms.testkit.invariants.OmsInvariants}; the test-server launchers are in
 * {@code io.qcommerce.oms.testkit.servers}.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.testkit;

import org.jspecify.annotations.NullMarked;
