package io.qcommerce.oms.mongo;

import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.EventId;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.store.StoreId;
import org.bson.Document;

/**
 * An {@link OrderEvent} as one document of the feed collection:
 * <pre>
 * { _id: "o-…#3",            // the event id: order id, '#', sequence
 *   pos: int64,               // the feed position, unique
 *   store, customer, order,   // strings
 *   seq: int32,               // the number of the change in the order's history, from 1
 *   change: { … } }           // the history entry, same shape as in the order document
 * </pre>
 * The event's type is not stored: it is told by the change ({@link OrderEvent#typeOf}), as on every adapter.
 */
final class EventMapping {
    static final String ID = "_id";
    static final String POS = "pos";
    static final String STORE = "store";
    static final String CUSTOMER = "customer";
    static final String ORDER = "order";
    static final String SEQ = "seq";
    static final String CHANGE = "change";

    private EventMapping() {}

    /** The feed document of change {@code sequence} (from 1) of {@code order}, at {@code position}. */
    static Document toDocument(Order order, int sequence, long position) {
        StatusChange change = order.history().get(sequence - 1);
        return new Document(ID, new EventId(order.id(), sequence).value())
                .append(POS, position)
                .append(STORE, order.store().value())
                .append(CUSTOMER, order.customer().value())
                .append(ORDER, order.id().value())
                .append(SEQ, sequence)
                .append(CHANGE, OrderMapping.toDocument(change));
    }

    /** The event a feed document holds; {@code DATA_CORRUPTED} naming the document when it cannot be read. */
    static OrderEvent fromDocument(Document document, String collection) {
        DocumentReader d = DocumentReader.of(document, collection);
        try {
            OrderId order = OrderId.of(d.string(ORDER));
            EventId id = new EventId(order, d.intValue(SEQ));
            if (!id.value().equals(document.get(ID))) {
                throw d.problem(ID, "does not match its order and sequence (" + id.value() + ")", null);
            }
            StatusChange change = OrderMapping.change(d.child(CHANGE));
            return new OrderEvent(
                    id,
                    d.longValue(POS),
                    OrderEvent.typeOf(change),
                    order,
                    StoreId.of(d.string(STORE)),
                    CustomerId.of(d.string(CUSTOMER)),
                    change);
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }
}
