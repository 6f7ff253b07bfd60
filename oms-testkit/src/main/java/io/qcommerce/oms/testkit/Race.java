package io.qcommerce.oms.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs tasks on threads released at the same instant, to make writers collide. Waits on latches only,
 * never sleeps; bounded by a timeout.
 */
public final class Race {
    /** How long a race may take before it fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Race() {}

    /**
     * Runs {@code task.apply(0 .. n-1)}, each on its own thread, all released together once every thread is
     * ready, and returns the answers in task order.
     *
     * @throws AssertionError when a task throws (its exception is the cause) or the race outlives the timeout
     */
    public static <T> List<T> run(int n, IntFunction<T> task) {
        return run(n, DEFAULT_TIMEOUT, task);
    }

    public static <T> List<T> run(int n, Duration timeout, IntFunction<T> task) {
        if (n <= 0) {
            throw new IllegalArgumentException("a race needs at least one thread, was " + n);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.apply(index);
                }));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("racing threads did not start within " + timeout);
            }
            go.countDown();
            List<T> out = new ArrayList<>(n);
            for (Future<T> f : futures) {
                out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a racing task failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("racing tasks did not finish within " + timeout, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
