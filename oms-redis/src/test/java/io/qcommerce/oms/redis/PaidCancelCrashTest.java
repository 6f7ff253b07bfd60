package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.DispatchReport;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Paid orders are cancelled from several threads, twice each, while the Redis server that holds the stock is
 * killed (SIGKILL) and restarted from its append-only file. Callers retry what failed with a typed backend error,
 * as a host does. Afterwards every order is cancelled once, with one cancellation event each, every event reaches
 * a subscriber, and every unit is back on the shelf exactly once.
 */
class PaidCancelCrashTest {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(500);
    private static final SkuId MILK = SkuId.of("MILK-1L");
    private static final StoreId STORE = StoreId.of("crash-cancel");
    private static final Pincode PIN = Pincode.of("560001");
    private static final int ORDERS = 120;
    private static final long STOCK = 1000;

    @Test
    void everyPaidCancelYieldsOneEventAndOneRestockAcrossAServerCrash() throws Exception {
        RedisServers.assumeBinary();
        try (RedisProcess server = RedisProcess.start("cancel", "--appendonly", "yes", "--appendfsync", "always")) {
            RedisClient client =
                    TestRedis.newClient(RedisURI.create(server.uri()), LettuceSettings.clientOptions(CALL_TIMEOUT));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                MutableClock clock = new MutableClock();
                RedisInventoryLockConfig config = RedisInventoryLockConfig.builder()
                        .clock(clock)
                        .commandTimeout(CALL_TIMEOUT)
                        .build();
                List<OrderEvent> delivered = new CopyOnWriteArrayList<>();
                Oms oms = Oms.builder()
                        .clock(clock)
                        .use(RedisBackend.of(connection, config))
                        .subscribe("refunds", delivered::add)
                        .inMemoryForRest()
                        .build();
                oms.catalog().save(SampleSkus.milk(MILK));
                oms.stores().create(Store.of(STORE, "Crash", 1, PIN));
                oms.inventory().receive(STORE, MILK, STOCK);
                List<OrderId> paid = new ArrayList<>();
                for (int i = 0; i < ORDERS; i++) {
                    PlacementResult placed = oms.place(PlaceOrderRequest.of(
                            CustomerId.of("c" + i),
                            IdempotencyKey.of("k" + i),
                            PIN,
                            Cart.of(new CartLine(MILK, 1 + i % 3))));
                    OrderId id = ((PlacementResult.Placed) placed).order().id();
                    oms.orders().confirmPayment(id, Actor.system("payments"));
                    paid.add(id);
                }
                long soldOnHand = oms.inventory().available(STORE, MILK);
                assertThat(soldOnHand).isLessThan(STOCK);

                AtomicInteger done = new AtomicInteger();
                AtomicInteger backendErrors = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(6);
                List<Future<?>> calls = new ArrayList<>();
                try {
                    for (OrderId id : paid) {
                        for (int twice = 0; twice < 2; twice++) {
                            calls.add(pool.submit(() -> {
                                cancelRetrying(oms, id, backendErrors);
                                done.incrementAndGet();
                            }));
                        }
                    }
                    Poll.until("cancels under way", Duration.ofSeconds(60), () -> done.get() >= ORDERS / 3);
                    server.kill();
                    Poll.until("callers to see the outage", Duration.ofSeconds(60), () -> backendErrors.get() >= 3);
                    server.restart();
                    for (Future<?> call : calls) {
                        call.get(120, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertThat(backendErrors.get())
                        .as("the crash was seen by callers")
                        .isPositive();

                for (int pass = 0; pass < 100; pass++) {
                    DispatchReport report = oms.events().dispatch();
                    if (report.deliveredTotal() == 0 && report.errors() == 0) {
                        break;
                    }
                }
                Map<OrderId, Integer> cancelEvents = new HashMap<>();
                List<String> ids = new ArrayList<>();
                for (OrderEvent event : delivered) {
                    ids.add(event.id().value());
                    if (event.type() == OrderEvent.Type.CANCELLED) {
                        cancelEvents.merge(event.orderId(), 1, Integer::sum);
                    }
                }
                assertThat(ids).doesNotHaveDuplicates();
                for (OrderId id : paid) {
                    Order order = oms.orders().get(id);
                    assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
                    assertThat(order.history()).hasSize(3);
                    assertThat(cancelEvents.get(id))
                            .as("cancellation events of %s", id)
                            .isEqualTo(1);
                    assertThat(order.refundDue()).isEqualTo(order.totals().total());
                }
                assertThat(oms.inventory().available(STORE, MILK))
                        .as("every unit restocked exactly once")
                        .isEqualTo(STOCK);
                System.out.println("[oms-redis] paid cancels across SIGKILL: " + backendErrors.get()
                        + " backend errors retried; " + delivered.size() + " events delivered");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    /** Cancels as a host does: again after a typed backend error, until the order is cancelled. */
    private static void cancelRetrying(Oms oms, OrderId id, AtomicInteger backendErrors) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                oms.orders().cancel(id, CancelReason.STORE, Actor.staff("manager"));
                return;
            } catch (OmsException e) {
                boolean retry = e.code() == ErrorCode.BACKEND_UNAVAILABLE
                        || e.code() == ErrorCode.OUTCOME_UNKNOWN
                        || e.code() == ErrorCode.CONCURRENT_MODIFICATION;
                if (!retry || System.nanoTime() > deadline) {
                    throw e;
                }
                backendErrors.incrementAndGet();
                try {
                    Thread.sleep(20); // a host's retry back-off, not a wait for a rule about time
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
