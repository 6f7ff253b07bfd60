package io.qcommerce.oms.autoconfigure;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;

/**
 * The MongoDB client the starter opens from {@code oms.mongo.uri}, with the timeouts of {@code oms.mongo.*} (short,
 * so that a call during an outage is answered {@code BACKEND_UNAVAILABLE} in seconds rather than the driver's 30),
 * closed with the application context after the adapters that use it. Not a {@code MongoClient} bean, so that it
 * does not stand in for a client of the host's own.
 */
final class OwnedMongo implements AutoCloseable {
    private final MongoClient client;

    OwnedMongo(String uri, OmsProperties.Mongo settings) {
        this.client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(
                        settings.getServerSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        b -> b.connectTimeout(settings.getConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                .readTimeout(settings.getReadTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .build());
    }

    MongoClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
