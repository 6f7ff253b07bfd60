package io.qcommerce.oms.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster of {@code n} masters, each a {@code redis-server} process on a loopback port: slots
 * split evenly with CLUSTER ADDSLOTS, the nodes introduced with CLUSTER MEET, ready once every node reports
 * {@code cluster_state:ok} and knows all the others.
 */
final class LocalRedisCluster implements AutoCloseable {
    private final List<RedisServerProcess> nodes = new ArrayList<>();

    private LocalRedisCluster() {
    }

    static LocalRedisCluster start(int masters) {
        LocalRedisCluster cluster = new LocalRedisCluster();
        try {
            for (int i = 0; i < masters; i++) {
                cluster.nodes.add(RedisServerProcess.start("cluster" + i, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
            }
            cluster.form();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    List<RedisServerProcess> nodes() {
        return nodes;
    }

    List<RedisURI> uris() {
        List<RedisURI> uris = new ArrayList<>();
        nodes.forEach(n -> uris.add(n.uri()));
        return uris;
    }

    private void form() {
        RedisClient client = TestRedis.newClient(nodes.get(0).uri(), ClientOptions.create());
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        try {
            for (RedisServerProcess node : nodes) {
                connections.add(client.connect(node.uri()));
            }
            int perNode = SlotHash.SLOT_COUNT / nodes.size();
            for (int i = 0; i < nodes.size(); i++) {
                int from = i * perNode;
                int to = i == nodes.size() - 1 ? SlotHash.SLOT_COUNT - 1 : from + perNode - 1;
                int[] slots = new int[to - from + 1];
                for (int s = from; s <= to; s++) {
                    slots[s - from] = s;
                }
                connections.get(i).sync().clusterAddSlots(slots);
            }
            RedisCommands<String, String> first = connections.get(0).sync();
            for (int i = 1; i < nodes.size(); i++) {
                first.clusterMeet("127.0.0.1", nodes.get(i).port());
            }
            Poll.until("the cluster to be formed", Duration.ofSeconds(60), () -> {
                for (StatefulRedisConnection<String, String> c : connections) {
                    String info = c.sync().clusterInfo();
                    if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())
                            || !info.contains("cluster_slots_ok:" + SlotHash.SLOT_COUNT)) {
                        return false;
                    }
                }
                return true;
            });
        } finally {
            connections.forEach(StatefulRedisConnection::close);
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }
}
