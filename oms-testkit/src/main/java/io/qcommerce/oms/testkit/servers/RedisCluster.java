package io.qcommerce.oms.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Redis Cluster of {@code n} masters, each a {@link RedisProcess} on a loopback port: the 16384 slots split
 * evenly with CLUSTER ADDSLOTS, the nodes introduced with CLUSTER MEET, returned once every node reports
 * {@code cluster_state:ok}, knows all the others and sees every slot served. {@link #close()} stops every node.
 */
public final class RedisCluster implements AutoCloseable {
    /** The number of hash slots of a Redis Cluster. */
    public static final int SLOT_COUNT = 16384;

    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisProcess> nodes = new ArrayList<>();

    private RedisCluster() {}

    /**
     * Starts {@code masters} nodes of the binary of this environment ({@link RedisBinary#fromEnvironment()}) and
     * forms the cluster.
     *
     * @throws IllegalStateException when there is no binary, or the cluster does not form in time
     */
    public static RedisCluster start(int masters) {
        if (masters < 1) {
            throw new IllegalArgumentException("a cluster has at least one master, not " + masters);
        }
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < masters; i++) {
                cluster.nodes.add(RedisProcess.start(
                        "cluster" + i,
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes.conf",
                        "--cluster-node-timeout",
                        "5000"));
            }
            cluster.form();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes, one per master, in slot order. */
    public List<RedisProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes' URIs ({@code redis://127.0.0.1:port}), the seeds of a cluster client. */
    public List<String> uris() {
        List<String> uris = new ArrayList<>();
        nodes.forEach(n -> uris.add(n.uri()));
        return uris;
    }

    private void form() throws IOException {
        List<Resp> connections = new ArrayList<>();
        try {
            for (RedisProcess node : nodes) {
                connections.add(Resp.connect(node.host(), node.port()));
            }
            int perNode = SLOT_COUNT / nodes.size();
            for (int i = 0; i < nodes.size(); i++) {
                int from = i * perNode;
                int to = i == nodes.size() - 1 ? SLOT_COUNT - 1 : from + perNode - 1;
                String[] command = new String[2 + to - from + 1];
                command[0] = "CLUSTER";
                command[1] = "ADDSLOTS";
                for (int s = from; s <= to; s++) {
                    command[2 + s - from] = Integer.toString(s);
                }
                connections.get(i).call(command);
            }
            for (int i = 1; i < nodes.size(); i++) {
                connections
                        .get(0)
                        .call(
                                "CLUSTER",
                                "MEET",
                                nodes.get(i).host(),
                                Integer.toString(nodes.get(i).port()));
            }
            long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
            while (!formed(connections)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the cluster of " + nodes + " did not form within " + FORM_TIMEOUT);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } finally {
            for (Resp c : connections) {
                c.close();
            }
        }
    }

    private boolean formed(List<Resp> connections) throws IOException {
        for (Resp c : connections) {
            String info = String.valueOf(c.call("CLUSTER", "INFO"));
            if (!info.contains("cluster_state:ok")
                    || !info.contains("cluster_known_nodes:" + nodes.size())
                    || !info.contains("cluster_slots_ok:" + SLOT_COUNT)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }

    @Override
    public String toString() {
        return "Redis Cluster of " + nodes;
    }
}
