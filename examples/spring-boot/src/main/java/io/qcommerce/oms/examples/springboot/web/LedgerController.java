package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.ops.ServiceMetrics;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.security.Role;
import io.qcommerce.oms.examples.springboot.web.Views.DriftReportView;
import io.qcommerce.oms.examples.springboot.web.Views.LedgerPageView;
import io.qcommerce.oms.examples.springboot.web.Views.MovementView;
import io.qcommerce.oms.examples.springboot.web.Views.RebuildView;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A store's stock ledger and its recovery.
 * <ul>
 *   <li>The ledger (the store's manager, an admin): every movement of the store's units, oldest first, by SKU,
 *       type and time, a page at a time.</li>
 *   <li>The drift check and the rebuild (admins): compare the store's counters in the inventory lock with the
 *       durable record (the ledger and the orders), and write the record back into the lock after a loss.</li>
 * </ul>
 * The durable ledger gets stock changes as they are made; the holds, sales, releases and expiries the inventory
 * lock records reach it when copied (by the reconciler, and here before a read), so every endpoint here copies
 * the store's new movements first.
 */
@RestController
@RequestMapping("/stores/{store}/stock")
public class LedgerController {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerController.class);
    /** The most pages of the lock's record a ledger query copies before reading (a page is 1000 movements). */
    static final int COPY_PAGES = 20;

    private final Oms oms;
    private final ServiceMetrics metrics;

    public LedgerController(Oms oms, ServiceMetrics metrics) {
        this.oms = oms;
        this.metrics = metrics;
    }

    /**
     * The store's movements, oldest first (by time, then key): of one SKU ({@code sku}), of some types
     * ({@code type=SOLD,RETURNED}), from {@code from} (inclusive) to {@code to} (exclusive), at most
     * {@code limit} (default 50, at most 500). The answer's {@code next} is the cursor to pass as {@code after}
     * for the page after it, with the same filters; it is absent on the last page.
     */
    @GetMapping("/ledger")
    public LedgerPageView ledger(
            @PathVariable String store,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) List<String> type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String limit,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SkuId skuId = in.optional("sku", sku, SkuId::of);
        Set<MovementType> types = Parse.allOf(in, "type", type, MovementType.class);
        Instant first = Parse.instant(in, "from", from, false);
        Instant end = Parse.instant(in, "to", to, false);
        if (first != null && end != null && end.isBefore(first)) {
            in.problem("to", "must not be before from", ErrorCode.INVALID_ARGUMENT);
        }
        Cursor cursor = in.optional("after", after, Cursor::parse);
        int n = Parse.limit(in, limit);
        in.check();
        oms.stores().get(storeId);

        boolean upToDate = copyFromLock(storeId);
        Resource resource = skuId == null ? null : Resource.sku(skuId);
        LedgerQuery query = new LedgerQuery(storeId, resource, types, first, end, null, n + 1);
        if (cursor != null) {
            query = query.after(cursor.asMovement(storeId));
        }
        List<StockMovement> found = oms.recovery().movements(query);
        boolean more = found.size() > n;
        List<StockMovement> page = more ? found.subList(0, n) : found;
        return new LedgerPageView(
                storeId.value(),
                page.stream().map(MovementView::of).toList(),
                more ? Cursor.of(page.get(n - 1)) : null,
                upToDate);
    }

    /**
     * Compares the store's counters in the inventory lock with the durable record (admins); changes nothing.
     * A {@code reserved} difference that a second check no longer shows was a hold in flight; one that stays
     * is real.
     */
    @GetMapping("/drift")
    public DriftReportView drift(@PathVariable String store, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        StoreId storeId = StoreId.of(store);
        oms.stores().get(storeId);
        return DriftReportView.of(oms.reconciler().checkDrift(storeId));
    }

    /**
     * Writes the store's counters and the holds of its orders awaiting payment, as the durable record has
     * them, into the inventory lock (admins): the recovery after the lock lost the store's data. Orders placed
     * while it reads the record would be overwritten, so the store must be closed first
     * ({@code POST /stores/{id}/deactivate}; 409 {@code STORE_ACTIVE} otherwise) and opened again after.
     * Idempotent.
     */
    @PostMapping("/rebuild")
    public RebuildView rebuild(@PathVariable String store, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        StoreId storeId = StoreId.of(store);
        Store current = oms.stores().get(storeId);
        if (current.active()) {
            throw new ApiProblem(
                            HttpStatus.CONFLICT,
                            "STORE_ACTIVE",
                            "store " + storeId
                                    + " is open: close it (POST /stores/" + storeId
                                    + "/deactivate) before a rebuild, so that no"
                                    + " order is placed while the record is read, and open it again after")
                    .with("store", storeId.value());
        }
        // Movements of changes whose durable copy a crash cut off are still in a lock that kept its data.
        copyFromLock(storeId);
        return RebuildView.of(oms.recovery().rebuild(storeId));
    }

    /**
     * Copies the store's movements the lock recorded since the last copy to the durable ledger; false when the
     * lock could not be reached (the ledger is then read as it is).
     */
    private boolean copyFromLock(StoreId store) {
        try {
            metrics.shipped("ledger_query", oms.recovery().ship(store, COPY_PAGES));
            return true;
        } catch (OmsException e) {
            if (e.category() != ErrorCode.Category.BACKEND) {
                throw e;
            }
            metrics.failure(e.code().name());
            LOG.warn(
                    "could not copy the stock movements of store {} before reading its ledger: {}",
                    store,
                    e.getMessage());
            return false;
        }
    }

    private static StoreId staffOf(String store, OmsUser user) {
        StoreId storeId = StoreId.of(store);
        Access.requireStaffOf(user, storeId);
        return storeId;
    }

    /**
     * Where a page of the ledger ended: the time and key of its last movement, which is all a ledger compares
     * to start the next page. Opaque to clients (URL-safe Base64).
     */
    record Cursor(Instant at, String key) {
        static String of(StockMovement last) {
            String text = last.at() + "\n" + last.key();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String raw) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.UTF_8);
                int cut = text.indexOf('\n');
                if (cut > 0 && cut < text.length() - 1) {
                    return new Cursor(Instant.parse(text.substring(0, cut)), text.substring(cut + 1));
                }
            } catch (IllegalArgumentException | DateTimeException e) {
                // reported below
            }
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "after",
                    "is not a cursor of this ledger: pass the 'next' of the page before");
        }

        /**
         * The ledger port takes the previous page's last movement and reads only its time and key; the rest of
         * this stand-in is never looked at.
         */
        StockMovement asMovement(StoreId store) {
            return new StockMovement(
                    key,
                    store,
                    Resource.slot("cursor"),
                    MovementType.RECEIVED,
                    1,
                    null,
                    StockChange.SYSTEM,
                    at,
                    "cursor",
                    "");
        }
    }
}
