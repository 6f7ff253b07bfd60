package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.security.Role;
import io.qcommerce.oms.examples.springboot.web.Views.PerformanceView;
import io.qcommerce.oms.examples.springboot.web.Views.StockView;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports: how a store did over a period (its manager, admins), and where a SKU's stock is across the stores
 * (any store manager, admins: a manager short of a SKU looks for a store to move units from; counts of units
 * tell nothing about customers or orders).
 */
@RestController
public class ReportController {
    /** The longest period a performance report reads, in days (a report is one pass over the period's orders). */
    static final long MAX_PERIOD_DAYS = 366;

    private static final Duration MAX_PERIOD = Duration.ofDays(MAX_PERIOD_DAYS);

    private final Oms oms;

    public ReportController(Oms oms) {
        this.oms = oms;
    }

    /**
     * The orders placed at the store from {@code from} (inclusive) to {@code to} (exclusive; default now),
     * ISO-8601 instants at most {@value #MAX_PERIOD_DAYS} days apart, counted by where they are now.
     */
    @GetMapping("/stores/{store}/performance")
    public PerformanceView performance(
            @PathVariable String store,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = StoreId.of(store);
        Access.requireStaffOf(user, storeId);
        Input in = new Input();
        Instant first = Parse.instant(in, "from", from, true);
        Instant end = to == null ? oms.clock().instant() : Parse.instant(in, "to", to, true);
        if (first != null && end != null) {
            if (end.isBefore(first)) {
                in.problem("to", "must not be before from", ErrorCode.INVALID_ARGUMENT);
            } else if (Duration.between(first, end).compareTo(MAX_PERIOD) > 0) {
                in.problem("to", "must be at most " + MAX_PERIOD_DAYS + " days after from", ErrorCode.INVALID_ARGUMENT);
            }
        }
        in.check();
        return PerformanceView.of(oms.reports().storePerformance(storeId, first, end));
    }

    /** The counters of the SKU in every store (active or not), in allocation order. */
    @GetMapping("/skus/{id}/stock")
    public List<StockView> stockAcrossStores(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.STORE_MANAGER, Role.ADMIN);
        Input in = new Input();
        SkuId sku = in.required("id", id, SkuId::of);
        in.check();
        if (oms.catalog().find(sku).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_SKU, "SKU", sku.value());
        }
        return oms.reports().stockAcrossStores(sku).stream().map(StockView::of).toList();
    }
}
