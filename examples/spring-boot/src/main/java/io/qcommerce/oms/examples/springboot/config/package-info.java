/**
 * Example (not API): the service's own configuration properties. {@code Oms} itself, its backends, health, metrics
 * and scheduled jobs come from {@code oms-spring-boot-starter}.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.springboot.config;

import org.jspecify.annotations.NullUnmarked;
