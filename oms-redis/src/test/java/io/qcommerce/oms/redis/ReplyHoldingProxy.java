package io.qcommerce.oms.redis;

import io.lettuce.core.RedisURI;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy (netcrusher) between a client and a Redis server that can hold the server's replies back: the
 * command reaches the server and is applied, the reply is delayed, and the client's call times out. It can
 * also cut every connection through it, as a network failure would.
 */
final class ReplyHoldingProxy implements AutoCloseable {
    private final NioReactor reactor;
    private final TcpCrusher crusher;
    /** Bumped by every cut: connections made after a cut are new and never held back. */
    private final AtomicInteger generation = new AtomicInteger();
    /** The generation whose replies are held back, or -1. */
    private volatile int heldGeneration = -1;

    private volatile long replyDelayNanos = Throttler.NO_DELAY_NS;

    private ReplyHoldingProxy(int targetPort) {
        try {
            reactor = new NioReactor(1);
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            crusher = TcpCrusherBuilder.builder()
                    .withReactor(reactor)
                    .withBindAddress("127.0.0.1", port)
                    .withConnectAddress("127.0.0.1", targetPort)
                    // "incoming" is what the proxy reads from the server: the replies.
                    .withIncomingThrottlerFactory(address -> {
                        int born = generation.get();
                        return buffer -> born == heldGeneration ? replyDelayNanos : Throttler.NO_DELAY_NS;
                    })
                    .buildAndOpen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReplyHoldingProxy to(RedisProcess server) {
        return new ReplyHoldingProxy(server.port());
    }

    RedisURI uri() {
        return RedisURI.Builder.redis("127.0.0.1", crusher.getBindAddress().getPort())
                .build();
    }

    /**
     * Replies read from the server from now on, on the connections open now or opened before the next cut,
     * reach the client only after {@code delay}.
     */
    void holdReplies(Duration delay) {
        replyDelayNanos = delay.toNanos();
        heldGeneration = generation.get();
    }

    void passReplies() {
        heldGeneration = -1;
    }

    /**
     * Closes every connection through the proxy; replies held back are lost, never delivered late. New
     * connections are accepted, and their replies are not held back.
     */
    void cutConnections() {
        generation.incrementAndGet();
        crusher.closeAllPairs();
    }

    @Override
    public void close() {
        crusher.close();
        reactor.close();
    }
}
