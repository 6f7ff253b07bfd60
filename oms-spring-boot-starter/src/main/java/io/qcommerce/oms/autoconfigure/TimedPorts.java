package io.qcommerce.oms.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.ReserveResult;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Times every call the library makes to a port: {@code oms.lock.calls{method,outcome}} for the inventory lock,
 * {@code oms.store.calls{port,method,outcome}} for the others; the outcome is {@code success}, the library's error
 * code ({@code BACKEND_UNAVAILABLE}, {@code OUTCOME_UNKNOWN}, ...) or the class of another exception. From the
 * lock's answers it counts holds ({@code oms.holds{outcome}}: held, repeated, insufficient, too_late),
 * confirmations ({@code oms.confirmations{outcome}}: confirmed, expired, released), releases
 * ({@code oms.releases{outcome}}) and expired holds ({@code oms.holds.expired}). A decorator is a JDK proxy of the
 * port's interface that calls the port and changes nothing it answers or throws.
 */
final class TimedPorts implements PortDecorator {
    private static final String LOCK = "lock";

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    TimedPorts(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <T> T decorate(Class<T> type, String name, T target) {
        InvocationHandler handler = (proxy, method, args) -> call(name, target, proxy, method, args);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private @Nullable Object call(String port, Object target, Object proxy, Method method, @Nullable Object[] args)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> args != null && args[0] == proxy;
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "timed " + target;
            };
        }
        long start = System.nanoTime();
        String outcome = "success";
        try {
            Object result = method.invoke(target, args);
            if (LOCK.equals(port)) {
                countLockAnswer(method.getName(), result);
            }
            return result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            outcome = cause instanceof OmsException oms
                    ? oms.code().name()
                    : cause.getClass().getSimpleName();
            throw cause;
        } finally {
            timer(port, method.getName(), outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String port, String method, String outcome) {
        return timers.computeIfAbsent(
                port + ' ' + method + ' ' + outcome,
                k -> LOCK.equals(port)
                        ? Timer.builder("oms.lock.calls")
                                .description("Calls to the inventory lock")
                                .tags("method", method, "outcome", outcome)
                                .register(registry)
                        : Timer.builder("oms.store.calls")
                                .description("Calls to the stores (orders, catalog, stores, slots, ledger, ...)")
                                .tags("port", port, "method", method, "outcome", outcome)
                                .register(registry));
    }

    private void countLockAnswer(String method, @Nullable Object result) {
        if (result instanceof ReserveResult.Reserved reserved) {
            count("oms.holds", reserved.repeated() ? "repeated" : "held");
        } else if (result instanceof ReserveResult.Insufficient) {
            count("oms.holds", "insufficient");
        } else if (result instanceof ReserveResult.TooLate) {
            count("oms.holds", "too_late");
        } else if (result instanceof ConfirmResult.Confirmed) {
            count("oms.confirmations", "confirmed");
        } else if (result instanceof ConfirmResult.Expired) {
            count("oms.confirmations", "expired");
        } else if (result instanceof ConfirmResult.Released) {
            count("oms.confirmations", "released");
        } else if (result instanceof ReleaseResult.Released) {
            count("oms.releases", "released");
        } else if (result instanceof ReleaseResult.Expired) {
            count("oms.releases", "expired");
        } else if (result instanceof ReleaseResult.AlreadyConfirmed) {
            count("oms.releases", "already_confirmed");
        } else if ("expireDue".equals(method) && result instanceof Integer expired && expired > 0) {
            registry.counter("oms.holds.expired").increment(expired);
        }
    }

    private void count(String name, String outcome) {
        registry.counter(name, "outcome", outcome).increment();
    }
}
