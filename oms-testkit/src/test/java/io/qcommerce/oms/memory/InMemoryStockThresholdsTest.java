package io.qcommerce.oms.memory;

import io.qcommerce.oms.testkit.StockThresholdsContract;

class InMemoryStockThresholdsTest extends StockThresholdsContract {
    @Override
    protected io.qcommerce.oms.spi.StockThresholds createThresholds() {
        return new InMemoryStockThresholds();
    }
}
