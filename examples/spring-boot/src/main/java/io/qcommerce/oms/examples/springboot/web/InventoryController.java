package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.web.Views.StockChangeView;
import io.qcommerce.oms.examples.springboot.web.Views.StockView;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.store.StoreId;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A store's stock: receipts, adjustments and availability, for the store's manager and admins. A
 * {@code movementId} (a goods-receipt or count number) makes a retried receipt or adjustment count once.
 */
@RestController
@RequestMapping("/stores/{store}/stock")
public class InventoryController {
    private final Oms oms;

    public InventoryController(Oms oms) {
        this.oms = oms;
    }

    /** Units delivered to the store; the counters after it. */
    @PostMapping("/receipts")
    public StockView receive(@PathVariable String store, @RequestBody Requests.Receipt body,
                             @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SkuId sku = in.required("sku", body.sku(), SkuId::of);
        Long units = in.required("units", body.units(), v -> v);
        MovementId movement = in.optional("movementId", body.movementId(), MovementId::of);
        in.check();
        StockLevel level = movement == null ? oms.inventory().receive(storeId, sku, units)
                : oms.inventory().receive(storeId, sku, units, movement);
        return StockView.of(level);
    }

    /**
     * A correction of on-hand units (negative for damage or loss). 409 {@code STOCK_CHANGE_REJECTED} when it
     * would leave fewer units than live holds need, or fewer than none.
     */
    @PostMapping("/adjustments")
    public StockChangeView adjust(@PathVariable String store, @RequestBody Requests.Adjustment body,
                                  @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SkuId sku = in.required("sku", body.sku(), SkuId::of);
        Long delta = in.required("delta", body.delta(), v -> v);
        String reason = in.required("reason", body.reason(), v -> v);
        MovementId movement = in.optional("movementId", body.movementId(), MovementId::of);
        in.check();
        StockChangeResult result = movement == null ? oms.inventory().adjust(storeId, sku, delta, reason)
                : oms.inventory().adjust(storeId, sku, delta, reason, movement);
        if (result instanceof StockChangeResult.Rejected rejected) {
            throw new ApiProblem(HttpStatus.CONFLICT, "STOCK_CHANGE_REJECTED", rejected.why())
                    .with("level", StockView.of(rejected.level()));
        }
        return new StockChangeView(StockView.of(result.level()), ((StockChangeResult.Applied) result).repeated());
    }

    /** On hand, held and available units of each SKU asked for ({@code sku=A&sku=B} or {@code sku=A,B}). */
    @GetMapping
    public List<StockView> availability(@PathVariable String store, @RequestParam(required = false) List<String> sku,
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

    private StoreId staffOf(String store, OmsUser user) {
        StoreId storeId = StoreId.of(store);
        Access.requireStaffOf(user, storeId);
        return storeId;
    }
}
