package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The orders of one simulated morning, read through the order service ({@code oms.orders().byCustomer}) and nothing else, so that
 * the checks see the same thing whichever adapter holds the orders. The service has no "every order" query (a
 * real order store is far too big for one), but the simulation knows each of its customers, so it asks for the
 * orders of every one of them .
 *
 * <p>Every shopper checks out under one idempotency key, so a customer has at most one order. A second one is
 * reported as a duplicate (an idempotency failure); asking for a few more than one means such a duplicate is
 * seen rather than cut off by the query's limit.
 *
 * <p>One query per customer is a round trip each on a real store, so a read spreads the customers over a few
 * threads of its own; the result is in customer order whatever the threads did.
 */
final class RunOrders {
    /** How many orders are asked for per customer: well above the one a customer may have. */
    static final int PER_CUSTOMER = 8;

    private final Oms oms;
    private final List<CustomerId> customers;
    private final int threads;

    /**
     * What one read found.
     *
     * @param orders     every order of the run's customers
     * @param duplicates one line per customer with more than one order
     */
    record Snapshot(List<Order> orders, List<String> duplicates) {
    }

    /**
     * @param threads how many queries may be in flight at once during a read
     */
    RunOrders(Oms oms, List<CustomerId> customers, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, was " + threads);
        }
        this.oms = oms;
        this.customers = List.copyOf(new LinkedHashSet<>(customers));
        this.threads = threads;
    }

    int customers() {
        return customers.size();
    }

    /**
     * Reads every customer's orders.
     *
     * @throws RuntimeException what the service threw for a customer (a backend failure), after the other reads ended
     */
    Snapshot read() {
        List<List<Order>> perCustomer = threads == 1 || customers.size() < 2 ? readSlice(customers) : readInParallel();
        List<Order> all = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            CustomerId customer = customers.get(i);
            List<Order> theirs = perCustomer.get(i);
            if (theirs.size() > 1) {
                List<String> ids = new ArrayList<>();
                theirs.forEach(o -> ids.add(o.id() + " (" + o.idempotencyKey() + ")"));
                duplicates.add(customer + " has " + (theirs.size() == PER_CUSTOMER ? "at least " : "")
                        + theirs.size() + " orders, one checkout key: " + ids);
            }
            all.addAll(theirs);
        }
        return new Snapshot(List.copyOf(all), List.copyOf(duplicates));
    }

    private List<List<Order>> readSlice(List<CustomerId> slice) {
        List<List<Order>> out = new ArrayList<>(slice.size());
        for (CustomerId customer : slice) {
            out.add(oms.orders().byCustomer(customer, PER_CUSTOMER));
        }
        return out;
    }

    /** Contiguous slices of the customers, one task each, joined back in order. */
    private List<List<Order>> readInParallel() {
        int slices = Math.min(threads, customers.size());
        List<Callable<List<List<Order>>>> tasks = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            List<CustomerId> slice = customers.subList(s * customers.size() / slices, (s + 1) * customers.size() / slices);
            tasks.add(() -> readSlice(slice));
        }
        ExecutorService pool = Executors.newFixedThreadPool(slices, r -> {
            Thread t = new Thread(r, "order-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Order>> out = new ArrayList<>(customers.size());
            for (Future<List<List<Order>>> f : pool.invokeAll(tasks)) {
                out.addAll(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException("reading the run's orders failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the run's orders", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
