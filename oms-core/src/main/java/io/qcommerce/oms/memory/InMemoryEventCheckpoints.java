package io.qcommerce.oms.memory;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.EventCheckpoints;
import java.util.concurrent.ConcurrentHashMap;

/** {@link EventCheckpoints} in a concurrent map. Thread-safe; lost with the JVM. */
public final class InMemoryEventCheckpoints implements EventCheckpoints {
    private final ConcurrentHashMap<String, Long> positions = new ConcurrentHashMap<>();

    @Override
    public long position(String subscriber) {
        return positions.getOrDefault(Checks.notBlank(subscriber, "subscriber"), 0L);
    }

    @Override
    public void advance(String subscriber, long position) {
        Checks.notBlank(subscriber, "subscriber");
        if (position < 0) {
            throw io.qcommerce.oms.error.OmsException.invalid(
                    io.qcommerce.oms.error.ErrorCode.INVALID_ARGUMENT, "position", "must not be negative");
        }
        positions.merge(subscriber, position, Math::max);
    }
}
