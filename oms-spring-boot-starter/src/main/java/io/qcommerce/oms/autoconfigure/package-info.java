/**
 * Spring Boot auto-configuration of the OMS library: {@link io.qcommerce.oms.Oms} from {@code oms.*} properties
 * and the clients a host already has, the reconciler, the event dispatcher and the drift check on a schedule,
 * health and Micrometer metrics. Public: the auto-configuration classes, {@link OmsProperties} and
 * {@link OmsMetrics}; everything else is package-private.
 */
@NullMarked
package io.qcommerce.oms.autoconfigure;

import org.jspecify.annotations.NullMarked;
