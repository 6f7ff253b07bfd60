package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.store.StoreId;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link StockThresholds} adapter must pass: thresholds read back as set, per store
 * and SKU, a store default apart from them, clearing leaves the default, and a negative threshold is an
 * {@code INVALID_QUANTITY} that changes nothing.
 */
public abstract class StockThresholdsContract {
    protected StockThresholds thresholds;
    private StoreId store;
    private StoreId other;
    private SkuId milk;
    private SkuId bread;

    protected abstract StockThresholds createThresholds();

    @BeforeEach
    protected final void setUpStockThresholdsContract() {
        thresholds = createThresholds();
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("t-" + suffix);
        other = StoreId.of("u-" + suffix);
        milk = SkuId.of("milk-" + suffix);
        bread = SkuId.of("bread-" + suffix);
    }

    @Test
    void thresholdsReadBackAsSetPerStoreAndSku() {
        assertThat(thresholds.find(store, milk)).isEmpty();
        thresholds.set(store, milk, 12);
        thresholds.set(store, bread, 0);
        thresholds.set(other, milk, 3);
        thresholds.set(store, milk, 15);
        assertThat(thresholds.find(store, milk)).isEqualTo(OptionalLong.of(15));
        assertThat(thresholds.find(store, bread)).isEqualTo(OptionalLong.of(0));
        assertThat(thresholds.ofStore(store)).isEqualTo(Map.of(milk, 15L, bread, 0L));
        assertThat(thresholds.ofStore(other)).isEqualTo(Map.of(milk, 3L));
    }

    @Test
    void aStoreDefaultStandsApartAndClearingASkuLeavesIt() {
        assertThat(thresholds.storeDefault(store)).isEmpty();
        thresholds.setStoreDefault(store, 5);
        thresholds.set(store, milk, 9);
        thresholds.clear(store, milk);
        thresholds.clear(store, bread);
        assertThat(thresholds.find(store, milk)).isEmpty();
        assertThat(thresholds.storeDefault(store)).isEqualTo(OptionalLong.of(5));
        assertThat(thresholds.storeDefault(other)).isEmpty();
    }

    @Test
    void aNegativeThresholdIsRefusedAndChangesNothing() {
        thresholds.set(store, milk, 4);
        Throwable thrown = catchThrowable(() -> thresholds.set(store, milk, -1));
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).isEqualTo(ErrorCode.INVALID_QUANTITY);
        assertThat(catchThrowable(() -> thresholds.setStoreDefault(store, -1))).isInstanceOf(OmsException.class);
        assertThat(thresholds.find(store, milk)).isEqualTo(OptionalLong.of(4));
        assertThat(thresholds.storeDefault(store)).isEmpty();
    }
}
