/**
 * API for tests: the system-wide invariant checker a host runs on its own wiring
 * ({@link io.qcommerce.oms.testkit.invariants.OmsInvariants}), its invariants and its report.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.testkit.invariants;

import org.jspecify.annotations.NullMarked;
