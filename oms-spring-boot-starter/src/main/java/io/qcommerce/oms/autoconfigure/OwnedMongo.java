package io.qcommerce.oms.autoconfigure;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/**
 * The MongoDB client the starter opens from {@code oms.mongo.uri} (its timeouts and pool from the URI's options),
 * closed with the application context after the adapters that use it. Not a {@code MongoClient} bean, so that it
 * does not stand in for a client of the host's own.
 */
final class OwnedMongo implements AutoCloseable {
    private final MongoClient client;

    OwnedMongo(String uri) {
        this.client = MongoClients.create(uri);
    }

    MongoClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
