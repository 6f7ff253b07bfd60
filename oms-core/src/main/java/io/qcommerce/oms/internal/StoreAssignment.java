package io.qcommerce.oms.internal;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.placement.AssignmentResult;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which store serves a cart: the active stores of the pincode in allocation order (priority, then id; or
 * nearest first when the customer's location is known), and the first of them that can fill every line.
 *
 * <p>{@link #assign} reads availability without holding anything: the answer may be stale a moment later.
 * Placement does not rely on it; it holds the stock store by store (see
 * {@link io.qcommerce.oms.internal.OrderPlacement}). Thread-safe.
 */
final class StoreAssignment {
    private final StoreDirectory directory;
    private final InventoryLock inventory;

    StoreAssignment(StoreDirectory directory, InventoryLock inventory) {
        this.directory = Checks.notNull(directory, "directory");
        this.inventory = Checks.notNull(inventory, "inventory");
    }

    /**
     * The stores to try for a pincode, in order. With a {@code location}, stores whose delivery radius does
     * not reach it are left out and the rest are ordered by distance (stores without a location last, in
     * allocation order).
     *
     * @param location the customer's coordinates, if known
     */
    public List<Store> candidates(Pincode pincode, @Nullable GeoPoint location) {
        Checks.notNull(pincode, "pincode");
        List<Store> serving = directory.servingPincode(pincode);
        if (location == null) {
            return serving;
        }
        List<Store> reachable = new ArrayList<>();
        for (Store s : serving) {
            if (s.reaches(location)) {
                reachable.add(s);
            }
        }
        reachable.sort(Comparator.comparingDouble((Store s) ->
                        s.location() == null ? Double.MAX_VALUE : s.location().metersTo(location))
                .thenComparing(StoreDirectory.ALLOCATION_ORDER));
        return reachable;
    }

    /**
     * A store the customer explicitly chose: it must exist ({@code UNKNOWN_STORE}) and be active
     * ({@code STORE_INACTIVE}); an empty list when it does not serve the pincode.
     */
    public List<Store> chosen(StoreId storeId, Pincode pincode) {
        Checks.notNull(storeId, "store");
        Checks.notNull(pincode, "pincode");
        Store store = directory
                .find(storeId)
                .orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_STORE, "store", storeId.value()));
        if (!store.active()) {
            throw new OmsException(
                    ErrorCode.STORE_INACTIVE,
                    "store " + storeId + " is not taking orders",
                    List.of(),
                    Map.of("store", storeId.value()),
                    null);
        }
        return store.serves(pincode) ? List.of(store) : List.of();
    }

    /** The first candidate store that has every line available now; nothing is held. */
    public AssignmentResult assign(Pincode pincode, List<HoldLine> lines, @Nullable GeoPoint location) {
        Checks.noNulls(lines, "lines");
        if (lines.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "lines", "nothing to assign");
        }
        // Two lines of one resource need their sum available, not each on its own.
        Map<Resource, Long> merged = new LinkedHashMap<>();
        for (HoldLine l : lines) {
            merged.merge(l.resource(), l.quantity(), Long::sum);
        }
        lines = new ArrayList<>(merged.size());
        for (Map.Entry<Resource, Long> e : merged.entrySet()) {
            lines.add(new HoldLine(e.getKey(), e.getValue()));
        }
        List<Store> stores = candidates(pincode, location);
        if (stores.isEmpty()) {
            return new AssignmentResult.NotServiceable(pincode);
        }
        List<Resource> resources = new ArrayList<>(merged.keySet());
        Map<StoreId, List<Shortfall>> shortfalls = new LinkedHashMap<>();
        for (Store store : stores) {
            Map<Resource, StockLevel> levels = inventory.levels(store.id(), resources);
            List<Shortfall> missing = new ArrayList<>();
            for (HoldLine l : lines) {
                long available = java.util.Objects.requireNonNull(levels.get(l.resource()), "level")
                        .available();
                if (available < l.quantity()) {
                    missing.add(new Shortfall(l.resource(), l.quantity(), available));
                }
            }
            if (missing.isEmpty()) {
                return new AssignmentResult.Assigned(store);
            }
            shortfalls.put(store.id(), missing);
        }
        return new AssignmentResult.Unfillable(shortfalls);
    }
}
