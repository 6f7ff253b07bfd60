package io.qcommerce.oms.testkit.servers;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * mongo-java-server in this JVM, on a loopback port of its own, that can be stopped and started again on the same
 * port with its data kept: the "server went away" of fault tests. Stopping closes every client connection and the
 * listening socket, as a crashed or restarted mongod would. The module that uses it declares
 * {@code de.bwaldvogel:mongo-java-server} as a test dependency. Thread-safe.
 */
public final class InProcessMongo implements TestServer {
    private static final String HOST = "127.0.0.1";

    /** The data, kept across a stop: mongo-java-server's shutdown would otherwise clear it. */
    private final KeptBackend backend = new KeptBackend();

    private final int port;
    private @Nullable MongoServer server;

    private InProcessMongo() {
        server = new MongoServer(backend);
        server.bind(new InetSocketAddress(HOST, 0));
        port = server.getLocalAddress().getPort();
    }

    /** Starts a server on a free loopback port. */
    public static InProcessMongo start() {
        return new InProcessMongo();
    }

    @Override
    public String uri() {
        return "mongodb://" + HOST + ":" + port;
    }

    @Override
    public String source() {
        return "mongo-java-server (in process) on " + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Closes the clients' connections and stops listening; the data stays. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port, with the data it had. */
    public synchronized void restart() {
        if (server == null) {
            server = new MongoServer(backend);
            server.bind(HOST, port);
        }
    }

    /** Stops the server and discards its data. */
    @Override
    public synchronized void close() {
        stop();
        backend.discard();
    }

    @Override
    public String toString() {
        return source();
    }

    private static final class KeptBackend extends MemoryBackend {
        @Override
        public void close() {
            // The server closes its backend on shutdown; the data must outlive a stop.
        }

        void discard() {
            super.close();
        }
    }
}
