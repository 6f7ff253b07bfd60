package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.autoconfigure.OmsProperties;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.web.Views.LowStockView;
import io.qcommerce.oms.examples.springboot.web.Views.SkuThresholdView;
import io.qcommerce.oms.examples.springboot.web.Views.StoreThresholdsView;
import io.qcommerce.oms.examples.springboot.web.Views.ThresholdView;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Low stock, for a store's manager and admins: the thresholds below which a SKU counts as low (a SKU's own,
 * else the store's default, else the configured {@code oms.low-stock-threshold}), and the SKUs under theirs
 * now. A threshold is in available units; 0 turns alerts off. Crossing one downward is also counted as
 * {@code oms.stock.low}.
 */
@RestController
@RequestMapping("/stores/{store}/stock")
public class ThresholdController {
    private final Oms oms;
    private final StockThresholds thresholds;
    private final long configuredDefault;

    public ThresholdController(Oms oms, StockThresholds thresholds, OmsProperties properties) {
        this.oms = oms;
        this.thresholds = thresholds;
        this.configuredDefault = properties.getLowStockThreshold();
    }

    /** The SKUs of the store with fewer units available than their threshold, fewest first. */
    @GetMapping("/low")
    public List<LowStockView> low(@PathVariable String store, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        return oms.inventory().lowStock(storeId).stream().map(LowStockView::of).toList();
    }

    /** The store's default and every SKU threshold of its own. */
    @GetMapping("/thresholds")
    public StoreThresholdsView all(@PathVariable String store, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        oms.stores().get(storeId);
        return storeView(storeId);
    }

    /** Sets (or replaces) the store's default, for its SKUs without a threshold of their own. */
    @PutMapping("/thresholds")
    public StoreThresholdsView setStoreDefault(
            @PathVariable String store,
            @RequestBody Requests.StoreThresholds body,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        Long units = in.required("storeDefault", body.storeDefault(), StockThresholds::checkUnits);
        in.check();
        oms.inventory().setStoreDefaultThreshold(storeId, units);
        return storeView(storeId);
    }

    /** The threshold that applies to the SKU in the store, and where it comes from. */
    @GetMapping("/thresholds/{sku}")
    public ThresholdView get(
            @PathVariable String store, @PathVariable String sku, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        SkuId skuId = known(storeId, sku);
        return view(storeId, skuId);
    }

    /** Sets (or replaces) the SKU's own threshold in the store. */
    @PutMapping("/thresholds/{sku}")
    public ThresholdView set(
            @PathVariable String store,
            @PathVariable String sku,
            @RequestBody Requests.Threshold body,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SkuId skuId = in.required("sku", sku, SkuId::of);
        Long units = in.required("threshold", body.threshold(), StockThresholds::checkUnits);
        in.check();
        known(storeId, skuId.value());
        oms.inventory().setThreshold(storeId, skuId, units);
        return view(storeId, skuId);
    }

    /** Removes the SKU's own threshold, so the store's default applies to it again; the threshold now. */
    @DeleteMapping("/thresholds/{sku}")
    public ThresholdView clear(
            @PathVariable String store, @PathVariable String sku, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        SkuId skuId = known(storeId, sku);
        thresholds.clear(storeId, skuId);
        return view(storeId, skuId);
    }

    /**
     * The SKU, when the store and the SKU exist (404 {@code UNKNOWN_STORE}, {@code UNKNOWN_SKU}): a threshold
     * of a SKU the catalog does not have would list it as low for ever.
     */
    private SkuId known(StoreId store, String sku) {
        Input in = new Input();
        SkuId skuId = in.required("sku", sku, SkuId::of);
        in.check();
        oms.stores().get(store);
        if (oms.catalog().find(skuId).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_SKU, "SKU", skuId.value());
        }
        return skuId;
    }

    /** Where the SKU's threshold comes from, in the order the library looks. */
    private ThresholdView view(StoreId store, SkuId sku) {
        OptionalLong own = thresholds.find(store, sku);
        if (own.isPresent()) {
            return new ThresholdView(store.value(), sku.value(), own.getAsLong(), "SKU");
        }
        OptionalLong storeDefault = thresholds.storeDefault(store);
        if (storeDefault.isPresent()) {
            return new ThresholdView(store.value(), sku.value(), storeDefault.getAsLong(), "STORE_DEFAULT");
        }
        return new ThresholdView(store.value(), sku.value(), configuredDefault, "CONFIGURED");
    }

    private StoreThresholdsView storeView(StoreId store) {
        OptionalLong storeDefault = thresholds.storeDefault(store);
        List<SkuThresholdView> skus = new ArrayList<>();
        for (Map.Entry<SkuId, Long> e : new TreeMap<>(thresholds.ofStore(store)).entrySet()) {
            skus.add(new SkuThresholdView(e.getKey().value(), e.getValue()));
        }
        return new StoreThresholdsView(
                store.value(), storeDefault.isPresent() ? storeDefault.getAsLong() : null, configuredDefault, skus);
    }

    private static StoreId staffOf(String store, OmsUser user) {
        StoreId storeId = StoreId.of(store);
        Access.requireStaffOf(user, storeId);
        return storeId;
    }
}
