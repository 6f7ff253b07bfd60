package io.qcommerce.oms.mongo;

import com.mongodb.WriteConcern;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.common.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class MongoOmsConfigTest {
    @Test
    void defaultsAreMajorityWritesOnPrefixedCollections() {
        MongoOmsConfig config = MongoOmsConfig.ofDefaults();

        assertThat(config.writeConcern()).isEqualTo(WriteConcern.MAJORITY);
        assertThat(config.ordersCollection()).isEqualTo("oms_orders");
        assertThat(config.catalogCollection()).isEqualTo("oms_skus");
        assertThat(config.storesCollection()).isEqualTo("oms_stores");
        assertThat(config.slotsCollection()).isEqualTo("oms_slots");
        assertThat(config.collections()).containsExactly("oms_orders", "oms_skus", "oms_stores", "oms_slots");
        assertThat(config).isEqualTo(MongoOmsConfig.builder().build());
    }

    @Test
    void namesComeFromThePrefixUnlessSetOneByOne() {
        MongoOmsConfig config = MongoOmsConfig.builder().collectionPrefix("").catalogCollection("products")
                .writeConcern(WriteConcern.W1).build();

        assertThat(config.ordersCollection()).isEqualTo("orders");
        assertThat(config.catalogCollection()).isEqualTo("products");
        assertThat(config.storesCollection()).isEqualTo("stores");
        assertThat(config.slotsCollection()).isEqualTo("slots");
        assertThat(config.writeConcern()).isEqualTo(WriteConcern.W1);
        assertThat(config.toBuilder().build()).isEqualTo(config);
        MongoOmsConfig windows = config.toBuilder().slotsCollection("windows").build();
        assertThat(windows.slotsCollection()).isEqualTo("windows");
        assertThat(windows).isNotEqualTo(config);
        assertThat(windows.toBuilder().build()).isEqualTo(windows).hasSameHashCodeAs(windows);
    }

    @Test
    void everyBadSettingIsNamedAtOnce() {
        Throwable thrown = catchThrowable(() -> MongoOmsConfig.builder()
                .writeConcern(WriteConcern.UNACKNOWLEDGED)
                .ordersCollection("orders$")
                .catalogCollection("system.skus")
                .storesCollection("")
                .slotsCollection("system.slots")
                .build());

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            assertThat(e.violations()).extracting(Violation::field).containsExactly("writeConcern",
                    "ordersCollection", "catalogCollection", "storesCollection", "slotsCollection");
        });
    }

    @Test
    void theSlotsNeedACollectionOfTheirOwn() {
        Throwable thrown = catchThrowable(() -> MongoOmsConfig.builder().slotsCollection("oms_stores").build());

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("collections"));
    }

    @Test
    void theThreeCollectionsMustDiffer() {
        Throwable thrown = catchThrowable(() -> MongoOmsConfig.builder().ordersCollection("all")
                .catalogCollection("all").build());

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("collections"));
    }
}
