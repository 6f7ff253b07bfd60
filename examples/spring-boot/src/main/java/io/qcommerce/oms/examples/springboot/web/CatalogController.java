package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.security.Role;
import io.qcommerce.oms.examples.springboot.web.Views.SkuView;
import java.net.URI;
import java.time.Duration;
import java.util.Currency;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The SKUs the service sells: an admin creates, reprices and (de)activates them; anyone logged in reads. */
@RestController
@RequestMapping("/skus")
public class CatalogController {
    private final Oms oms;

    public CatalogController(Oms oms) {
        this.oms = oms;
    }

    /**
     * Creates (201) or replaces (200) a SKU. {@code minShelfLife} (an ISO-8601 duration) is kept on a replace
     * that leaves it out, so that a repricing client that does not know it cannot clear it; {@code PT0S}
     * clears it.
     */
    @PutMapping("/{id}")
    public ResponseEntity<SkuView> save(
            @PathVariable String id, @RequestBody Requests.Sku body, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        Input in = new Input();
        SkuId skuId = in.required("id", id, SkuId::of);
        Currency currency =
                in.optional("currency", body.currency() == null ? "INR" : body.currency(), CatalogController::currency);
        Long mrp = in.required("mrp", body.mrp(), v -> v);
        Long price = in.required("sellingPrice", body.sellingPrice(), v -> v);
        Integer max = in.required("maxPerOrder", body.maxPerOrder(), v -> v);
        Duration shelfLife = Parse.duration(in, "minShelfLife", body.minShelfLife());
        in.check();
        Optional<Sku> existing = oms.catalog().find(skuId);
        Duration minShelfLife =
                shelfLife != null ? shelfLife : existing.map(Sku::minShelfLife).orElse(Duration.ZERO);
        Sku sku = in.build(() -> Sku.builder(skuId, body.name())
                .mrp(Money.of(mrp, currency))
                .sellingPrice(Money.of(price, currency))
                .active(body.active() == null || body.active())
                .maxPerOrder(max)
                .minShelfLife(minShelfLife)
                .build());
        oms.catalog().save(sku);
        return existing.isPresent()
                ? ResponseEntity.ok(SkuView.of(sku))
                : ResponseEntity.created(URI.create("/skus/" + skuId.value())).body(SkuView.of(sku));
    }

    @GetMapping("/{id}")
    public SkuView get(@PathVariable String id) {
        return SkuView.of(find(id));
    }

    @PostMapping("/{id}/activate")
    public SkuView activate(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        return setActive(id, true, user);
    }

    @PostMapping("/{id}/deactivate")
    public SkuView deactivate(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        return setActive(id, false, user);
    }

    private SkuView setActive(String id, boolean active, OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        Sku sku = find(id).withActive(active);
        oms.catalog().save(sku);
        return SkuView.of(sku);
    }

    private Sku find(String id) {
        SkuId skuId = SkuId.of(id);
        return oms.catalog()
                .find(skuId)
                .orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_SKU, "SKU", skuId.value()));
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw OmsException.invalid(ErrorCode.INVALID_AMOUNT, "currency", "is not an ISO 4217 currency code");
        }
    }
}
