package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.security.Role;
import io.qcommerce.oms.examples.springboot.web.Views.OrderView;
import io.qcommerce.oms.examples.springboot.web.Views.PickingListView;
import io.qcommerce.oms.examples.springboot.web.Views.StoreView;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.placement.AssignmentResult;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dark stores: the admin creates and changes them; a store's manager (or an admin) opens and closes it,
 * reads its picking list and starts picking its orders; anyone logged in finds the stores of a pincode and asks
 * which store could serve a list of SKU quantities.
 */
@RestController
@RequestMapping("/stores")
public class StoreController {
    private final Oms oms;

    public StoreController(Oms oms) {
        this.oms = oms;
    }

    @PostMapping
    public ResponseEntity<StoreView> create(@RequestBody Requests.Store body, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        Store store = oms.stores().create(parse(body.id(), body, true));
        return ResponseEntity.created(URI.create("/stores/" + store.id().value()))
                .body(StoreView.of(store));
    }

    /** Replaces a store's name, pincodes, priority and location; keeps its active flag unless given. */
    @PutMapping("/{id}")
    public StoreView update(
            @PathVariable String id, @RequestBody Requests.Store body, @AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        Input in = new Input();
        if (body.id() != null && !body.id().equals(id)) {
            in.problem("id", "must match the id in the path, or be left out", ErrorCode.INVALID_ARGUMENT);
        }
        in.check();
        Store current = oms.stores().get(StoreId.of(id));
        Store changed = parse(id, body, body.active() == null ? current.active() : body.active());
        return StoreView.of(oms.stores().update(changed));
    }

    @GetMapping("/{id}")
    public StoreView get(@PathVariable String id) {
        return StoreView.of(oms.stores().get(StoreId.of(id)));
    }

    /**
     * With {@code pincode}: the active stores that deliver there, in allocation order (anyone). Without: every
     * store, active or not (admin).
     */
    @GetMapping
    public List<StoreView> list(@RequestParam(required = false) String pincode, @AuthenticationPrincipal OmsUser user) {
        if (pincode == null) {
            Access.requireRole(user, Role.ADMIN);
            return oms.stores().all().stream().map(StoreView::of).toList();
        }
        Input in = new Input();
        Pincode pin = in.required("pincode", pincode, Pincode::of);
        in.check();
        return oms.stores().servingPincode(pin).stream().map(StoreView::of).toList();
    }

    @PostMapping("/{id}/activate")
    public StoreView activate(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        StoreId store = StoreId.of(id);
        Access.requireStaffOf(user, store);
        return StoreView.of(oms.stores().activate(store));
    }

    @PostMapping("/{id}/deactivate")
    public StoreView deactivate(@PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        StoreId store = StoreId.of(id);
        Access.requireStaffOf(user, store);
        return StoreView.of(oms.stores().deactivate(store));
    }

    /**
     * Which store would serve these SKU quantities at this pincode now: the first active store, in allocation
     * order (nearest first when a location is given), that has every line available. Nothing is held and the
     * catalog is not consulted (see {@code /carts/assign-store} for a customer's cart).
     */
    @PostMapping("/allocate")
    public StoreView allocate(@RequestBody Requests.CartAt body) {
        Input in = new Input();
        Pincode pincode = in.required("pincode", body.pincode(), Pincode::of);
        GeoPoint location = Parse.location(in, body.location());
        List<HoldLine> lines = holdLines(in, body.lines());
        in.check();
        AssignmentResult result = oms.assignStore(pincode, lines, location);
        return StoreView.of(Outcomes.assigned(result));
    }

    /**
     * What to pick for the store's confirmed orders: the oldest {@code limit} of them (default 50), oldest
     * first, their SKUs summed one line per SKU (by SKU id), each with the units to take from each batch, first
     * expiry first. Made by the library's {@code PickingService}.
     */
    @GetMapping("/{id}/picking-list")
    public PickingListView pickingList(
            @PathVariable String id,
            @RequestParam(required = false) String limit,
            @AuthenticationPrincipal OmsUser user) {
        StoreId store = StoreId.of(id);
        Access.requireStaffOf(user, store);
        Input in = new Input();
        int n = Parse.limit(in, limit);
        in.check();
        oms.stores().get(store);
        return PickingListView.of(oms.picking().list(store, n));
    }

    /**
     * Starts picking one of the store's orders: it moves to PICKING and leaves the picking list; the order.
     * Repeating it returns the order as it is. 409 {@code ILLEGAL_TRANSITION} for an order that is not
     * confirmed (awaiting payment, packed, cancelled...); an order of another store is 404 {@code UNKNOWN_ORDER},
     * as one that does not exist.
     */
    @PostMapping("/{id}/picking-list/{orderId}/start")
    public OrderView startPicking(
            @PathVariable String id, @PathVariable String orderId, @AuthenticationPrincipal OmsUser user) {
        StoreId store = StoreId.of(id);
        Access.requireStaffOf(user, store);
        Order order = oms.orders().get(OrderId.of(orderId));
        if (!order.store().equals(store)) {
            throw OmsException.notFound(
                    ErrorCode.UNKNOWN_ORDER, "order", order.id().value());
        }
        return OrderView.of(oms.picking().startPicking(order.id(), user.actor()));
    }

    private static Store parse(String id, Requests.Store body, boolean active) {
        Input in = new Input();
        StoreId storeId = in.required("id", id, StoreId::of);
        Set<Pincode> pincodes = new LinkedHashSet<>();
        if (body.pincodes() == null || body.pincodes().isEmpty()) {
            in.problem("pincodes", "must name at least one pincode", ErrorCode.INVALID_ARGUMENT);
        } else {
            for (int i = 0; i < body.pincodes().size(); i++) {
                Pincode p = in.required("pincodes[" + i + "]", body.pincodes().get(i), Pincode::of);
                if (p != null) {
                    pincodes.add(p);
                }
            }
        }
        GeoPoint location = Parse.location(in, body.location());
        int priority = body.priority() == null ? 0 : body.priority();
        int radius = body.deliveryRadiusMeters() == null ? 0 : body.deliveryRadiusMeters();
        return in.build(() -> new Store(storeId, body.name(), pincodes, priority, active, location, radius));
    }

    /** SKU quantities, duplicates summed (an allocation asks for units per SKU, whatever the line split). */
    static List<HoldLine> holdLines(Input in, List<Requests.Line> raw) {
        if (raw == null || raw.isEmpty()) {
            in.problem("lines", "must have at least one line", ErrorCode.INVALID_ARGUMENT);
            return List.of();
        }
        Map<SkuId, Long> units = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            Requests.Line line = raw.get(i);
            String at = "lines[" + i + "]";
            if (line == null) {
                in.problem(at, "must not be null", ErrorCode.INVALID_ARGUMENT);
                continue;
            }
            SkuId sku = in.required(at + ".sku", line.sku(), SkuId::of);
            Integer quantity = in.required(at + ".quantity", line.quantity(), q -> q);
            if (quantity != null && quantity <= 0) {
                in.problem(at + ".quantity", "must be positive, was " + quantity, ErrorCode.INVALID_QUANTITY);
            } else if (sku != null && quantity != null) {
                units.merge(sku, (long) quantity, Long::sum);
            }
        }
        List<HoldLine> lines = new ArrayList<>();
        units.forEach((sku, n) -> {
            HoldLine line = in.optional("lines", n, q -> HoldLine.of(sku, q));
            if (line != null) {
                lines.add(line);
            }
        });
        return lines;
    }
}
