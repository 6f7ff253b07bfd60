package io.qcommerce.oms.mongo;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.StoreId;
import java.time.LocalDate;
import org.bson.Document;

/**
 * A {@link DeliverySlot} as one document:
 * <pre>
 * { _id: "s-…", store: "BLR-1", date: "2026-03-02", start: date, end: date, type: "NORMAL",
 *   capacity: int32, cutoff: date, active: bool, version: int64 }
 * </pre>
 * {@code date} is the slot's local calendar date as an ISO-8601 string, not a BSON date: it names a day, not an
 * instant, so no time zone can shift it, and strings of the fixed {@code yyyy-MM-dd} form sort as the dates do,
 * which is what the range query of a listing relies on. That form covers the years 0000 to 9999; a slot dated
 * outside them is refused ({@code INVALID_ARGUMENT}) rather than stored where a range query would miss it.
 * Instants are BSON dates, cut to the millisecond like every instant of these adapters.
 */
final class SlotMapping {
    static final String ID = "_id";
    static final String STORE = "store";
    static final String DATE = "date";
    static final String START = "start";
    static final String END = "end";
    static final String TYPE = "type";
    static final String CAPACITY = "capacity";
    static final String CUTOFF = "cutoff";
    static final String ACTIVE = "active";
    static final String VERSION = "version";

    /** The first and last dates whose ISO form is {@code yyyy-MM-dd}, so that the stored strings sort as dates. */
    static final LocalDate FIRST_DATE = LocalDate.of(0, 1, 1);

    static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);

    private SlotMapping() {}

    /**
     * The slot as a reader will get it back: its instants cut to the millisecond. {@code INVALID_ARGUMENT} when it
     * cannot be stored: a date outside {@link #FIRST_DATE}..{@link #LAST_DATE}, an instant outside the range of a
     * BSON date, or a start and end less than a millisecond apart (equal once cut).
     */
    static DeliverySlot asStored(DeliverySlot slot) {
        if (slot.date().isBefore(FIRST_DATE) || slot.date().isAfter(LAST_DATE)) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "date",
                    "must be in the years 0000 to 9999 to be stored, was " + slot.date());
        }
        return new DeliverySlot(
                slot.id(),
                slot.store(),
                slot.date(),
                DateFields.asStored(slot.start()),
                DateFields.asStored(slot.end()),
                slot.type(),
                slot.capacity(),
                DateFields.asStored(slot.cutoff()),
                slot.active(),
                slot.version());
    }

    /** The whole document of a slot already {@linkplain #asStored as stored}. */
    static Document toDocument(DeliverySlot slot) {
        return new Document(ID, slot.id().value())
                .append(STORE, slot.store().value())
                .append(DATE, dateKey(slot.date()))
                .append(START, DateFields.toDate(slot.start()))
                .append(END, DateFields.toDate(slot.end()))
                .append(TYPE, slot.type().name())
                .append(CAPACITY, slot.capacity())
                .append(CUTOFF, DateFields.toDate(slot.cutoff()))
                .append(ACTIVE, slot.active())
                .append(VERSION, slot.version());
    }

    /**
     * The update that replaces the definition with {@code slot} (its version included): every field but the id
     * and the store, which never change, {@code $set} so that fields this version does not know survive.
     */
    static Document toReplacement(DeliverySlot slot) {
        Document fields = toDocument(slot);
        fields.remove(ID);
        fields.remove(STORE);
        return new Document("$set", fields);
    }

    /** The stored form of a date, for writes and for the bounds of a range query. */
    static String dateKey(LocalDate date) {
        return date.toString();
    }

    static DeliverySlot fromDocument(Document document, String collection) {
        DocumentReader d = DocumentReader.of(document, collection);
        try {
            return new DeliverySlot(
                    SlotId.of(d.string(ID)),
                    StoreId.of(d.string(STORE)),
                    d.localDate(DATE),
                    d.instant(START),
                    d.instant(END),
                    d.enumValue(TYPE, SlotType.class),
                    d.intValue(CAPACITY),
                    d.instant(CUTOFF),
                    d.bool(ACTIVE),
                    d.longValue(VERSION));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }
}
