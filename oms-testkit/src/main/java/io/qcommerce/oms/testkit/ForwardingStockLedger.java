package io.qcommerce.oms.testkit;

import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.StoreId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StockLedger} that hands every call to another ledger: the base of the decorators a test puts in front
 * of a real ledger to lose, delay or observe what it records. A subclass overrides only the calls it changes.
 */
public class ForwardingStockLedger implements StockLedger {
    private final StockLedger delegate;

    public ForwardingStockLedger(StockLedger delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The ledger every call not overridden reaches. */
    protected StockLedger delegate() {
        return delegate;
    }

    @Override
    public void record(List<StockMovement> movements) {
        delegate.record(movements);
    }

    @Override
    public Optional<StockMovement> find(StoreId store, String key) {
        return delegate.find(store, key);
    }

    @Override
    public List<StockMovement> query(LedgerQuery query) {
        return delegate.query(query);
    }

    @Override
    public Optional<String> shippedPosition(StoreId store) {
        return delegate.shippedPosition(store);
    }

    @Override
    public void markShipped(StoreId store, String position) {
        delegate.markShipped(store, position);
    }
}
