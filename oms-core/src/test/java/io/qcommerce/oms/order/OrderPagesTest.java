package io.qcommerce.oms.order;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Order lists of any length, page by page from a cursor, with nothing lost or repeated. */
class OrderPagesTest {
    private final Fixture world = new Fixture().stock(A, MILK, 100);

    private List<Order> placeSeven() {
        List<Order> placed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            placed.add(world.placeOk(Cart.builder().add("MILK-1L", 1).build()).order());
            world.clock.advance(Duration.ofSeconds(1));
        }
        return placed;
    }

    private static List<OrderId> readAll(Function<OrderId, List<Order>> page) {
        List<OrderId> seen = new ArrayList<>();
        OrderId after = null;
        while (true) {
            List<Order> next = page.apply(after);
            next.forEach(o -> seen.add(o.id()));
            if (next.size() < 3) {
                return seen;
            }
            after = next.get(next.size() - 1).id();
        }
    }

    @Test
    void aCustomersOrdersPageNewestFirstAndAStoresQueueOldestFirst() {
        List<Order> placed = placeSeven();
        for (Order o : placed) {
            world.oms.orders().confirmPayment(o.id(), Actor.system("payments"));
        }
        OrderService orders = world.oms.orders();

        List<OrderId> newestFirst = readAll(after -> orders.byCustomer(ASHA, after, 3));
        List<OrderId> queue = readAll(after -> orders.byStoreAndStatus(A, OrderStatus.CONFIRMED, after, 3));

        List<OrderId> oldestFirst = placed.stream().map(Order::id).toList();
        assertThat(queue).containsExactlyElementsOf(oldestFirst);
        List<OrderId> reversed = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(reversed);
        assertThat(newestFirst).containsExactlyElementsOf(reversed);
    }
}
