/**
 * API: the stock ledger: the {@link io.qcommerce.oms.ledger.StockMovement}s recorded with every stock change,
 * queries over them, drift between the counters and the ledger, and
 * {@link io.qcommerce.oms.ledger.StockRecovery}, which copies the lock's movements into the durable ledger and
 * rebuilds a store's counters from it after a loss.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.ledger;

import org.jspecify.annotations.NullMarked;
