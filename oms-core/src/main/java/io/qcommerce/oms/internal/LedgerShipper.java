package io.qcommerce.oms.internal;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.StoreId;
import org.jspecify.annotations.Nullable;

/**
 * Copies the movements an inventory lock recorded into the durable {@link StockLedger}: the holds, sales,
 * releases and expiries that only the lock sees, and any stock change whose durable copy a crash cut off.
 * Resumes where the last copy ended; copying a movement twice keeps one entry, so a crash between copying
 * and remembering the position repeats work but loses nothing. Movements the lock forgets (past its
 * retention) before they are copied are not copied; run it well within the retention window.
 * Thread-safe per store when one shipper runs per store at a time.
 */
final class LedgerShipper {
    private final InventoryLock lock;
    private final StockLedger ledger;
    private final int pageSize;

    LedgerShipper(InventoryLock lock, StockLedger ledger, int pageSize) {
        this.lock = Checks.notNull(lock, "lock");
        this.ledger = Checks.notNull(ledger, "ledger");
        this.pageSize = Checks.positive(pageSize, "pageSize");
    }

    /** Copies up to {@code maxPages} pages of the store's new movements; returns how many it copied. */
    public int ship(StoreId store, int maxPages) {
        Checks.notNull(store, "store");
        return copy(store, ledger.shippedPosition(store).orElse(null), maxPages);
    }

    /**
     * Copies every movement the lock still keeps for the store, from its oldest, and remembers where it ended:
     * after the lock lost its data and was rebuilt, its positions may have started again from the beginning,
     * so the position shipped before the loss no longer means anything.
     */
    public int shipFromStart(StoreId store, int maxPages) {
        Checks.notNull(store, "store");
        return copy(store, null, maxPages);
    }

    private int copy(StoreId store, @Nullable String from, int maxPages) {
        Checks.positive(maxPages, "maxPages");
        String position = from;
        int copied = 0;
        for (int page = 0; page < maxPages; page++) {
            LedgerPage next = lock.movements(store, position, pageSize);
            if (next.movements().isEmpty()) {
                if (from == null && page == 0) {
                    // Nothing yet from the start: remember the start, not an older position of a lost record.
                    ledger.markShipped(store, next.position());
                }
                break;
            }
            ledger.record(next.movements());
            ledger.markShipped(store, next.position());
            copied += next.movements().size();
            position = next.position();
            if (next.movements().size() < pageSize) {
                break;
            }
        }
        return copied;
    }
}
