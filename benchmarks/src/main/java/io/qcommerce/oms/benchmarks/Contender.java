package io.qcommerce.oms.benchmarks;

/**
 * One way of doing reserve + confirm against Redis. The driver empties the server, calls {@link #prepare} to
 * seed stock, asks for one {@link Caller} per thread, runs them, and closes them.
 */
interface Contender extends AutoCloseable {
    String name();

    /** Seeds every SKU of the scenario with its stock, on an empty database. */
    void prepare(Scenario scenario);

    /** A caller for thread {@code index}; used by that thread only. */
    Caller caller(int index);

    /** Anything worth printing beside the figures of the last run (retries, errors, server-side stock). */
    default String notes(Scenario scenario) {
        return "";
    }

    @Override
    void close();

    /** What one thread does: reserve a cart, then confirm it. */
    interface Caller extends AutoCloseable {
        Outcome reserveAndConfirm(int[] skus);

        @Override
        default void close() {}
    }

    enum Outcome {
        /** Held and confirmed: the cart's units count as sold. */
        SOLD,
        /** Refused for lack of stock. */
        SHORT,
        /** Gave up (retries exhausted) or failed with an error. */
        FAILED
    }
}
