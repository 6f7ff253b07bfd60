package io.qcommerce.oms;

import io.qcommerce.oms.spi.InventoryLock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** An inventory lock that runs a test's hook before each call, then forwards the call to a real lock. */
public final class InterceptedLock {
    private InterceptedLock() {}

    /** What runs before each call: it may throw (an outage) or move a clock (a slow call). */
    @FunctionalInterface
    public interface Hook {
        void before(String method, Object[] args);
    }

    public static InventoryLock of(InventoryLock real, Hook hook) {
        return (InventoryLock) Proxy.newProxyInstance(
                InventoryLock.class.getClassLoader(), new Class<?>[] {InventoryLock.class}, (proxy, method, args) -> {
                    Object[] given = args == null ? new Object[0] : args;
                    if (method.getDeclaringClass() != Object.class) {
                        hook.before(method.getName(), given);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
