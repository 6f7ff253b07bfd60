package io.qcommerce.oms.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisFunctionAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the adapter needs of a Lettuce connection, whether to one server or to a cluster: scripts to call,
 * somewhere to load them, and the servers whose settings to check. Both kinds of connection are
 * thread-safe and shared by all callers; this wrapper adds no state.
 */
interface ScriptTarget {
    /** The commands scripts are called with; on a cluster, routed by the slot of the first key. */
    RedisScriptingAsyncCommands<String, String> scripting();

    /** The commands functions are called with; on a cluster, routed by the slot of the first key. */
    RedisFunctionAsyncCommands<String, String> functions();

    /** Loads the script into the script cache of every server that may run it (every node of a cluster). */
    RedisFuture<String> load(String script);

    /**
     * {@code FUNCTION LOAD REPLACE} of the library on every server that may run it (every upstream node of a
     * cluster: Lettuce sends SCRIPT LOAD to every node, but FUNCTION LOAD only to one), by server.
     */
    Map<String, RedisFuture<String>> loadFunctions(String library);

    /** {@code CONFIG GET parameter} on every server that holds data (every upstream node of a cluster). */
    Map<String, RedisFuture<Map<String, String>>> configGet(String parameter);

    static ScriptTarget of(StatefulRedisConnection<String, String> connection) {
        Objects.requireNonNull(connection, "connection");
        return new ScriptTarget() {
            @Override
            public RedisScriptingAsyncCommands<String, String> scripting() {
                return connection.async();
            }

            @Override
            public RedisFunctionAsyncCommands<String, String> functions() {
                return connection.async();
            }

            @Override
            public RedisFuture<String> load(String script) {
                return connection.async().scriptLoad(script);
            }

            @Override
            public Map<String, RedisFuture<String>> loadFunctions(String library) {
                return Map.of("server", connection.async().functionLoad(library, true));
            }

            @Override
            public Map<String, RedisFuture<Map<String, String>>> configGet(String parameter) {
                return Map.of("server", connection.async().configGet(parameter));
            }
        };
    }

    static ScriptTarget of(StatefulRedisClusterConnection<String, String> connection) {
        Objects.requireNonNull(connection, "connection");
        return new ScriptTarget() {
            @Override
            public RedisScriptingAsyncCommands<String, String> scripting() {
                return connection.async();
            }

            @Override
            public RedisFunctionAsyncCommands<String, String> functions() {
                return connection.async();
            }

            @Override
            public RedisFuture<String> load(String script) {
                // The cluster API sends SCRIPT LOAD to every node.
                return connection.async().scriptLoad(script);
            }

            @Override
            public Map<String, RedisFuture<String>> loadFunctions(String library) {
                // Replicas get the library from their master (FUNCTION LOAD is replicated and persisted).
                Map<String, RedisFuture<String>> out = new LinkedHashMap<>();
                for (RedisClusterNode node : connection.getPartitions()) {
                    if (node.getRole().isUpstream()) {
                        out.put(
                                name(node),
                                connection
                                        .async()
                                        .getConnection(node.getNodeId())
                                        .functionLoad(library, true));
                    }
                }
                return out;
            }

            @Override
            public Map<String, RedisFuture<Map<String, String>>> configGet(String parameter) {
                Map<String, RedisFuture<Map<String, String>>> out = new LinkedHashMap<>();
                for (RedisClusterNode node : connection.getPartitions()) {
                    if (node.getRole().isUpstream()) {
                        out.put(
                                name(node),
                                connection
                                        .async()
                                        .getConnection(node.getNodeId())
                                        .configGet(parameter));
                    }
                }
                return out;
            }
        };
    }

    private static String name(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }
}
