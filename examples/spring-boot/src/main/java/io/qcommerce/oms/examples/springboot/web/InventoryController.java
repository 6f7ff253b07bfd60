package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.web.Views.BatchView;
import io.qcommerce.oms.examples.springboot.web.Views.StockChangeView;
import io.qcommerce.oms.examples.springboot.web.Views.StockView;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A store's stock: receipts, adjustments and availability, batches and what expires soon, for the store's
 * manager and admins. A {@code movementId} (a goods-receipt or count number) makes a retried receipt or
 * adjustment count once. Every change goes through {@code InventoryService.apply} with the caller as its
 * actor, so the stock ledger says who made it.
 */
@RestController
@RequestMapping("/stores/{store}/stock")
public class InventoryController {
    /** The furthest an expiry listing looks ahead: a year, like the longest minimum shelf life. */
    static final int MAX_EXPIRY_DAYS = 366;

    private final Oms oms;

    public InventoryController(Oms oms) {
        this.oms = oms;
    }

    /**
     * Units delivered to the store; the counters after it. With {@code batch} and {@code expiresAt} they are a
     * new batch of the SKU: 409 {@code DUPLICATE_BATCH} when the store already has that code for the SKU, 400
     * {@code BATCH_EXPIRED} when its expiry has passed. The stock ledger records the caller as who received it.
     */
    @PostMapping("/receipts")
    public StockView receive(
            @PathVariable String store, @RequestBody Requests.Receipt body, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SkuId sku = in.required("sku", body.sku(), SkuId::of);
        Long units = in.required("units", body.units(), v -> v);
        MovementId movement = in.optional("movementId", body.movementId(), MovementId::of);
        Batch batch = batch(in, body.batch(), body.expiresAt());
        in.check();
        StockChange change = change(in, "units", () -> StockChange.receive(storeId, sku, units)
                .id(movement != null ? movement : freshMovement())
                .batch(batch)
                .by(actorOf(user))
                .build());
        requireStockable(storeId, sku);
        StockChangeResult result = oms.inventory().apply(change);
        if (result instanceof StockChangeResult.Rejected rejected) {
            throw rejected.asError(storeId, sku, batch == null ? null : batch.code());
        }
        return StockView.of(result.level());
    }

    /**
     * A correction of on-hand units (negative for damage or loss), of the units kept without a batch or, with
     * {@code batch}, of that batch (404 {@code UNKNOWN_BATCH} when the store has no such batch). 409
     * {@code STOCK_CHANGE_REJECTED} when it would leave fewer units than live holds need, or fewer than none.
     * The stock ledger records the caller as who made it, with the reason.
     */
    @PostMapping("/adjustments")
    public StockChangeView adjust(
            @PathVariable String store, @RequestBody Requests.Adjustment body, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SkuId sku = in.required("sku", body.sku(), SkuId::of);
        Long delta = in.required("delta", body.delta(), v -> v);
        String reason = in.required("reason", body.reason(), v -> v);
        MovementId movement = in.optional("movementId", body.movementId(), MovementId::of);
        BatchCode code = in.optional("batch", body.batch(), BatchCode::of);
        in.check();
        StockChange change = change(in, "delta", () -> StockChange.adjust(storeId, sku, delta)
                .id(movement != null ? movement : freshMovement())
                .reason(reason)
                .by(actorOf(user))
                .build());
        requireStockable(storeId, sku);
        if (code != null) {
            change = new StockChange(
                    change.id(),
                    storeId,
                    change.resource(),
                    change.kind(),
                    change.delta(),
                    change.reason(),
                    batchOf(storeId, sku, code),
                    change.actor());
        }
        StockChangeResult result = oms.inventory().apply(change);
        if (result instanceof StockChangeResult.Rejected rejected) {
            if (rejected.cause() == StockChangeResult.Cause.UNKNOWN_BATCH) {
                // The batch went between reading it and the change (written off by another call).
                throw OmsException.notFound(ErrorCode.UNKNOWN_BATCH, "batch", code == null ? "" : code.value());
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "STOCK_CHANGE_REJECTED", rejected.why())
                    .with("cause", rejected.cause().name())
                    .with("level", StockView.of(rejected.level()));
        }
        return new StockChangeView(StockView.of(result.level()), ((StockChangeResult.Applied) result).repeated());
    }

    /** On hand, held and available units of each SKU asked for ({@code sku=A&sku=B} or {@code sku=A,B}). */
    @GetMapping
    public List<StockView> availability(
            @PathVariable String store,
            @RequestParam(required = false) List<String> sku,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        Set<SkuId> skus = new LinkedHashSet<>();
        if (sku == null || sku.isEmpty()) {
            in.problem("sku", "name at least one SKU", ErrorCode.INVALID_ARGUMENT);
        } else {
            for (String s : sku) {
                SkuId id = in.required("sku", s, SkuId::of);
                if (id != null) {
                    skus.add(id);
                }
            }
        }
        in.check();
        oms.stores().get(storeId);
        List<StockView> out = new ArrayList<>();
        oms.inventory().availability(storeId, skus).values().forEach(level -> out.add(StockView.of(level)));
        return out;
    }

    /** The batches of one SKU in the store, first expiry first, with what a new order could take from each. */
    @GetMapping("/batches")
    public List<BatchView> batches(
            @PathVariable String store,
            @RequestParam(required = false) String sku,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SkuId skuId = in.required("sku", sku, SkuId::of);
        in.check();
        Instant now = oms.clock().instant();
        return oms.inventory().batches(storeId, skuId).stream()
                .map(b -> BatchView.of(b, now))
                .toList();
    }

    /**
     * The store's batches with units on hand that expire within {@code days} days from now, those already
     * expired included, first expiry first: what to sell soon, mark down or write off.
     */
    @GetMapping("/expiring")
    public List<BatchView> expiring(
            @PathVariable String store,
            @RequestParam(required = false) String days,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        Integer n = Parse.days(in, "days", days, MAX_EXPIRY_DAYS);
        in.check();
        Instant now = oms.clock().instant();
        return oms.inventory().expiringWithin(storeId, Duration.ofDays(n)).stream()
                .map(b -> BatchView.of(b, now))
                .toList();
    }

    /** A batch from the code and expiry of a receipt: both or neither. */
    private Batch batch(Input in, String rawCode, String rawExpiry) {
        BatchCode code = in.optional("batch", rawCode, BatchCode::of);
        Instant expiresAt = Parse.instant(in, "expiresAt", rawExpiry, false);
        if (rawCode == null && rawExpiry != null) {
            in.problem("batch", "is required with expiresAt", ErrorCode.INVALID_ARGUMENT);
        } else if (rawCode != null && rawExpiry == null) {
            in.problem("expiresAt", "is required with a batch", ErrorCode.INVALID_ARGUMENT);
        }
        if (expiresAt != null && !expiresAt.isAfter(oms.clock().instant())) {
            // The library refuses it too; said here under the request's field name.
            in.problem(
                    "expiresAt",
                    "has passed (" + expiresAt + "): an expired batch cannot be received",
                    ErrorCode.BATCH_EXPIRED);
        }
        return code == null || expiresAt == null ? null : new Batch(code, expiresAt);
    }

    /** A movement id for a change the client sent without one: the change then counts once per request. */
    private static MovementId freshMovement() {
        return MovementId.of("api-" + UUID.randomUUID());
    }

    /** Who makes a change, as the stock ledger records it: {@code store_staff:<login>}, {@code admin:<login>}. */
    private static io.qcommerce.oms.common.Actor actorOf(OmsUser user) {
        return user.actor();
    }

    /**
     * The change as the library builds it, its rules broken reported under the request's field names (the
     * library names the units {@code delta}).
     */
    private static StockChange change(Input in, String unitsField, Supplier<StockChange> make) {
        try {
            return make.get();
        } catch (OmsException e) {
            if (e.category() != ErrorCode.Category.INVALID_INPUT
                    || e.violations().isEmpty()) {
                throw e;
            }
            for (Violation v : e.violations()) {
                in.problem("delta".equals(v.field()) ? unitsField : v.field(), v.message(), e.code());
            }
            in.check();
            throw e;
        }
    }

    /**
     * {@code InventoryService.apply}, which records the actor, does not check the store and the SKU as its
     * receive and adjust do; checked here, in the same order (store first).
     */
    private void requireStockable(StoreId store, SkuId sku) {
        oms.stores().get(store);
        if (oms.catalog().find(sku).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_SKU, "SKU", sku.value());
        }
    }

    /** The store's batch of the SKU with this code, expiry included; 404 {@code UNKNOWN_BATCH} when it has none. */
    private Batch batchOf(StoreId store, SkuId sku, BatchCode code) {
        for (BatchLevel level : oms.inventory().batches(store, sku)) {
            if (level.batch().code().equals(code)) {
                return level.batch();
            }
        }
        throw OmsException.notFound(ErrorCode.UNKNOWN_BATCH, "batch", code.value());
    }

    private StoreId staffOf(String store, OmsUser user) {
        StoreId storeId = StoreId.of(store);
        Access.requireStaffOf(user, storeId);
        return storeId;
    }
}
