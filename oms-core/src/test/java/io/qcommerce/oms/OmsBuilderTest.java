package io.qcommerce.oms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.memory.InMemoryCatalog;
import io.qcommerce.oms.memory.InMemoryEventCheckpoints;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.memory.InMemorySlotDirectory;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.memory.InMemoryStockThresholds;
import io.qcommerce.oms.memory.InMemoryStoreDirectory;
import io.qcommerce.oms.spi.InventoryLock;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A builder never fills a missing port silently: it names what is missing, or fills it when asked by name. */
class OmsBuilderTest {
    /** Stands for a backend that provides every port but the inventory lock, as MongoDB does. */
    private static final OmsBackend DOCUMENT_STORE = b -> b.catalog(new InMemoryCatalog())
            .storeDirectory(new InMemoryStoreDirectory())
            .slotDirectory(new InMemorySlotDirectory())
            .orderRepository(new InMemoryOrderRepository())
            .stockLedger(new InMemoryStockLedger())
            .stockThresholds(new InMemoryStockThresholds())
            .eventCheckpoints(new InMemoryEventCheckpoints())
            .stockAlertLog(new io.qcommerce.oms.memory.InMemoryStockAlertLog());

    @Test
    void aBackendWithoutTheLockFailsAtBuildNamingTheLock() {
        assertThatThrownBy(() -> Oms.builder().use(DOCUMENT_STORE).build())
                .isInstanceOfSatisfying(OmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage())
                            .contains("inventoryLock")
                            .doesNotContain("catalog")
                            .doesNotContain("stockLedger");
                });
    }

    @Test
    void aBuilderGivenOnePortNamesEveryOtherOne() {
        assertThatThrownBy(() -> Oms.builder()
                        .inventoryLock(new InMemoryInventoryLock(Clock.systemUTC()))
                        .build())
                .isInstanceOf(OmsException.class)
                .hasMessageContainingAll(
                        "catalog",
                        "storeDirectory",
                        "orderRepository",
                        "slotDirectory",
                        "stockLedger",
                        "stockThresholds",
                        "eventCheckpoints")
                .message()
                .doesNotContain("inventoryLock,");
    }

    @Test
    void anEmptyBuilderIsRefusedToo() {
        assertThatThrownBy(() -> Oms.builder().build())
                .isInstanceOf(OmsException.class)
                .hasMessageContaining("inMemoryForRest()");
    }

    @Test
    void inMemoryForRestFillsOnlyWhatIsUnset() {
        InventoryLock lock = new InMemoryInventoryLock(Clock.systemUTC());
        Oms oms = Oms.builder().use(DOCUMENT_STORE).inventoryLock(lock).build();
        assertThat(oms.inventory()).isNotNull();
        Oms mixed = Oms.builder().inventoryLock(lock).inMemoryForRest().build();
        assertThat(mixed.stores().all()).isEmpty();
    }
}
