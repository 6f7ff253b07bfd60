/**
 * API for tests: the one place that finds or starts the servers adapter tests need. Redis from
 * {@code OMS_TEST_REDIS_URI}, else a {@code redis-server} on the PATH, else the embedded binary; MongoDB from
 * {@code OMS_TEST_MONGO_URI}, else Testcontainers where Docker runs, else the in-process server.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.testkit.servers;

import org.jspecify.annotations.NullMarked;
