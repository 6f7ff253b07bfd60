package io.qcommerce.oms.redis;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link RedisInventoryLock}: an immutable value, checked once when built.
 *
 * <ul>
 *   <li>{@code keyPrefix} (default {@value #DEFAULT_KEY_PREFIX}): the first part of every key, so that
 *       several libraries or environments can share a server. Letters, digits, {@code - _ . :}; at most
 *       {@value #MAX_KEY_PREFIX_LENGTH} characters; no braces, so it can never become a hash tag.</li>
 *   <li>{@code retention} (default 24 h): how long finished holds and applied movement ids stay
 *       answerable, so that a late retry gets the first outcome instead of being taken as new; also how long
 *       the store's ledger stream keeps its movements for the shipper to copy.</li>
 *   <li>{@code reapBatchSize} (default {@value #DEFAULT_REAP_BATCH_SIZE}): how many due holds a script reads
 *       from a resource's due index at a time. Calls that read counters (reserve, levels, stock changes,
 *       batches) expire every due hold with a line of the resources they are about, in batches of this size,
 *       because their answer must be exact; the due holds of other resources are left to the calls about
 *       them and to {@code expireDue}.</li>
 *   <li>{@code commandTimeout} (default 2 s): how long a call waits for Redis before it answers
 *       {@code OUTCOME_UNKNOWN}.</li>
 *   <li>time source: by default the Redis server's own clock ({@code TIME}, read inside each script), so
 *       that every client agrees on when a hold expires whatever its own clock says. {@link Builder#clock}
 *       makes the scripts use the given clock instead (read on the client, sent with each call): for tests
 *       that move a {@code MutableClock} by hand, and for simulations whose clock is not the wall clock.
 *       A store's time never runs backwards: once a write used an instant, an earlier clock reads as that
 *       instant, so a simulation must not reuse the keys (prefix) of an earlier run. Production keeps the
 *       server's time.</li>
 * </ul>
 */
public final class RedisInventoryLockConfig {
    public static final String DEFAULT_KEY_PREFIX = "oms";
    public static final int MAX_KEY_PREFIX_LENGTH = 64;
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    /** Longer than any hold may live, far shorter than forever: retained keys cost memory. */
    public static final Duration MAX_RETENTION = Duration.ofDays(30);

    public static final int DEFAULT_REAP_BATCH_SIZE = 100;
    public static final int MAX_REAP_BATCH_SIZE = 100_000;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration MAX_COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private static final RedisInventoryLockConfig DEFAULTS = builder().build();

    private final String keyPrefix;
    private final Duration retention;
    private final int reapBatchSize;
    private final Duration commandTimeout;
    private final @Nullable Clock clock;

    private RedisInventoryLockConfig(Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.retention = b.retention;
        this.reapBatchSize = b.reapBatchSize;
        this.commandTimeout = b.commandTimeout;
        this.clock = b.clock;
    }

    /** Every setting at its default: prefix {@code oms}, 24 h retention, server time. */
    public static RedisInventoryLockConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keyPrefix = keyPrefix;
        b.retention = retention;
        b.reapBatchSize = reapBatchSize;
        b.commandTimeout = commandTimeout;
        b.clock = clock;
        return b;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public Duration retention() {
        return retention;
    }

    public int reapBatchSize() {
        return reapBatchSize;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The client clock the scripts use, or empty when they read the server's time (the default). */
    public Optional<Clock> clock() {
        return Optional.ofNullable(clock);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RedisInventoryLockConfig)) {
            return false;
        }
        RedisInventoryLockConfig other = (RedisInventoryLockConfig) o;
        return keyPrefix.equals(other.keyPrefix)
                && retention.equals(other.retention)
                && reapBatchSize == other.reapBatchSize
                && commandTimeout.equals(other.commandTimeout)
                && Objects.equals(clock, other.clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyPrefix, retention, reapBatchSize, commandTimeout, clock);
    }

    @Override
    public String toString() {
        return "RedisInventoryLockConfig[keyPrefix=" + keyPrefix + ", retention=" + retention + ", reapBatchSize="
                + reapBatchSize + ", commandTimeout=" + commandTimeout + ", time="
                + (clock == null ? "server" : clock.toString()) + "]";
    }

    /** Collects settings; {@link #build()} checks them all and reports every problem at once. */
    public static final class Builder {
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration retention = DEFAULT_RETENTION;
        private int reapBatchSize = DEFAULT_REAP_BATCH_SIZE;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private @Nullable Clock clock;

        private Builder() {}

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        public Builder reapBatchSize(int reapBatchSize) {
            this.reapBatchSize = reapBatchSize;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** Scripts use this clock's instant, read on the client, instead of the server's time. */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_CONFIGURATION,
                        "clock",
                        "must not be null; call serverTime() for the server's time");
            }
            this.clock = clock;
            return this;
        }

        /** Scripts read the server's clock (the default). */
        public Builder serverTime() {
            this.clock = null;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws OmsException {@code INVALID_CONFIGURATION} listing every setting that is out of bounds
         */
        public RedisInventoryLockConfig build() {
            List<Violation> problems = new ArrayList<>();
            checkPrefix(problems);
            checkDuration(problems, "retention", retention, Duration.ofSeconds(1), MAX_RETENTION);
            checkDuration(problems, "commandTimeout", commandTimeout, Duration.ofMillis(1), MAX_COMMAND_TIMEOUT);
            if (reapBatchSize < 1 || reapBatchSize > MAX_REAP_BATCH_SIZE) {
                problems.add(new Violation(
                        "reapBatchSize", "must be 1 to " + MAX_REAP_BATCH_SIZE + ", was " + reapBatchSize));
            }
            if (!problems.isEmpty()) {
                throw OmsException.invalid(ErrorCode.INVALID_CONFIGURATION, problems);
            }
            return new RedisInventoryLockConfig(this);
        }

        private void checkPrefix(List<Violation> problems) {
            if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.length() > MAX_KEY_PREFIX_LENGTH) {
                problems.add(new Violation("keyPrefix", "must have 1 to " + MAX_KEY_PREFIX_LENGTH + " characters"));
                return;
            }
            for (int i = 0; i < keyPrefix.length(); i++) {
                char c = keyPrefix.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '-'
                        || c == '_'
                        || c == '.'
                        || c == ':';
                if (!ok) {
                    problems.add(new Violation(
                            "keyPrefix",
                            "may hold only letters, digits, '-', '_', '.' and ':'; found '" + c + "' at " + i));
                    return;
                }
            }
        }

        private static void checkDuration(
                List<Violation> problems, String field, Duration value, Duration min, Duration max) {
            if (value == null) {
                problems.add(new Violation(field, "must not be null"));
            } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problems.add(new Violation(field, "must be " + min + " to " + max + ", was " + value));
            }
        }
    }
}
