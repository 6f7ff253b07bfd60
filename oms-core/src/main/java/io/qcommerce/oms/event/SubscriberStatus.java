package io.qcommerce.oms.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a subscriber stands.
 *
 * @param name             its name, which keys its checkpoint
 * @param checkpoint       the position of the last event it took
 * @param lag              events of the feed after its checkpoint (as of the last pass)
 * @param failuresInRow    failures since its last success
 * @param nextAttempt      when a failing subscriber is tried again; absent when it is not failing
 * @param lastError        the message of its last failure; absent when it is not failing
 */
public record SubscriberStatus(
        String name,
        long checkpoint,
        long lag,
        int failuresInRow,
        @Nullable Instant nextAttempt,
        @Nullable String lastError) {}
