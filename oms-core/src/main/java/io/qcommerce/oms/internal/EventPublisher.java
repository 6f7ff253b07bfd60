package io.qcommerce.oms.internal;

import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.internal.util.Checks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands events to the registered listeners, one after another; a failing listener does not stop the rest. */
final class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final List<OmsListener> listeners;

    EventPublisher(List<OmsListener> listeners) {
        this.listeners = List.copyOf(Checks.noNulls(listeners, "listeners"));
    }

    public void publish(OmsEvent event) {
        for (OmsListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on {}", listener, event.getClass().getSimpleName(), e);
            }
        }
    }
}
