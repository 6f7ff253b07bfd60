package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.testkit.StockAlertLogContract;

/** The kit's {@link StockAlertLogContract} on {@link InMemoryStockAlertLog}. */
class InMemoryStockAlertLogTest extends StockAlertLogContract {
    @Override
    protected StockAlertLog createLog() {
        return new InMemoryStockAlertLog();
    }
}
