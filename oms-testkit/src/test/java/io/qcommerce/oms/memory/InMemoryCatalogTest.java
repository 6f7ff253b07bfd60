package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.testkit.CatalogContract;

class InMemoryCatalogTest extends CatalogContract {
    @Override
    protected Catalog createCatalog() {
        return new InMemoryCatalog();
    }
}
