package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Api;
import io.qcommerce.oms.examples.springboot.support.MutableClockConfig;
import io.qcommerce.oms.examples.springboot.support.Reply;
import io.qcommerce.oms.testkit.MutableClock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The service on a random port, all in memory, with the test accounts and a clock the tests move. Every
 * test class extending this one shares the one application context (Spring caches it), so tests make their
 * own SKUs, stores and pincodes ({@link #unique}) and never rely on what others did.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(MutableClockConfig.class)
public abstract class ServiceTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final AtomicInteger PINCODES = new AtomicInteger(200_000);

    @LocalServerPort
    int port;

    @Autowired
    protected MutableClock clock;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
        managedStores();
    }

    /** A fresh id: {@code prefix-n}. */
    protected static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A pincode no other test uses. */
    protected static String uniquePincode() {
        return Integer.toString(PINCODES.incrementAndGet() + 300_000);
    }

    /** A SKU on sale: MRP 10% above the price, at most {@code max} per order. */
    protected String sku(String id, long price, int max) {
        Reply r = api.put(ADMIN, "/skus/" + id, """
                {"name": "%s", "mrp": %d, "sellingPrice": %d, "maxPerOrder": %d}""".formatted(id, price * 11 / 10, price, max));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return id;
    }

    protected String sku(long price) {
        return sku(unique("SKU"), price, 10);
    }

    /** A store serving one pincode with the given priority. */
    protected String store(String id, String pincode, int priority) {
        Reply r = api.post(ADMIN, "/stores", """
                {"id": "%s", "name": "Store %s", "pincodes": ["%s"], "priority": %d}""".formatted(id, id, pincode, priority));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return id;
    }

    protected void receive(String store, String sku, long units) {
        Reply r = api.post(ADMIN, "/stores/" + store + "/stock/receipts", """
                {"sku": "%s", "units": %d}""".formatted(sku, units));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** POST /orders as {@code user} with one line. */
    protected Reply place(String user, String key, String pincode, String sku, int quantity) {
        return api.post(user, "/orders", """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": %d}]}""".formatted(pincode, sku, quantity), Map.of("Idempotency-Key", key));
    }

    /** A placed order's id; fails the test unless it was placed. */
    protected String placed(String user, String pincode, String sku, int quantity) {
        Reply r = place(user, unique("key"), pincode, sku, quantity);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json("$.id");
    }

    /** Placed and paid. */
    protected String confirmed(String user, String pincode, String sku, int quantity) {
        String id = placed(user, pincode, sku, quantity);
        Reply r = api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return id;
    }

    /** Moves a confirmed order through picking, packing and delivery, as {@code user}. */
    protected void deliver(String user, String order) {
        for (String step : java.util.List.of("PICKING", "PACKED", "OUT_FOR_DELIVERY", "DELIVERED")) {
            Reply r = api.post(user, "/orders/" + order + "/status", "{\"status\": \"" + step + "\"}");
            assertThat(r.status()).as(step + " " + r).isEqualTo(200);
        }
    }

    protected long available(String store, String sku) {
        Reply r = api.get(ADMIN, "/stores/" + store + "/stock?sku=" + sku);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return ((Number) r.json("$[0].available")).longValue();
    }

    /** The pincode each managed store serves alone. */
    protected static final String PINCODE_A = "110011";

    protected static final String PINCODE_B = "110022";

    /** The stores the test managers run exist (made once per context, whichever test comes first). */
    private void managedStores() {
        if (api.get(ADMIN, "/stores/" + Api.STORE_A).status() == 404) {
            store(Api.STORE_A, PINCODE_A, 0);
            store(Api.STORE_B, PINCODE_B, 0);
        }
    }

    /** True when a body holds nothing an error should never show. */
    protected static void assertNoInternals(Reply r) {
        assertThat(r.body()).doesNotContain("Exception", "\tat ", "at io.qcommerce", "trace");
    }
}
