package io.qcommerce.oms.testkit.servers;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real MongoDB in a Testcontainers container (a one-node replica set). Kept apart from {@link MongoServers} so
 * that a module without {@code org.testcontainers:mongodb} on its test class path never loads these types.
 */
final class MongoContainer implements TestServer {
    private final MongoDBContainer container;

    private MongoContainer(MongoDBContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    static MongoContainer start(String image) {
        MongoDBContainer container = new MongoDBContainer(DockerImageName.parse(image));
        container.start();
        return new MongoContainer(container);
    }

    @Override
    public String uri() {
        return container.getReplicaSetUrl();
    }

    @Override
    public String source() {
        return "Testcontainers " + container.getDockerImageName();
    }

    @Override
    public void close() {
        container.stop();
    }
}
