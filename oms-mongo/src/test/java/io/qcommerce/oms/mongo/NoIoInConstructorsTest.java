package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An adapter is handed its database and does no I/O until it is used. */
class NoIoInConstructorsTest {
    @Test
    void constructingTheAdaptersSendsNoCommandTheFirstCallDoes() {
        List<String> commands = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        };
        try (MongoClient client = MongoClients.create(
                TestMongo.settings(TestMongo.shared().connectionString(), b -> b.addCommandListener(listener)))) {
            MongoDatabase database = client.getDatabase("oms_test_noio");

            MongoOrderRepository orders = new MongoOrderRepository(database);
            MongoCatalog catalog = new MongoCatalog(database);
            MongoStoreDirectory stores = new MongoStoreDirectory(database);
            MongoSlotDirectory slots = new MongoSlotDirectory(database);
            MongoStockLedger ledger = new MongoStockLedger(database);
            MongoStockThresholds thresholds = new MongoStockThresholds(database);
            MongoEventCheckpoints checkpoints = new MongoEventCheckpoints(database);
            assertThat(commands).as("commands sent by the constructors").isEmpty();

            assertThat(orders.find(OrderId.of("o-none"))).isEmpty();
            assertThat(catalog.findAll(List.of(SkuId.of("none")))).isEmpty();
            assertThat(stores.servingPincode(Pincode.of("560001"))).isEmpty();
            assertThat(slots.find(SlotId.of("none"))).isEmpty();
            assertThat(ledger.shippedPosition(StoreId.of("none"))).isEmpty();
            assertThat(thresholds.storeDefault(StoreId.of("none"))).isEmpty();
            assertThat(checkpoints.position("none")).isZero();
            assertThat(commands).containsExactly("find", "find", "find", "find", "find", "find", "find");
        }
    }

    @Test
    void adaptersOnAnUnreachableServerAreBuiltAndTheirFirstCallIsBackendUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = s.getLocalPort();
        }
        try (MongoClient client = MongoClients.create(TestMongo.settings(
                "mongodb://127.0.0.1:" + closedPort,
                b -> b.applyToClusterSettings(c -> c.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))))) {
            MongoOrderRepository orders = new MongoOrderRepository(client.getDatabase("oms"));
            MongoEventCheckpoints checkpoints = new MongoEventCheckpoints(client.getDatabase("oms"));

            List<Throwable> thrown = List.of(
                    catchThrowable(() -> orders.find(OrderId.of("o-1"))),
                    catchThrowable(() -> orders.positionEvents(10)),
                    catchThrowable(() -> orders.feed(0, null, 10)),
                    catchThrowable(() -> checkpoints.advance("mailer", 3)));

            assertThat(thrown)
                    .allSatisfy(t -> assertThat(t).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE)));
        }
    }
}
