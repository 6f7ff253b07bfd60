/** The inventory lock on Redis and Redis Cluster, through Lettuce. */
module io.qcommerce.oms.redis {
    requires transitive io.qcommerce.oms.core;
    requires transitive lettuce.core;
    requires org.slf4j;

    exports io.qcommerce.oms.redis;
}
