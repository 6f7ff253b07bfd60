package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Orders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A damaged order is left out of a listing without shortening the page: a page comes back short only at the end,
 * so a reconciler that stops at a short page still reaches the orders after a damaged one.
 */
class DamagedOrderPagesTest {
    private MongoDatabase database;
    private MongoOrderRepository orders;
    private final List<Order> stored = new ArrayList<>();

    @BeforeEach
    void fiveExpiredOrdersTheSecondAndThirdDamaged() {
        database = TestMongo.shared().freshDatabase("damagedpages");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
        orders = new MongoOrderRepository(database);
        Instant t = Orders.DEFAULT_CREATED_AT;
        for (int i = 0; i < 5; i++) {
            stored.add(orders.insert(Orders.builder()
                            .store(StoreId.of("BLR-9"))
                            .customer(CustomerId.of("asha"))
                            .createdAt(t.plusSeconds(i))
                            .holdExpiresAt(t.plusSeconds(60 + i))
                            .build())
                    .order());
        }
        for (Order damaged : stored.subList(1, 3)) {
            database.getCollection("oms_orders")
                    .updateOne(Filters.eq("_id", damaged.id().value()), Updates.set("lines", "not a list"));
        }
    }

    @AfterEach
    void drop() {
        TestMongo.drop(database);
    }

    @Test
    void theReconcilersPageIsFilledFromPastTheDamagedOrders() {
        Instant cutoff = Orders.DEFAULT_CREATED_AT.plusSeconds(3600);

        List<Order> page = orders.findAwaitingPaymentExpiredBy(cutoff, null, 2);

        assertThat(page).containsExactly(stored.get(0), stored.get(3));
        assertThat(orders.findAwaitingPaymentExpiredBy(cutoff, page.get(1), 2)).containsExactly(stored.get(4));
    }

    @Test
    void theStoreQueueAndTheCustomersListAreFilledToo() {
        assertThat(orders.findByStoreAndStatus(StoreId.of("BLR-9"), OrderStatus.AWAITING_PAYMENT, null, 3))
                .containsExactly(stored.get(0), stored.get(3), stored.get(4));
        assertThat(orders.findByCustomer(stored.get(0).customer(), null, 2))
                .containsExactly(stored.get(4), stored.get(3));
    }
}
