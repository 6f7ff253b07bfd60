package io.qcommerce.oms.examples.springboot.config;

import io.qcommerce.oms.examples.springboot.security.Role;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the service reads from configuration under {@code oms.*}. Immutable; bound once at start.
 *
 * @param holdTtl           how long a placed order holds its stock while the customer pays
 * @param maxCartLines      the most distinct SKUs a cart may have
 * @param lowStockThreshold available units below which a SKU counts as low (0: no alerts)
 * @param redis             the Redis holding stock counters and holds; in memory when its URI is not set
 * @param mongo             the MongoDB holding orders, catalog, stores and slots; in memory when its URI is not set
 * @param reconciler        the scheduled repair of cut-off order flows
 * @param reaper            the scheduled return of quiet stores' expired holds
 * @param driftCheck        the scheduled comparison of every store's counters with the durable record (off
 *                          unless enabled)
 * @param security          the users who may call the service
 */
@ConfigurationProperties("oms")
public record OmsProperties(
        @DefaultValue("10m") Duration holdTtl,
        @DefaultValue("50") int maxCartLines,
        @DefaultValue("0") long lowStockThreshold,
        @DefaultValue Redis redis,
        @DefaultValue Mongo mongo,
        @DefaultValue Schedule reconciler,
        @DefaultValue Schedule reaper,
        @DefaultValue DriftCheck driftCheck,
        @DefaultValue Security security) {

    /** Whose clock decides when a hold expires in Redis. */
    public enum TimeSource {
        /** Redis's own TIME: every instance agrees, whatever its clock says. For production. */
        SERVER,
        /** The service's clock, sent with every call: for tests and simulations that move time by hand. */
        APPLICATION
    }

    /**
     * @param uri            e.g. {@code redis://127.0.0.1:6379}; unset means in-memory holds
     * @param commandTimeout how long a call waits for Redis before answering "outcome unknown"
     * @param keyPrefix      the first part of every key the service writes
     * @param timeSource     whose clock decides expiry
     */
    public record Redis(
            String uri,
            @DefaultValue("2s") Duration commandTimeout,
            @DefaultValue("oms") String keyPrefix,
            @DefaultValue("SERVER") TimeSource timeSource) {
        public boolean configured() {
            return uri != null && !uri.isBlank();
        }
    }

    /**
     * @param uri                    e.g. {@code mongodb://127.0.0.1:27017}; unset means in-memory orders,
     *                               catalog, stores and delivery slots
     * @param database               the database name
     * @param collectionPrefix       the prefix of the collections ({@code oms_orders}, ...)
     * @param serverSelectionTimeout how long a call waits for a reachable server
     * @param connectTimeout         how long opening a connection may take
     * @param readTimeout            how long a call waits for its answer
     */
    public record Mongo(
            String uri,
            @DefaultValue("oms") String database,
            @DefaultValue("oms_") String collectionPrefix,
            @DefaultValue("2s") Duration serverSelectionTimeout,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout) {
        public boolean configured() {
            return uri != null && !uri.isBlank();
        }
    }

    /**
     * @param enabled  whether the job runs at all
     * @param interval the pause between the end of one run and the start of the next
     */
    public record Schedule(@DefaultValue("true") boolean enabled, Duration interval) {}

    /**
     * The scheduled drift check: every store's counters in the inventory lock against the durable record (the
     * stock ledger and the orders). It reads every store's ledger and orders, so it is off unless enabled.
     *
     * @param enabled  whether it runs at all
     * @param interval the pause between the end of one pass and the start of the next
     */
    public record DriftCheck(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("15m") Duration interval) {}

    /** @param users who may call the service, with their role */
    public record Security(@DefaultValue List<User> users) {}

    /**
     * One account.
     *
     * @param name     the login
     * @param password with its encoding as prefix: {@code {bcrypt}$2a$...} (recommended) or {@code {noop}...}
     * @param role     CUSTOMER, STORE_MANAGER or ADMIN
     * @param store    the store a STORE_MANAGER runs
     * @param customer the customer id of a CUSTOMER; the login when not given
     */
    public record User(String name, String password, Role role, String store, String customer) {}
}
