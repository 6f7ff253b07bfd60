package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.testkit.Orders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A customer's orders, newest first, paged from cursors of any precision or range: each page selects exactly what the
 * in-memory reference selects from the orders as read back.
 */
class CustomerPagesTest {
    private static final CustomerId ASHA = CustomerId.of("asha");
    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    private MongoDatabase database;
    private MongoOrderRepository mongo;
    private final InMemoryOrderRepository reference = new InMemoryOrderRepository();

    @BeforeEach
    void ordersSharingMilliseconds() {
        database = TestMongo.shared().freshDatabase("customerpages");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
        mongo = new MongoOrderRepository(database);
        for (int i = 0; i < 9; i++) {
            Order stored = mongo.insert(Orders.builder()
                            .customer(ASHA)
                            .createdAt(T.plusMillis(i / 3))
                            .build())
                    .order();
            reference.insert(stored);
        }
    }

    @AfterEach
    void drop() {
        TestMongo.drop(database);
    }

    @Test
    void everyCursorSelectsWhatTheReferenceSelects() {
        List<Instant> times = List.of(
                T.minusNanos(1),
                T,
                T.plusNanos(500_000),
                T.plusMillis(1),
                T.plusMillis(1).plusNanos(1),
                T.plusMillis(2),
                T.plusMillis(3),
                Instant.MIN,
                Instant.MAX);
        List<String> ids = new ArrayList<>(List.of("o-0", "o-zzzz"));
        reference.findByCustomer(ASHA, 100).forEach(o -> ids.add(o.id().value()));
        for (Instant at : times) {
            for (String id : ids) {
                Order cursor = Orders.builder()
                        .customer(ASHA)
                        .id(OrderId.of(id))
                        .createdAt(at.equals(Instant.MIN) || at.equals(Instant.MAX) ? T : at)
                        .build();
                Order probe = at.equals(Instant.MIN) || at.equals(Instant.MAX) ? withCreatedAt(cursor, at) : cursor;
                if (probe == null) {
                    continue;
                }
                assertThat(mongo.findByCustomer(ASHA, probe, 4))
                        .as("after (%s, %s)", at, id)
                        .isEqualTo(reference.findByCustomer(ASHA, probe, 4));
            }
        }
    }

    /** The cursor at an instant the order builder may refuse; null when it does. */
    private static Order withCreatedAt(Order order, Instant at) {
        try {
            return Orders.builder().customer(ASHA).id(order.id()).createdAt(at).build();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
