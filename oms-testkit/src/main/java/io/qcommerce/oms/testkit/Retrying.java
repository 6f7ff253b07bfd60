package io.qcommerce.oms.testkit;

import io.qcommerce.oms.error.OmsException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The calls a check makes to a lock after a run: reads, and repeats of calls with the same ids. They change
 * nothing new, so a retryable error (a reply that came too late on a loaded machine, a server still loading
 * its data after a restart) is retried a few times, with a growing pause, before it counts.
 */
final class Retrying {
    private static final int ATTEMPTS = 6;

    private Retrying() {}

    static <T> T call(Supplier<T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (OmsException e) {
                if (!e.isRetryable() || attempt == ATTEMPTS) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50L << attempt));
            }
        }
    }
}
