package io.qcommerce.oms.spi;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.store.StoreId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything an inventory lock holds for one store, as a rebuild computes it from the durable record:
 * the units on hand of each resource (and of each of its batches) and the live holds.
 *
 * <p>Consistent by construction: per resource the batches hold at most {@code onHand}, and the holds
 * take, per resource and per batch, at most what is on hand; every hold is HELD and of this store.
 *
 * @param store    the store
 * @param counters one entry per resource, no resource twice
 * @param holds    the holds to keep alive, with their ids, lines, takes and expiry
 */
public record StoreState(StoreId store, List<Counter> counters, List<Reservation> holds) {
    /**
     * The units of one resource.
     *
     * @param resource the SKU or slot
     * @param onHand   all its units on hand (or a slot's capacity not yet booked), 0 to MAX_UNITS
     * @param batches  the units on hand of each of its batches, each at least 0; their sum at most onHand
     */
    public record Counter(Resource resource, long onHand, Map<Batch, Long> batches) {
        public Counter {
            Checks.notNull(resource, "resource");
            if (onHand < 0 || onHand > io.qcommerce.oms.common.Limits.MAX_UNITS) {
                throw OmsException.invalid(ErrorCode.INVALID_QUANTITY, "onHand", resource + ": " + onHand);
            }
            batches = Map.copyOf(Checks.notNull(batches, "batches"));
            Set<BatchCode> codes = new HashSet<>();
            for (Batch b : batches.keySet()) {
                if (!codes.add(b.code())) {
                    throw OmsException.invalid(
                            ErrorCode.INVALID_ARGUMENT,
                            "batches",
                            resource + ": batch " + b.code() + " appears with two expiries");
                }
            }
            long sum = 0;
            for (Map.Entry<Batch, Long> e : batches.entrySet()) {
                if (e.getValue() < 0) {
                    throw OmsException.invalid(ErrorCode.INVALID_QUANTITY, "batches", e.getKey() + ": " + e.getValue());
                }
                sum += e.getValue();
            }
            if (sum > onHand) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_QUANTITY,
                        "batches",
                        resource + ": batches hold " + sum + " of " + onHand + " units");
            }
        }
    }

    public StoreState {
        Checks.notNull(store, "store");
        counters = List.copyOf(Checks.noNulls(counters, "counters"));
        holds = List.copyOf(Checks.noNulls(holds, "holds"));
        Map<Resource, Counter> byResource = new HashMap<>();
        for (Counter c : counters) {
            if (byResource.put(c.resource(), c) != null) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "counters", c.resource() + " appears twice");
            }
        }
        Map<Resource, Long> held = new HashMap<>();
        Map<String, Long> heldOfBatch = new HashMap<>();
        Set<ReservationId> ids = new HashSet<>();
        for (Reservation r : holds) {
            if (!r.store().equals(store) || r.status() != ReservationStatus.HELD || !ids.add(r.id())) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT, "holds", r.id() + " must be a HELD hold of " + store + ", once");
            }
            Set<Resource> lineResources = new HashSet<>();
            for (HoldLine line : r.lines()) {
                if (!lineResources.add(line.resource())) {
                    throw OmsException.invalid(
                            ErrorCode.INVALID_ARGUMENT, "holds", r.id() + " names " + line.resource() + " twice");
                }
                held.merge(line.resource(), line.quantity(), Long::sum);
                long fromBatches = 0;
                for (BatchTake take : r.takesOf(line.resource())) {
                    heldOfBatch.merge(line.resource().key() + "/" + take.code(), take.quantity(), Long::sum);
                    fromBatches += take.quantity();
                    Counter c = byResource.get(line.resource());
                    if (c == null || !c.batches().containsKey(take.batch())) {
                        throw OmsException.invalid(
                                ErrorCode.INVALID_ARGUMENT,
                                "holds",
                                r.id() + " takes from batch " + take.code() + " that " + line.resource() + " lacks");
                    }
                }
                if (fromBatches > line.quantity()) {
                    throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "holds", r.id() + " takes too much");
                }
            }
        }
        for (Map.Entry<Resource, Long> e : held.entrySet()) {
            Counter c = byResource.get(e.getKey());
            long unbatchedHeld = e.getValue();
            if (c == null || e.getValue() > c.onHand()) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_QUANTITY,
                        "holds",
                        "holds take " + e.getValue() + " of " + e.getKey() + ", on hand "
                                + (c == null ? 0 : c.onHand()));
            }
            long batched = 0;
            for (Map.Entry<Batch, Long> b : c.batches().entrySet()) {
                long ofBatch = heldOfBatch.getOrDefault(
                        e.getKey().key() + "/" + b.getKey().code(), 0L);
                if (ofBatch > b.getValue()) {
                    throw OmsException.invalid(
                            ErrorCode.INVALID_QUANTITY,
                            "holds",
                            "holds take " + ofBatch + " of batch " + b.getKey().code() + " with " + b.getValue());
                }
                batched += b.getValue();
                unbatchedHeld -= ofBatch;
            }
            if (unbatchedHeld > c.onHand() - batched) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_QUANTITY,
                        "holds",
                        "holds take " + unbatchedHeld + " unbatched units of " + e.getKey() + " with "
                                + (c.onHand() - batched));
            }
        }
    }
}
