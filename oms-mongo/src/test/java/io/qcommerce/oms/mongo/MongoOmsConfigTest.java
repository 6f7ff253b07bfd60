package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.WriteConcern;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import org.junit.jupiter.api.Test;

class MongoOmsConfigTest {
    @Test
    void defaultsAreMajorityWritesOnPrefixedCollections() {
        MongoOmsConfig config = MongoOmsConfig.ofDefaults();

        assertThat(config.writeConcern()).isEqualTo(WriteConcern.MAJORITY);
        assertThat(config.ordersCollection()).isEqualTo("oms_orders");
        assertThat(config.catalogCollection()).isEqualTo("oms_skus");
        assertThat(config.storesCollection()).isEqualTo("oms_stores");
        assertThat(config.slotsCollection()).isEqualTo("oms_slots");
        assertThat(config.stockLedgerCollection()).isEqualTo("oms_stock_ledger");
        assertThat(config.ledgerPositionsCollection()).isEqualTo("oms_stock_ledger_positions");
        assertThat(config.stockThresholdsCollection()).isEqualTo("oms_stock_thresholds");
        assertThat(config.collections())
                .containsExactly(
                        "oms_orders",
                        "oms_skus",
                        "oms_stores",
                        "oms_slots",
                        "oms_stock_ledger",
                        "oms_stock_ledger_positions",
                        "oms_stock_thresholds",
                        "oms_order_events",
                        "oms_event_checkpoints",
                        "oms_stock_alerts");
        assertThat(config.orderEventsCollection()).isEqualTo("oms_order_events");
        assertThat(config.stockAlertsCollection()).isEqualTo("oms_stock_alerts");
        assertThat(config.eventCheckpointsCollection()).isEqualTo("oms_event_checkpoints");
        assertThat(config).isEqualTo(MongoOmsConfig.builder().build());
    }

    @Test
    void namesComeFromThePrefixUnlessSetOneByOne() {
        MongoOmsConfig config = MongoOmsConfig.builder()
                .collectionPrefix("")
                .catalogCollection("products")
                .writeConcern(WriteConcern.W1)
                .build();

        assertThat(config.ordersCollection()).isEqualTo("orders");
        assertThat(config.catalogCollection()).isEqualTo("products");
        assertThat(config.storesCollection()).isEqualTo("stores");
        assertThat(config.slotsCollection()).isEqualTo("slots");
        assertThat(config.stockLedgerCollection()).isEqualTo("stock_ledger");
        assertThat(config.ledgerPositionsCollection()).isEqualTo("stock_ledger_positions");
        assertThat(config.stockThresholdsCollection()).isEqualTo("stock_thresholds");
        assertThat(config.writeConcern()).isEqualTo(WriteConcern.W1);
        assertThat(config.toBuilder().build()).isEqualTo(config);
        MongoOmsConfig windows = config.toBuilder().slotsCollection("windows").build();
        assertThat(windows.slotsCollection()).isEqualTo("windows");
        assertThat(windows).isNotEqualTo(config);
        assertThat(windows.toBuilder().build()).isEqualTo(windows).hasSameHashCodeAs(windows);
        MongoOmsConfig ledger = config.toBuilder()
                .stockLedgerCollection("movements")
                .ledgerPositionsCollection("movements_shipped")
                .stockThresholdsCollection("low_stock")
                .orderEventsCollection("feed")
                .eventCheckpointsCollection("feed_checkpoints")
                .stockAlertsCollection("alerts")
                .build();
        assertThat(ledger.collections())
                .containsExactly(
                        "orders",
                        "products",
                        "stores",
                        "slots",
                        "movements",
                        "movements_shipped",
                        "low_stock",
                        "feed",
                        "feed_checkpoints",
                        "alerts");
        assertThat(ledger).isNotEqualTo(config);
        assertThat(ledger.toBuilder().build()).isEqualTo(ledger).hasSameHashCodeAs(ledger);
    }

    @Test
    void everyBadSettingIsNamedAtOnce() {
        Throwable thrown = catchThrowable(() -> MongoOmsConfig.builder()
                .writeConcern(WriteConcern.UNACKNOWLEDGED)
                .ordersCollection("orders$")
                .catalogCollection("system.skus")
                .storesCollection("")
                .slotsCollection("system.slots")
                .stockLedgerCollection("ledger.")
                .ledgerPositionsCollection("system.positions")
                .stockThresholdsCollection("$thresholds")
                .orderEventsCollection("events.")
                .eventCheckpointsCollection("system.checkpoints")
                .build());

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly(
                            "writeConcern",
                            "ordersCollection",
                            "catalogCollection",
                            "storesCollection",
                            "slotsCollection",
                            "stockLedgerCollection",
                            "ledgerPositionsCollection",
                            "stockThresholdsCollection",
                            "orderEventsCollection",
                            "eventCheckpointsCollection");
        });
    }

    @Test
    void theSlotsNeedACollectionOfTheirOwn() {
        Throwable thrown = catchThrowable(
                () -> MongoOmsConfig.builder().slotsCollection("oms_stores").build());

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly("collections"));
    }

    @Test
    void theLedgerItsPositionsAndTheThresholdsNeedCollectionsOfTheirOwn() {
        for (MongoOmsConfig.Builder b : java.util.List.of(
                MongoOmsConfig.builder().ledgerPositionsCollection("oms_stock_ledger"),
                MongoOmsConfig.builder().stockThresholdsCollection("oms_skus"),
                MongoOmsConfig.builder().stockLedgerCollection("oms_orders"))) {
            Throwable thrown = catchThrowable(b::build);

            assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                assertThat(e.violations()).extracting(Violation::field).containsExactly("collections");
            });
        }
    }

    @Test
    void theThreeCollectionsMustDiffer() {
        Throwable thrown = catchThrowable(() -> MongoOmsConfig.builder()
                .ordersCollection("all")
                .catalogCollection("all")
                .build());

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly("collections"));
    }
}
