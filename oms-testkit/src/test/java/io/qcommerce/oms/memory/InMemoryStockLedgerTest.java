package io.qcommerce.oms.memory;

import io.qcommerce.oms.testkit.StockLedgerContract;

class InMemoryStockLedgerTest extends StockLedgerContract {
    @Override
    protected io.qcommerce.oms.spi.StockLedger createLedger() {
        return new InMemoryStockLedger();
    }
}
