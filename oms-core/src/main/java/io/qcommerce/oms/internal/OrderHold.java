package io.qcommerce.oms.internal;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.spi.StockLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An order's hold as the inventory lock keeps and records it, rebuilt from the order alone: its lines and
 * batch takes, the keys of its movements, and what the durable ledger says of how it ended. For the times
 * the lock no longer knows the hold (it lost its data, or the hold is past its retention).
 */
final class OrderHold {
    /** How a hold can end, in the order the ledger is asked about them. */
    private static final List<MovementType> CLOSINGS =
            List.of(MovementType.SOLD, MovementType.RELEASED, MovementType.EXPIRED);

    private OrderHold() {}

    /** One movement's worth of a hold: a line's units of one batch, or of no batch. */
    record Chunk(Resource resource, @Nullable Batch batch, long quantity) {
        String key(MovementType type, Order order) {
            return StockMovement.holdKey(type, order.reservationId().value(), order.createdAt(), resource, batch);
        }
    }

    /** The parts of the order's hold that the lock records one movement each for: per line and batch. */
    static List<Chunk> chunks(Order order) {
        List<Chunk> out = new ArrayList<>();
        for (OrderLine line : order.heldLines()) {
            Resource sku = Resource.sku(line.sku());
            long rest = line.soldQuantity();
            for (BatchTake take : line.batches()) {
                out.add(new Chunk(sku, take.batch(), take.quantity()));
                rest -= take.quantity();
            }
            if (rest > 0) {
                out.add(new Chunk(sku, null, rest));
            }
        }
        if (order.slot() != null) {
            out.add(new Chunk(order.slot().id().resource(), null, 1));
        }
        return out;
    }

    /** The order's hold with the given status, as the lock would answer for it. */
    public static Reservation reservation(Order order, ReservationStatus status, @Nullable Instant finishedAt) {
        Checks.notNull(order, "order");
        Checks.notNull(status, "status");
        List<HoldLine> lines = new ArrayList<>();
        Map<Resource, List<BatchTake>> takes = new LinkedHashMap<>();
        for (OrderLine line : order.heldLines()) {
            lines.add(HoldLine.of(line.sku(), line.soldQuantity()));
            if (!line.batches().isEmpty()) {
                takes.put(Resource.sku(line.sku()), line.batches());
            }
        }
        if (order.slot() != null) {
            lines.add(new HoldLine(order.slot().id().resource(), 1));
        }
        lines.sort(Comparator.comparing(HoldLine::resource));
        return new Reservation(
                order.reservationId(),
                order.store(),
                lines,
                order.createdAt(),
                order.holdExpiresAt(),
                status,
                finishedAt,
                takes);
    }

    /**
     * How the durable ledger says the order's hold ended: its sale, release or expiry movement, looked up by
     * key (a few reads of single entries); empty when the ledger has none, as for a hold still held or one
     * whose end the lock had not copied yet.
     */
    public static Optional<StockMovement> recordedEnd(StockLedger ledger, Order order) {
        Checks.notNull(ledger, "ledger");
        Checks.notNull(order, "order");
        List<Chunk> chunks = chunks(order);
        for (MovementType type : CLOSINGS) {
            for (Chunk chunk : chunks) {
                Optional<StockMovement> found = ledger.find(order.store(), chunk.key(type, order));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
