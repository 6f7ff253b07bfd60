package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.examples.springboot.support.Api;
import io.qcommerce.oms.examples.springboot.support.MutableClockConfig;
import io.qcommerce.oms.examples.springboot.support.Reply;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.mongo.MongoOrderRepository;
import io.qcommerce.oms.mongo.MongoSlotDirectory;
import io.qcommerce.oms.mongo.MongoStockLedger;
import io.qcommerce.oms.mongo.MongoStockThresholds;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on real backends: holds on a {@code redis-server} the test starts, orders, catalog and stores
 * on an in-process MongoDB wire-protocol server, the scheduled jobs on. The last tests stop each backend and
 * check that clients get 503 with Retry-After and that health says which one is down.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "oms.redis.time-source=application",
            "oms.mongo.server-selection-timeout=2s",
            "oms.mongo.connect-timeout=3s",
            "oms.reconciler.enabled=true",
            "oms.reconciler.interval=100ms"
        })
@ActiveProfiles("test")
@Import(MutableClockConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class RedisAndMongoTest {
    private static final String PINCODE = "560038";
    private static RedisProcess redis;
    private static InProcessMongo mongo;

    @LocalServerPort
    int port;

    @Autowired
    Oms oms;

    @Autowired
    InventoryLock lock;

    @Autowired
    OrderRepository orders;

    @Autowired
    StockLedger ledger;

    @Autowired
    SlotDirectory slots;

    @Autowired
    MutableClock clock;

    @Autowired
    StockThresholds thresholds;

    private Api api;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        redis = RedisProcess.start("spring");
        mongo = InProcessMongo.start();
        registry.add("oms.redis.uri", redis::uri);
        registry.add("oms.mongo.uri", mongo::uri);
        registry.add("oms.mongo.database", () -> "oms_service_test");
    }

    @AfterAll
    static void stopBackends() {
        if (redis != null) {
            redis.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    @Order(1)
    void theServiceIsWiredOnRedisAndMongo() {
        assertThat(lock).isInstanceOf(RedisInventoryLock.class).isNotInstanceOf(InMemoryInventoryLock.class);
        assertThat(orders).isInstanceOf(MongoOrderRepository.class).isNotInstanceOf(InMemoryOrderRepository.class);
        Reply health = api.get(ADMIN, "/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat((String) health.json("$.components.oms.components.lock.status"))
                .isEqualTo("UP");
        assertThat((String) health.json("$.components.oms.components.lock.details.adapter"))
                .isEqualTo("RedisInventoryLock");
        assertThat((String) health.json("$.components.oms.components.stores.status"))
                .isEqualTo("UP");
        assertThat((String) health.json("$.components.oms.components.stores.details.orders"))
                .isEqualTo("MongoOrderRepository");
    }

    @Test
    @Order(2)
    void aStoreGetsStockAndAnOrderIsPlacedPaidAndDelivered() {
        assertThat(api.post(ADMIN, "/stores", """
                {"id": "%s", "name": "Indiranagar", "pincodes": ["%s"]}""".formatted(STORE_A, PINCODE)).status())
                .isEqualTo(201);
        assertThat(api.put(ADMIN, "/skus/MILK-1L", """
                {"name": "Milk 1 L", "mrp": 6800, "sellingPrice": 6500, "maxPerOrder": 6}""").status()).isEqualTo(201);
        Reply received = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "MILK-1L", "units": 40, "movementId": "GRN-1"}""");
        assertThat((Integer) received.json("$.available")).isEqualTo(40);

        Reply placed = order("checkout-1", 2);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String id = placed.json("$.id");
        assertThat(order("checkout-1", 2).status()).isEqualTo(200);
        assertThat(stock("reserved")).isEqualTo(2);

        assertThat((String) api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null)
                        .json("$.status"))
                .isEqualTo("CONFIRMED");
        for (String step : List.of("PICKING", "PACKED", "OUT_FOR_DELIVERY", "DELIVERED")) {
            assertThat(api.post(MANAGER_A, "/orders/" + id + "/status", "{\"status\": \"" + step + "\"}")
                            .status())
                    .isEqualTo(200);
        }
        Reply delivered = api.get(ASHA, "/orders/" + id);
        assertThat((String) delivered.json("$.status")).isEqualTo("DELIVERED");
        assertThat(delivered.<String>list("$.history[*].to")).hasSize(6);
        assertThat(stock("onHand")).isEqualTo(38);
        assertThat(api.get(ASHA, "/orders").<String>list("$[*].id")).contains(id);
    }

    @Test
    @Order(3)
    void slotsLiveOnMongoTheirBookingsAndTheBatchesOnRedis() {
        assertThat(slots).isInstanceOf(MongoSlotDirectory.class);
        Reply curd = api.put(ADMIN, "/skus/CURD-400G", """
                {"name": "Curd 400 g", "mrp": 5000, "sellingPrice": 4500, "maxPerOrder": 4, "minShelfLife": "P1D"}""");
        assertThat(curd.status()).as(curd.toString()).isEqualTo(201);
        assertThat((String) api.get(ASHA, "/skus/CURD-400G").json("$.minShelfLife"))
                .isEqualTo("PT24H");

        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String receipt = """
                {"sku": "CURD-400G", "units": 5, "batch": "%s", "expiresAt": "%s", "movementId": "%s"}""";
        assertThat(api.post(
                                MANAGER_A,
                                "/stores/" + STORE_A + "/stock/receipts",
                                receipt.formatted("L-SOON", now.plus(Duration.ofHours(12)), "GRN-2"))
                        .status())
                .isEqualTo(200);
        Reply received = api.post(
                MANAGER_A,
                "/stores/" + STORE_A + "/stock/receipts",
                receipt.formatted("L-LATE", now.plus(Duration.ofDays(3)), "GRN-3"));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);
        assertThat((Integer) received.json("$.onHand")).isEqualTo(10);
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/batches?sku=CURD-400G")
                        .<String>list("$[*].batch"))
                .containsExactly("L-SOON", "L-LATE");
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/expiring?days=1")
                        .<String>list("$[*].batch"))
                .containsExactly("L-SOON");

        String day = now.plus(Duration.ofHours(2))
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        Reply slot = api.post(MANAGER_A, "/stores/" + STORE_A + "/slots", """
                {"id": "SLOT-1", "date": "%s", "start": "%s", "end": "%s", "capacity": 1}""".formatted(
                        day, now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(3))));
        assertThat(slot.status()).as(slot.toString()).isEqualTo(201);
        assertThat(api.get(ASHA, "/slots?pincode=" + PINCODE + "&from=" + day).<String>list("$[*].id"))
                .containsExactly("SLOT-1");

        String inSlot = """
                {"pincode": "%s", "slotId": "SLOT-1", "lines": [{"sku": "CURD-400G", "quantity": 2}]}""";
        Reply placed =
                api.post(ASHA, "/orders", inSlot.formatted(PINCODE), Map.of("Idempotency-Key", "checkout-slot-1"));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String id = placed.json("$.id");
        Reply read = api.get(ASHA, "/orders/" + id);
        assertThat((String) read.json("$.slot.id")).isEqualTo("SLOT-1");
        // Delivery ends in 3 h and curd must stay good a day after: the 12-hour batch is not sold.
        assertThat(read.<String>list("$.lines[0].batches[*].batch")).containsExactly("L-LATE");
        assertThat(read.<Integer>list("$.lines[0].batches[*].quantity")).containsExactly(2);

        Reply full = api.post(ASHA, "/orders", inSlot.formatted(PINCODE), Map.of("Idempotency-Key", "checkout-slot-2"));
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.code()).isEqualTo("SLOT_UNAVAILABLE");
        assertThat((String) full.json("$.reason")).isEqualTo("FULL");

        assertThat(api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null).status())
                .isEqualTo(200);
        Reply booked = api.get(MANAGER_A, "/stores/" + STORE_A + "/slots/SLOT-1");
        assertThat((Integer) booked.json("$.booked")).isEqualTo(1);
        assertThat((Integer) booked.json("$.remaining")).isZero();
        Reply shrink = api.put(MANAGER_A, "/stores/" + STORE_A + "/slots/SLOT-1", """
                {"version": 0, "date": "%s", "start": "%s", "end": "%s", "capacity": 0}""".formatted(
                        day, now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(3))));
        assertThat(shrink.status()).isEqualTo(409);
        assertThat(shrink.code()).isEqualTo("SLOT_OVERBOOKED");
    }

    @Test
    @Order(4)
    void theLedgerAndThresholdsAreOnMongoAndAStoreLostOnRedisIsRebuilt() {
        assertThat(ledger).isInstanceOf(MongoStockLedger.class);
        assertThat(thresholds).isInstanceOf(MongoStockThresholds.class);
        Reply ledger = api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/ledger?sku=MILK-1L");
        assertThat(ledger.status()).as(ledger.toString()).isEqualTo(200);
        assertThat((Boolean) ledger.json("$.upToDate")).isTrue();
        // The test clock stood still through the receipt and the order: one instant, ordered by key.
        assertThat(ledger.<String>list("$.movements[*].type")).containsExactlyInAnyOrder("RECEIVED", "HELD", "SOLD");
        assertThat(ledger.<String>list("$.movements[?(@.type == 'RECEIVED')].actor"))
                .containsExactly("store_staff:" + MANAGER_A);
        assertThat(ledger.<String>list("$.movements[?(@.type == 'RECEIVED')].reference"))
                .containsExactly("GRN-1");

        Reply threshold = api.put(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds/MILK-1L", "{\"threshold\": 50}");
        assertThat(threshold.status()).as(threshold.toString()).isEqualTo(200);
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/low").<String>list("$[*].sku"))
                .contains("MILK-1L");
        assertThat(api.send(MANAGER_A, "DELETE", "/stores/" + STORE_A + "/stock/thresholds/MILK-1L", null, Map.of())
                        .status())
                .isEqualTo(200);

        Reply clean = api.get(ADMIN, "/stores/" + STORE_A + "/stock/drift");
        assertThat(clean.status()).as(clean.toString()).isEqualTo(200);
        assertThat((Boolean) clean.json("$.clean")).as(clean.toString()).isTrue();

        // A Redis that lost the store (a restart without persistence): every counter, batch and hold gone.
        Map<String, Integer> before = Map.of(
                "MILK-1L",
                stock("onHand"),
                "CURD-400G",
                api.get(MANAGER_A, "/stores/" + STORE_A + "/stock?sku=CURD-400G")
                        .json("$[0].onHand"));
        lock.restore(new StoreState(StoreId.of(STORE_A), List.of(), List.of()));
        assertThat(stock("onHand")).isZero();
        assertThat((Boolean)
                        api.get(ADMIN, "/stores/" + STORE_A + "/stock/drift").json("$.clean"))
                .isFalse();

        assertThat(api.post(ADMIN, "/stores/" + STORE_A + "/deactivate", null).status())
                .isEqualTo(200);
        Reply rebuilt = api.post(ADMIN, "/stores/" + STORE_A + "/stock/rebuild", null);
        assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
        assertThat(rebuilt.<String>list("$.problems")).isEmpty();
        assertThat(api.post(ADMIN, "/stores/" + STORE_A + "/activate", null).status())
                .isEqualTo(200);
        assertThat(stock("onHand")).isEqualTo(before.get("MILK-1L"));
        assertThat(stock("reserved")).isZero();
        assertThat((Integer) api.get(MANAGER_A, "/stores/" + STORE_A + "/stock?sku=CURD-400G")
                        .json("$[0].onHand"))
                .isEqualTo(before.get("CURD-400G"));
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/batches?sku=CURD-400G")
                        .<String>list("$[*].batch"))
                .containsExactly("L-SOON", "L-LATE");
        assertThat((Integer) api.get(MANAGER_A, "/stores/" + STORE_A + "/slots/SLOT-1")
                        .json("$.booked"))
                .isEqualTo(1);
        Reply after = api.get(ADMIN, "/stores/" + STORE_A + "/stock/drift");
        assertThat((Boolean) after.json("$.clean")).as(after.toString()).isTrue();
    }

    @Test
    @Order(5)
    void aHoldOnRedisLapsesByTheClockAndTheScheduledReconcilerCancelsItsOrder() {
        String id = order("checkout-2", 3).json("$.id");
        assertThat(stock("available")).isEqualTo(35);
        clock.advance(Duration.ofMinutes(11));

        // The reconciler runs every 100 ms here; wait for it to have settled the order.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        (String) api.get(ASHA, "/orders/" + id).json("$.status"))
                .isEqualTo("CANCELLED"));
        assertThat((String) api.get(ASHA, "/orders/" + id).json("$.cancelReason"))
                .isEqualTo("RESERVATION_EXPIRED");
        assertThat(stock("available")).isEqualTo(38);
        Reply late = api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("PAYMENT_REFUSED");
        Reply runs = api.get(ADMIN, "/actuator/metrics/oms.reconciler.passes");
        assertThat(((Number) runs.json("$.measurements[0].value")).doubleValue())
                .isPositive();
    }

    @Test
    @Order(6)
    void withRedisDownClientsAreToldToRetryAndHealthSaysWhy() {
        redis.kill();
        Reply receipt = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "MILK-1L", "units": 1}""");
        assertThat(receipt.status()).as(receipt.toString()).isEqualTo(503);
        // Refused at once by the closed connection (not applied), or cut in flight (maybe applied): both retryable.
        assertThat(receipt.code()).isIn("BACKEND_UNAVAILABLE", "OUTCOME_UNKNOWN");
        assertThat(receipt.header("Retry-After")).isEqualTo("1");
        assertThat(receipt.body()).doesNotContain("redis", "Lettuce", "Exception", "127.0.0.1");
        Reply placement = order("checkout-3", 1);
        assertThat(placement.status()).isEqualTo(503);

        Reply health = api.get(ADMIN, "/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat((String) health.json("$.components.oms.components.lock.status"))
                .isEqualTo("DOWN");
        assertThat((String) health.json("$.components.oms.components.stores.status"))
                .isEqualTo("UP");
        assertThat(health.body()).doesNotContain("127.0.0.1");
        assertThat(api.get(null, "/actuator/health").body()).doesNotContain("oms", "lock");
        // Readiness includes the backends: this instance takes no traffic until Redis is back.
        assertThat(api.get(null, "/actuator/health/readiness").status()).isEqualTo(503);
        assertThat(api.get(null, "/actuator/health/liveness").status()).isEqualTo(200);

        Reply failures = api.get(ADMIN, "/actuator/metrics/oms.failures");
        assertThat(((Number) failures.json("$.measurements[0].value")).doubleValue())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(7)
    void withMongoDownTooReadingAnOrderIsUnavailable() {
        mongo.stop();
        Reply read = api.get(ASHA, "/orders/o-whatever");
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.header("Retry-After")).isEqualTo("1");
        Reply health = api.get(ADMIN, "/actuator/health");
        assertThat((String) health.json("$.components.oms.components.stores.status"))
                .isEqualTo("DOWN");
    }

    private Reply order(String key, int units) {
        return api.post(ASHA, "/orders", """
                {"pincode": "%s", "lines": [{"sku": "MILK-1L", "quantity": %d}]}""".formatted(PINCODE, units), Map.of("Idempotency-Key", key));
    }

    private int stock(String field) {
        return api.get(MANAGER_A, "/stores/" + STORE_A + "/stock?sku=MILK-1L").json("$[0]." + field);
    }
}
