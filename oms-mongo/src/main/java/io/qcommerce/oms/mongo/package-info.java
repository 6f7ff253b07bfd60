/**
 * The MongoDB adapters of the OMS ports, on mongodb-driver-sync: {@link io.qcommerce.oms.mongo.MongoOrderRepository},
 * {@link io.qcommerce.oms.mongo.MongoCatalog}, {@link io.qcommerce.oms.mongo.MongoStoreDirectory} and
 * {@link io.qcommerce.oms.mongo.MongoSlotDirectory}, their settings
 * ({@link io.qcommerce.oms.mongo.MongoOmsConfig}) and their indexes ({@link io.qcommerce.oms.mongo.MongoOmsSchema}).
 *
 * <p>Every change is one atomic single-document write; no multi-document transaction is used, so the collections
 * can be sharded (orders on {@code _id} or {@code customer}). Documents are mapped by hand with the BSON
 * {@code Document} API; no driver exception crosses a port.
 */
package io.qcommerce.oms.mongo;
