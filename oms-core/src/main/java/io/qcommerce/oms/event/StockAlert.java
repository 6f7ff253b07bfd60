package io.qcommerce.oms.event;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;

/**
 * A SKU of a store went below its low-stock threshold, or came back to it: an entry of the durable alert log,
 * raised from the stock ledger by {@link EventService#dispatch()} and delivered to alert subscribers at least
 * once, like order events. The alerts of one SKU alternate, LOW then RECOVERED, numbered 1, 2, 3…: its
 * {@link #id() id} is stable, so a consumer deduplicates by it.
 *
 * @param store     the store
 * @param sku       the SKU
 * @param sequence  the alert's number among the SKU's alerts in the store, from 1
 * @param type      low, or back to its threshold
 * @param available units available when the ledger was read
 * @param threshold the threshold it was compared with
 * @param at        when it was raised, by the library's clock
 * @param position  its place in the alert log, from 1; 0 before the log has recorded it
 */
public record StockAlert(
        StoreId store, SkuId sku, long sequence, Type type, long available, long threshold, Instant at, long position) {
    /** What the alert says. */
    public enum Type {
        /** Fewer units available than the threshold. */
        LOW,
        /** At or above the threshold again (or its threshold turned off) after a LOW alert. */
        RECOVERED
    }

    public StockAlert {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        Checks.notNull(type, "type");
        Checks.notNull(at, "at");
        if (sequence < 1 || position < 0 || threshold < 0) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "alert",
                    "sequence from 1, position and threshold from 0; was " + sequence + ", " + position + ", "
                            + threshold);
        }
    }

    /** {@code <store>/<sku>#<sequence>}: the same alert has the same id wherever it is read. */
    public String id() {
        return store.value() + "/" + sku.value() + "#" + sequence;
    }

    /** The same alert at a position of the log. */
    public StockAlert at(long logPosition) {
        return new StockAlert(store, sku, sequence, type, available, threshold, at, logPosition);
    }
}
