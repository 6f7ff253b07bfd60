/**
 * The core of the Q-Commerce OMS: the API a host calls, the SPI an adapter implements, and the in-memory
 * adapters. Internals ({@code io.qcommerce.oms.internal}) are not exported; its argument checks
 * ({@code internal.util}) are shared with the library's own adapter modules only.
 */
module io.qcommerce.oms.core {
    requires transitive org.jspecify;
    requires org.slf4j;

    // API: what a host calls; compatible across minor versions.
    exports io.qcommerce.oms;
    exports io.qcommerce.oms.cart;
    exports io.qcommerce.oms.catalog;
    exports io.qcommerce.oms.common;
    exports io.qcommerce.oms.config;
    exports io.qcommerce.oms.error;
    exports io.qcommerce.oms.event;
    exports io.qcommerce.oms.inventory;
    exports io.qcommerce.oms.ledger;
    exports io.qcommerce.oms.order;
    exports io.qcommerce.oms.picking;
    exports io.qcommerce.oms.placement;
    exports io.qcommerce.oms.report;
    exports io.qcommerce.oms.slot;
    exports io.qcommerce.oms.store;
    // In-memory adapters: tests, demos, a single node.
    exports io.qcommerce.oms.memory;
    // SPI: what an adapter implements.
    exports io.qcommerce.oms.spi;
    exports io.qcommerce.oms.internal.util to
            io.qcommerce.oms.redis,
            io.qcommerce.oms.mongo,
            io.qcommerce.oms.testkit;
}
