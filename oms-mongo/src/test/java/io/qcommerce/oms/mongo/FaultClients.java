package io.qcommerce.oms.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client settings of the fault tests: short timeouts, so a server that is gone is reported within two seconds,
 * yet long enough that a loaded two-core machine does not take a slow answer for an outage.
 */
final class FaultClients {
    static final long SERVER_SELECTION_MS = 1500;
    static final long CONNECT_MS = 1500;
    static final long READ_TIMEOUT_MS = 2000;

    private FaultClients() {}

    /** Settings for {@code connectionString} with the short timeouts. */
    static MongoClientSettings fast(String connectionString) {
        return TestMongo.settings(connectionString, FaultClients::shortTimeouts);
    }

    /**
     * Settings for the server of {@code connectionString} reached through a proxy on {@code proxyPort}: the same
     * credentials and options, one direct connection to the proxy. Not for {@code mongodb+srv} strings.
     */
    static MongoClientSettings throughProxy(String connectionString, int proxyPort) {
        return TestMongo.settings(connectionString, b -> {
            shortTimeouts(b);
            b.applyToClusterSettings(c -> c.hosts(List.of(new ServerAddress("127.0.0.1", proxyPort)))
                    .mode(ClusterConnectionMode.SINGLE)
                    .requiredReplicaSetName(null));
        });
    }

    private static void shortTimeouts(MongoClientSettings.Builder b) {
        b.applyToClusterSettings(c -> c.serverSelectionTimeout(SERVER_SELECTION_MS, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) CONNECT_MS, TimeUnit.MILLISECONDS)
                        .readTimeout((int) READ_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .applyToServerSettings(s -> s.heartbeatFrequency(200, TimeUnit.MILLISECONDS)
                        .minHeartbeatFrequency(50, TimeUnit.MILLISECONDS));
    }
}
