/**
 * The MongoDB adapters of the OMS ports, on mongodb-driver-sync: {@link io.qcommerce.oms.mongo.MongoOrderRepository},
 * {@link io.qcommerce.oms.mongo.MongoCatalog}, {@link io.qcommerce.oms.mongo.MongoStoreDirectory},
 * {@link io.qcommerce.oms.mongo.MongoSlotDirectory}, {@link io.qcommerce.oms.mongo.MongoStockLedger} (the durable
 * stock ledger and how far each store's movements have been shipped to it) and
 * {@link io.qcommerce.oms.mongo.MongoStockThresholds}, their settings ({@link io.qcommerce.oms.mongo.MongoOmsConfig})
 * and their indexes ({@link io.qcommerce.oms.mongo.MongoOmsSchema}).
 *
 * <p>Every change is one atomic single-document write (recording several stock movements is one unordered
 * {@code insertMany} of independent documents, idempotent per movement); no multi-document transaction is used, so
 * the collections can be sharded (orders on {@code _id} or {@code customer}, the ledger on {@code store}). Documents
 * are mapped by hand with the BSON {@code Document} API; no driver exception crosses a port.
 *
 * <p>API (adapters a host constructs and hands to {@code Oms.builder()}). Types are non-null unless annotated
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.mongo;

import org.jspecify.annotations.NullMarked;
