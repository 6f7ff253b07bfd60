package io.qcommerce.oms.event;

import java.util.List;

/**
 * Events read from the feed, in feed order.
 *
 * @param events   the events after the position asked for, at most as many as asked
 * @param position the position of the last event of the page; the position asked for when the page is
 *                 empty. Pass it to read on.
 */
public record FeedPage(List<OrderEvent> events, long position) {
    public FeedPage {
        events = List.copyOf(events);
    }
}
