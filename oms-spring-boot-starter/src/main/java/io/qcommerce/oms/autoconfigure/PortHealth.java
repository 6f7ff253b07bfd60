package io.qcommerce.oms.autoconfigure;

import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.StoreId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the ports, by one read through each, whatever the adapter (in memory, Redis, MongoDB or the host's
 * own). A read that fails is DOWN with the error code, never the driver's message (which may name hosts).
 */
final class PortHealth {
    /** Ids no host uses: the reads find nothing and change nothing. */
    private static final StoreId PROBE_STORE = StoreId.of("oms-health-probe");

    private static final ReservationId PROBE_RESERVATION = ReservationId.of("oms-health-probe");
    private static final OrderId PROBE_ORDER = OrderId.of("oms-health-probe");

    private PortHealth() {}

    /** The inventory lock: a reservation looked up. The last drift check's finding is in the details. */
    static HealthIndicator lock(InventoryLock lock, DriftStatus drift) {
        return () -> {
            String error = failure(() -> lock.find(PROBE_STORE, PROBE_RESERVATION));
            Health.Builder health = (error == null ? Health.up() : Health.down().withDetail("error", error))
                    .withDetail("adapter", lock.getClass().getSimpleName());
            DriftStatus.Snapshot last = drift.last();
            if (last != null) {
                health.withDetail("driftCheckedAt", last.at().toString())
                        .withDetail("storesChecked", last.stores())
                        .withDetail("storesDiffering", last.differing())
                        .withDetail("storesDifferingAgain", last.differingAgain());
            }
            return health.build();
        };
    }

    /** The durable stores: a store and an order looked up. */
    static HealthIndicator stores(StoreDirectory stores, OrderRepository orders) {
        return () -> {
            String storesError = failure(() -> stores.find(PROBE_STORE));
            String ordersError = failure(() -> orders.find(PROBE_ORDER));
            Health.Builder health = storesError == null && ordersError == null ? Health.up() : Health.down();
            if (storesError != null) {
                health.withDetail("storesError", storesError);
            }
            if (ordersError != null) {
                health.withDetail("ordersError", ordersError);
            }
            return health.withDetail("stores", stores.getClass().getSimpleName())
                    .withDetail("orders", orders.getClass().getSimpleName())
                    .build();
        };
    }

    /** Null when the read succeeded; else its error code, or the exception's class name. */
    private static @Nullable String failure(Runnable read) {
        try {
            read.run();
            return null;
        } catch (OmsException e) {
            return e.code().name();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
