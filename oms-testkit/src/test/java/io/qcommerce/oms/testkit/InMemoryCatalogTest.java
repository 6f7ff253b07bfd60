package io.qcommerce.oms.testkit;

import io.qcommerce.oms.catalog.Catalog;
import io.qcommerce.oms.memory.InMemoryCatalog;

class InMemoryCatalogTest extends CatalogContract {
    @Override
    protected Catalog createCatalog() {
        return new InMemoryCatalog();
    }
}
