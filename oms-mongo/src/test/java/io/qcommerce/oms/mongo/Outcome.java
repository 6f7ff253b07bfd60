package io.qcommerce.oms.mongo;

import io.qcommerce.oms.error.OmsException;
import java.util.function.Supplier;

/** What one call did during a fault: its answer or its typed error, and how long it took. For the figures. */
record Outcome(String call, Object answer, OmsException error, long millis) {
    static Outcome of(String call, Supplier<?> action) {
        long start = System.nanoTime();
        Object answer = null;
        OmsException error = null;
        try {
            answer = action.get();
        } catch (OmsException e) {
            error = e;
        }
        return new Outcome(call, answer, error, (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public String toString() {
        return String.format(
                "%-36s %-20s %5d ms  %s",
                call,
                error != null ? error.code() : "ok",
                millis,
                error != null ? error.details().getOrDefault("driverError", "") : "");
    }
}
