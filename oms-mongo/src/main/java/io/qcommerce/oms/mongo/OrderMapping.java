package io.qcommerce.oms.mongo;

import com.mongodb.client.model.Updates;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.OrderTotals;
import io.qcommerce.oms.order.ShortPick;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Order} as one document, written and read field by field with the BSON {@link Document} API (no
 * reflection). The shape, documented in the module README:
 * <pre>
 * { _id: "o-…", customer, idempotencyKey, store, pincode, reservationId,      // strings
 *   status: "AWAITING_PAYMENT", version: int64,
 *   createdAt: date, holdExpiresAt: date, updatedAt: date,
 *   lines: [ { sku, name, quantity: int32, unitPrice: money, unitMrp: money,
 *              batches: [ { code, expiresAt: date, quantity: int64 } ],     // batches: only when taken
 *              shortPicked: int32 } ],                                       // only when above 0
 *   substitutes: true,                                                           // only when allowed
 *   totals: { itemCount: int64, total: money, mrpTotal: money, savings: money },
 *   history: [ { from: "…" (absent on the first entry), to, at: date, actor: { type, id }, reason,
 *                refund: money,                                   // only when something is owed back
 *                shortPick: { sku, units: int32, cause: "MISSING",  // only for a short pick
 *                             substitute: { line } },             // only when a substitute replaced units
 *                resellable: [ { sku, units: int32 } ] } ],        // only for a return taking units back
 *   fed: int32, feedPending: true,          // the feed's bookkeeping, see MongoOrderRepository
 *   slot: { id, type: "NORMAL", start: date, end: date } }                      // slot: only when booked
 * money = { minor: int64, currency: "INR" }
 * </pre>
 * {@code slot}, a line's {@code batches} and {@code shortPicked}, and an entry's {@code refund} and
 * {@code shortPick} came after the first documents were written: a document without
 * them reads as an order without a slot, lines without batches or short picks, changes owing nothing, and they are left out when there is nothing
 * to write, so an order without either has the shape it always had.
 * Instants are stored as BSON dates, whole milliseconds: a finer instant is cut to its millisecond.
 * {@code updatedAt} is the instant of the last status change, kept for reports; the reader derives it from the
 * history and ignores the stored copy, as it ignores every field it does not know.
 */
final class OrderMapping {
    static final String ID = "_id";
    static final String CUSTOMER = "customer";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";
    static final String STORE = "store";
    static final String PINCODE = "pincode";
    static final String RESERVATION_ID = "reservationId";
    static final String STATUS = "status";
    static final String VERSION = "version";
    static final String CREATED_AT = "createdAt";
    static final String HOLD_EXPIRES_AT = "holdExpiresAt";
    static final String UPDATED_AT = "updatedAt";
    static final String LINES = "lines";
    static final String TOTALS = "totals";
    static final String HISTORY = "history";
    static final String SLOT = "slot";
    /** How many history entries, from the first, have a place in the feed; absent means none. */
    static final String FED = "fed";
    /** True while some history entries have no place in the feed yet; absent otherwise (sparse index). */
    static final String FEED_PENDING = "feedPending";

    private static final String LINE_SKU = "sku";
    private static final String LINE_NAME = "name";
    private static final String LINE_QUANTITY = "quantity";
    private static final String LINE_UNIT_PRICE = "unitPrice";
    private static final String LINE_UNIT_MRP = "unitMrp";
    private static final String LINE_BATCHES = "batches";
    private static final String LINE_SHORT_PICKED = "shortPicked";
    private static final String BATCH_CODE = "code";
    private static final String BATCH_EXPIRES_AT = "expiresAt";
    private static final String BATCH_QUANTITY = "quantity";
    private static final String SLOT_ID = "id";
    private static final String SLOT_TYPE = "type";
    private static final String SLOT_START = "start";
    private static final String SLOT_END = "end";
    private static final String TOTALS_ITEM_COUNT = "itemCount";
    private static final String TOTALS_TOTAL = "total";
    private static final String TOTALS_MRP_TOTAL = "mrpTotal";
    private static final String TOTALS_SAVINGS = "savings";
    private static final String CHANGE_FROM = "from";
    private static final String CHANGE_TO = "to";
    private static final String CHANGE_AT = "at";
    private static final String CHANGE_ACTOR = "actor";
    private static final String CHANGE_REASON = "reason";
    private static final String CHANGE_REFUND = "refund";
    private static final String CHANGE_SHORT_PICK = "shortPick";
    private static final String CHANGE_RESELLABLE = "resellable";
    private static final String SHORT_SKU = "sku";
    private static final String SHORT_UNITS = "units";
    private static final String SHORT_CAUSE = "cause";
    private static final String SHORT_SUBSTITUTE = "substitute";
    static final String SUBSTITUTES = "substitutes";
    private static final String ACTOR_TYPE = "type";
    private static final String ACTOR_ID = "id";

    private OrderMapping() {}

    static Document toDocument(Order order) {
        List<Document> lines = linesDocument(order.lines());
        List<Document> history = new ArrayList<>(order.history().size());
        for (StatusChange change : order.history()) {
            history.add(toDocument(change));
        }
        OrderTotals totals = order.totals();
        Document document = new Document(ID, order.id().value())
                .append(CUSTOMER, order.customer().value())
                .append(IDEMPOTENCY_KEY, order.idempotencyKey().value())
                .append(STORE, order.store().value())
                .append(PINCODE, order.pincode().value())
                .append(RESERVATION_ID, order.reservationId().value())
                .append(STATUS, order.status().name())
                .append(VERSION, order.version())
                .append(CREATED_AT, date(order.createdAt()))
                .append(HOLD_EXPIRES_AT, date(order.holdExpiresAt()))
                .append(UPDATED_AT, date(order.updatedAt()))
                .append(LINES, lines)
                .append(TOTALS, totalsDocument(totals))
                .append(HISTORY, history);
        if (order.substitutesAllowed()) {
            document.append(SUBSTITUTES, true);
        }
        SlotBooking slot = order.slot();
        if (slot != null) {
            document.append(
                    SLOT,
                    new Document(SLOT_ID, slot.id().value())
                            .append(SLOT_TYPE, slot.type().name())
                            .append(SLOT_START, date(slot.start()))
                            .append(SLOT_END, date(slot.end())));
        }
        return document;
    }

    /** The lines as stored; a line's {@code batches} and {@code shortPicked} are left out when empty or 0. */
    static List<Document> linesDocument(List<OrderLine> orderLines) {
        List<Document> lines = new ArrayList<>(orderLines.size());
        for (OrderLine line : orderLines) {
            lines.add(lineDocument(line));
        }
        return lines;
    }

    private static Document lineDocument(OrderLine line) {
        Document d = new Document(LINE_SKU, line.sku().value())
                .append(LINE_NAME, line.name())
                .append(LINE_QUANTITY, line.quantity())
                .append(LINE_UNIT_PRICE, MoneyFields.toDocument(line.unitPrice()))
                .append(LINE_UNIT_MRP, MoneyFields.toDocument(line.unitMrp()));
        if (!line.batches().isEmpty()) {
            List<Document> takes = new ArrayList<>(line.batches().size());
            for (BatchTake take : line.batches()) {
                takes.add(new Document(BATCH_CODE, take.code().value())
                        .append(BATCH_EXPIRES_AT, date(take.batch().expiresAt()))
                        .append(BATCH_QUANTITY, take.quantity()));
            }
            d.append(LINE_BATCHES, takes);
        }
        if (line.shortPicked() > 0) {
            d.append(LINE_SHORT_PICKED, line.shortPicked());
        }
        return d;
    }

    /**
     * The {@code $set}s that turn the stored {@code before} lines into {@code after}: each changed line's quantity
     * and short-picked units, by index, when the lines are the same ones, some shortened; the whole array when a
     * line was added (a substitute), since a path inside an array and the array itself cannot both be set.
     */
    static List<Bson> shortenedLineUpdates(List<OrderLine> before, List<OrderLine> after) {
        List<Bson> updates = new ArrayList<>();
        if (after.size() != before.size()) {
            updates.add(Updates.set(LINES, linesDocument(after)));
            return updates;
        }
        for (int i = 0; i < after.size(); i++) {
            OrderLine line = after.get(i);
            if (!line.equals(before.get(i))) {
                String path = LINES + "." + i + ".";
                updates.add(Updates.set(path + LINE_QUANTITY, line.quantity()));
                updates.add(Updates.set(path + LINE_SHORT_PICKED, line.shortPicked()));
            }
        }
        return updates;
    }

    /** The {@code $set}s of each field of the totals, by path. */
    static List<Bson> totalsUpdates(OrderTotals totals) {
        Document fields = totalsDocument(totals);
        List<Bson> updates = new ArrayList<>();
        for (String field : fields.keySet()) {
            updates.add(Updates.set(TOTALS + "." + field, fields.get(field)));
        }
        return updates;
    }

    static Document totalsDocument(OrderTotals totals) {
        return new Document(TOTALS_ITEM_COUNT, totals.itemCount())
                .append(TOTALS_TOTAL, MoneyFields.toDocument(totals.total()))
                .append(TOTALS_MRP_TOTAL, MoneyFields.toDocument(totals.mrpTotal()))
                .append(TOTALS_SAVINGS, MoneyFields.toDocument(totals.savings()));
    }

    /**
     * One history entry; {@code from} is left out for the entry that created the order, {@code refund} and
     * {@code shortPick} when the change has none.
     */
    static Document toDocument(StatusChange change) {
        Document entry = new Document();
        if (change.from() != null) {
            entry.append(CHANGE_FROM, change.from().name());
        }
        entry.append(CHANGE_TO, change.to().name())
                .append(CHANGE_AT, date(change.at()))
                .append(
                        CHANGE_ACTOR,
                        new Document(ACTOR_TYPE, change.actor().type().name())
                                .append(ACTOR_ID, change.actor().id()))
                .append(CHANGE_REASON, change.reason());
        Money refund = change.refund();
        if (refund != null) {
            entry.append(CHANGE_REFUND, MoneyFields.toDocument(refund));
        }
        ShortPick shortPick = change.shortPick();
        if (shortPick != null) {
            entry.append(
                    CHANGE_SHORT_PICK,
                    new Document(SHORT_SKU, shortPick.sku().value())
                            .append(SHORT_UNITS, shortPick.units())
                            .append(SHORT_CAUSE, shortPick.cause().name()));
            OrderLine substitute = shortPick.substitute();
            if (substitute != null) {
                entry.get(CHANGE_SHORT_PICK, Document.class).append(SHORT_SUBSTITUTE, lineDocument(substitute));
            }
        }
        if (!change.resellable().isEmpty()) {
            List<Document> units = new ArrayList<>();
            change.resellable()
                    .forEach((sku, n) -> units.add(new Document(SHORT_SKU, sku.value()).append(SHORT_UNITS, n)));
            entry.append(CHANGE_RESELLABLE, units);
        }
        return entry;
    }

    static Order fromDocument(Document document, String collection) {
        DocumentReader d = DocumentReader.of(document, collection);
        try {
            List<OrderLine> lines = new ArrayList<>();
            for (DocumentReader line : d.children(LINES)) {
                lines.add(line(line));
            }
            DocumentReader t = d.child(TOTALS);
            OrderTotals totals = new OrderTotals(
                    t.longValue(TOTALS_ITEM_COUNT),
                    t.money(TOTALS_TOTAL),
                    t.money(TOTALS_MRP_TOTAL),
                    t.money(TOTALS_SAVINGS));
            List<StatusChange> history = new ArrayList<>();
            for (DocumentReader entry : d.children(HISTORY)) {
                history.add(change(entry));
            }
            return new Order(
                    OrderId.of(d.string(ID)),
                    CustomerId.of(d.string(CUSTOMER)),
                    IdempotencyKey.of(d.string(IDEMPOTENCY_KEY)),
                    StoreId.of(d.string(STORE)),
                    Pincode.of(d.string(PINCODE)),
                    lines,
                    totals,
                    new ReservationId(d.string(RESERVATION_ID)),
                    d.instant(HOLD_EXPIRES_AT),
                    d.instant(CREATED_AT),
                    status(d, STATUS, d.string(STATUS)),
                    history,
                    d.longValue(VERSION),
                    slot(d.optionalChild(SLOT)),
                    document.get(SUBSTITUTES) != null && d.bool(SUBSTITUTES));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }

    /**
     * One history entry (or the change of a feed document). A value the domain refuses is reported on the entry
     * itself, so the message names the entry's path.
     */
    static StatusChange change(DocumentReader entry) {
        try {
            String from = entry.optionalString(CHANGE_FROM);
            DocumentReader actor = entry.child(CHANGE_ACTOR);
            DocumentReader refund = entry.optionalChild(CHANGE_REFUND);
            return new StatusChange(
                    from == null ? null : status(entry, CHANGE_FROM, from),
                    status(entry, CHANGE_TO, entry.string(CHANGE_TO)),
                    entry.instant(CHANGE_AT),
                    new Actor(actorType(actor, actor.string(ACTOR_TYPE)), actor.string(ACTOR_ID)),
                    entry.string(CHANGE_REASON),
                    refund == null ? null : entry.money(CHANGE_REFUND),
                    shortPick(entry.optionalChild(CHANGE_SHORT_PICK)),
                    resellable(entry));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw entry.invalid(e);
        }
    }

    /** A return's resellable units per SKU; none when the field is absent (any other change). */
    private static Map<SkuId, Integer> resellable(DocumentReader entry) {
        Map<SkuId, Integer> out = new LinkedHashMap<>();
        for (DocumentReader unit : entry.optionalChildren(CHANGE_RESELLABLE)) {
            try {
                out.put(SkuId.of(unit.string(SHORT_SKU)), unit.intValue(SHORT_UNITS));
            } catch (UnreadableDocumentException e) {
                throw e;
            } catch (OmsException e) {
                throw unit.invalid(e);
            }
        }
        return out;
    }

    private static @Nullable ShortPick shortPick(@Nullable DocumentReader s) {
        if (s == null) {
            return null;
        }
        try {
            DocumentReader substitute = s.optionalChild(SHORT_SUBSTITUTE);
            return new ShortPick(
                    SkuId.of(s.string(SHORT_SKU)),
                    s.intValue(SHORT_UNITS),
                    s.enumValue(SHORT_CAUSE, ShortPick.Cause.class),
                    substitute == null ? null : line(substitute));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw s.invalid(e);
        }
    }

    private static OrderLine line(DocumentReader line) {
        return new OrderLine(
                SkuId.of(line.string(LINE_SKU)),
                line.string(LINE_NAME),
                line.intValue(LINE_QUANTITY),
                line.money(LINE_UNIT_PRICE),
                line.money(LINE_UNIT_MRP),
                batches(line),
                line.intValue(LINE_SHORT_PICKED, 0));
    }

    /** A BSON date of {@code instant}, cut to its millisecond (see {@link DateFields#toDate}). */
    static Date date(Instant instant) {
        return DateFields.toDate(instant);
    }

    /** A line's batch takes; none when the field is absent (a line written before batches existed). */
    private static List<BatchTake> batches(DocumentReader line) {
        List<BatchTake> takes = new ArrayList<>();
        for (DocumentReader take : line.optionalChildren(LINE_BATCHES)) {
            try {
                takes.add(new BatchTake(
                        new Batch(BatchCode.of(take.string(BATCH_CODE)), take.instant(BATCH_EXPIRES_AT)),
                        take.longValue(BATCH_QUANTITY)));
            } catch (UnreadableDocumentException e) {
                throw e;
            } catch (OmsException e) {
                // Name the take, not the whole order: an invalid code or quantity is found quicker that way.
                throw take.invalid(e);
            }
        }
        return takes;
    }

    /** The booked slot; {@code null} when absent (no slot booked, or written before slots existed). */
    private static @Nullable SlotBooking slot(@Nullable DocumentReader s) {
        if (s == null) {
            return null;
        }
        try {
            return new SlotBooking(
                    SlotId.of(s.string(SLOT_ID)),
                    s.enumValue(SLOT_TYPE, SlotType.class),
                    s.instant(SLOT_START),
                    s.instant(SLOT_END));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw s.invalid(e);
        }
    }

    private static OrderStatus status(DocumentReader d, String field, String name) {
        try {
            return OrderStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            // A status this version does not know: written by a newer writer, or damaged.
            throw d.problem(field, "holds an unknown status '" + name + "'", e);
        }
    }

    private static Actor.Type actorType(DocumentReader d, String name) {
        try {
            return Actor.Type.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw d.problem(ACTOR_TYPE, "holds an unknown actor type '" + name + "'", e);
        }
    }
}
