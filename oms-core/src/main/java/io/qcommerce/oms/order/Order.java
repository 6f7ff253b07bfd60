package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An order: what was sold, to whom, from which store, at what price, and every status it went through.
 * Immutable; a change of status is a new value with a version one higher, written by compare-and-set.
 *
 * @param id                 the order id, derived from the customer and idempotency key
 * @param customer           who ordered
 * @param idempotencyKey     the caller's key of the placement
 * @param store              the store that holds (then sold) the units
 * @param pincode            where it goes
 * @param lines              the lines with their price snapshots
 * @param totals             the totals of the lines
 * @param reservationId      the hold of the order's units
 * @param holdExpiresAt      when the hold expires if payment does not confirm it
 * @param createdAt          when it was placed
 * @param status             the current status
 * @param history            every status change, oldest first; the first entry records the placement
 * @param version            0 when placed, one more for every change
 * @param slot               the delivery slot it booked; absent for delivery as soon as possible
 * @param substitutesAllowed whether the customer lets the picker hand over a substitute of no higher price for
 *                           units that go short ({@link ShortPick}); false unless the placement said so
 */
public record Order(
        OrderId id,
        CustomerId customer,
        IdempotencyKey idempotencyKey,
        StoreId store,
        Pincode pincode,
        List<OrderLine> lines,
        OrderTotals totals,
        ReservationId reservationId,
        Instant holdExpiresAt,
        Instant createdAt,
        OrderStatus status,
        List<StatusChange> history,
        long version,
        @Nullable SlotBooking slot,
        boolean substitutesAllowed) {
    public Order {
        Checks.notNull(id, "id");
        Checks.notNull(customer, "customer");
        Checks.notNull(idempotencyKey, "idempotencyKey");
        Checks.notNull(store, "store");
        Checks.notNull(pincode, "pincode");
        lines = List.copyOf(Checks.noNulls(lines, "lines"));
        Checks.notNull(totals, "totals");
        Checks.notNull(reservationId, "reservationId");
        Checks.notNull(holdExpiresAt, "holdExpiresAt");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(status, "status");
        history = List.copyOf(Checks.noNulls(history, "history"));
        if (lines.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "lines", "an order has at least one line");
        }
        if (history.isEmpty() || history.get(history.size() - 1).to() != status) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "history", "must end with the current status");
        }
        if (version < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "version", "must not be negative");
        }
    }

    /** An order whose customer did not allow substitutes. */
    public Order(
            OrderId id,
            CustomerId customer,
            IdempotencyKey idempotencyKey,
            StoreId store,
            Pincode pincode,
            List<OrderLine> lines,
            OrderTotals totals,
            ReservationId reservationId,
            Instant holdExpiresAt,
            Instant createdAt,
            OrderStatus status,
            List<StatusChange> history,
            long version,
            @Nullable SlotBooking slot) {
        this(
                id,
                customer,
                idempotencyKey,
                store,
                pincode,
                lines,
                totals,
                reservationId,
                holdExpiresAt,
                createdAt,
                status,
                history,
                version,
                slot,
                false);
    }

    /** An order without a delivery slot, whose customer did not allow substitutes. */
    public Order(
            OrderId id,
            CustomerId customer,
            IdempotencyKey idempotencyKey,
            StoreId store,
            Pincode pincode,
            List<OrderLine> lines,
            OrderTotals totals,
            ReservationId reservationId,
            Instant holdExpiresAt,
            Instant createdAt,
            OrderStatus status,
            List<StatusChange> history,
            long version) {
        this(
                id,
                customer,
                idempotencyKey,
                store,
                pincode,
                lines,
                totals,
                reservationId,
                holdExpiresAt,
                createdAt,
                status,
                history,
                version,
                null,
                false);
    }

    /**
     * The same order moved by {@code change}, version one higher; {@code ILLEGAL_TRANSITION} when
     * {@code change.from()} is not the current status or the path does not allow the move.
     *
     * <p>A change with a {@link StatusChange#shortPick() short pick} shortens its line (and recomputes the
     * totals) while the order is confirmed or being picked; it keeps the status, or cancels the order when no
     * unit is left to deliver. Its {@link ShortPick#substitute() substitute}, if any, becomes a new line:
     * {@code SUBSTITUTE_NOT_ALLOWED} when the customer did not allow substitutes, the substitute costs more per
     * unit than the short line, or the order already has a line of its SKU.
     */
    public Order transition(StatusChange change) {
        Checks.notNull(change, "change");
        if (change.from() != status) {
            throw illegal(this, change.to());
        }
        List<OrderLine> newLines = lines;
        OrderTotals newTotals = totals;
        ShortPick shortPick = change.shortPick();
        if (shortPick == null) {
            if (!status.canMoveTo(change.to())) {
                throw illegal(this, change.to());
            }
        } else {
            if (status != OrderStatus.CONFIRMED && status != OrderStatus.PICKING) {
                throw illegal(this, change.to());
            }
            newLines = new ArrayList<>(lines.size());
            boolean found = false;
            for (OrderLine line : lines) {
                if (line.sku().equals(shortPick.sku())) {
                    newLines.add(line.shortened(shortPick.units()));
                    found = true;
                } else {
                    newLines.add(line);
                }
            }
            if (!found) {
                throw OmsException.notFound(
                        ErrorCode.UNKNOWN_SKU, "sku", shortPick.sku().value());
            }
            OrderLine substitute = shortPick.substitute();
            if (substitute != null) {
                checkSubstitute(line(shortPick.sku()).orElseThrow(), substitute);
                newLines.add(substitute);
            }
            newTotals = OrderTotals.of(newLines);
            OrderStatus expected = newTotals.itemCount() == 0 ? OrderStatus.CANCELLED : status;
            if (change.to() != expected) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        "to",
                        "a short pick "
                                + (expected == status
                                        ? "keeps the order " + status
                                        : "of the last units cancels the order")
                                + ", not " + change.to());
            }
        }
        List<StatusChange> newHistory = new ArrayList<>(history.size() + 1);
        newHistory.addAll(history);
        newHistory.add(change);
        return new Order(
                id,
                customer,
                idempotencyKey,
                store,
                pincode,
                newLines,
                newTotals,
                reservationId,
                holdExpiresAt,
                createdAt,
                change.to(),
                newHistory,
                version + 1,
                slot,
                substitutesAllowed);
    }

    private void checkSubstitute(OrderLine shortLine, OrderLine substitute) {
        String refusal = null;
        if (!substitutesAllowed) {
            refusal = "the customer did not allow substitutes for order " + id;
        } else if (line(substitute.sku()).isPresent()) {
            refusal = "order " + id + " already has a line of " + substitute.sku();
        } else if (!substitute
                        .unitPrice()
                        .currency()
                        .equals(shortLine.unitPrice().currency())
                || substitute.unitPrice().minor() > shortLine.unitPrice().minor()) {
            refusal = substitute.sku() + " costs " + substitute.unitPrice() + ", more than the " + shortLine.unitPrice()
                    + " of " + shortLine.sku();
        }
        if (refusal != null) {
            throw new OmsException(
                    ErrorCode.SUBSTITUTE_NOT_ALLOWED,
                    refusal,
                    List.of(),
                    Map.of(
                            "orderId", id.value(),
                            "sku", shortLine.sku().value(),
                            "substitute", substitute.sku().value()),
                    null);
        }
    }

    /**
     * The lines added by short picks in place of short units, by SKU, with the short pick that added each; empty
     * for an order without substitutes. Their units were sold under holds of their own
     * ({@link #substituteHold(SkuId)}), not the order's.
     */
    public Map<SkuId, ShortPick> substitutions() {
        Map<SkuId, ShortPick> out = new java.util.LinkedHashMap<>();
        for (StatusChange change : history) {
            ShortPick shortPick = change.shortPick();
            if (shortPick != null && shortPick.substitute() != null) {
                out.put(shortPick.substitute().sku(), shortPick);
            }
        }
        return out;
    }

    /** The lines held for the order at placement, with what happened to them since: every line but substitutes. */
    public List<OrderLine> heldLines() {
        Map<SkuId, ShortPick> substitutions = substitutions();
        if (substitutions.isEmpty()) {
            return lines;
        }
        List<OrderLine> out = new ArrayList<>(lines.size());
        for (OrderLine line : lines) {
            if (!substitutions.containsKey(line.sku())) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * The id of the hold that sells a substitute's units, derived from the order and the substitute SKU (SHA-256,
     * 128 bits kept): an order takes a SKU as a substitute once at most, and a repeated call finds the same hold.
     */
    public ReservationId substituteHold(SkuId substitute) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((id.value() + "\nsubstitute\n" + substitute.value())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("s-");
            for (int i = 0; i < 16; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
                        .append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return ReservationId.of(hex.toString());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Everything the order's changes owe back to the customer so far: the sum of their refunds. */
    public Money refundDue() {
        Money due = Money.zero(totals.total().currency());
        for (StatusChange change : history) {
            Money refund = change.refund();
            if (refund != null) {
                due = due.plus(refund);
            }
        }
        return due;
    }

    /**
     * For a returned order, the units per SKU the store took back to sell again (the rest were written off), as
     * its return recorded them; empty for any other order.
     */
    public Map<SkuId, Integer> resellableReturned() {
        return status == OrderStatus.RETURNED ? history.get(history.size() - 1).resellable() : Map.of();
    }

    /** The line of a SKU, when the order has one. */
    public Optional<OrderLine> line(SkuId sku) {
        for (OrderLine line : lines) {
            if (line.sku().equals(sku)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** The error of a move the lifecycle does not allow; {@code ILLEGAL_TRANSITION}. */
    public static OmsException illegal(Order order, OrderStatus to) {
        return new OmsException(
                ErrorCode.ILLEGAL_TRANSITION,
                "order " + order.id() + " cannot move from " + order.status() + " to " + to,
                List.of(),
                Map.of("orderId", order.id().value(), "status", order.status().name(), "to", to.name()),
                null);
    }

    /** When the last status change happened. */
    public Instant updatedAt() {
        return history.get(history.size() - 1).at();
    }

    /** The reason of the cancellation, when the order is cancelled with one of the known reasons. */
    public Optional<CancelReason> cancelReason() {
        if (status != OrderStatus.CANCELLED) {
            return Optional.empty();
        }
        String reason = history.get(history.size() - 1).reason();
        for (CancelReason r : CancelReason.values()) {
            if (r.name().equals(reason)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** True when the order's hold was confirmed: its units left the store, whatever happened after. */
    public boolean wasSold() {
        return status.isPaidFor() || wasCancelledAfterPayment();
    }

    /** True when the order was cancelled after its hold had been confirmed (its units were sold). */
    public boolean wasCancelledAfterPayment() {
        if (status != OrderStatus.CANCELLED || history.size() < 2) {
            return false;
        }
        OrderStatus cancelledFrom = history.get(history.size() - 1).from();
        return cancelledFrom != null && cancelledFrom.isPaidFor();
    }
}
