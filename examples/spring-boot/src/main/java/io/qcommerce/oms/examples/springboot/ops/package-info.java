/**
 * Example (not API): the service's own metrics. The backends' health, the library's metrics and its scheduled jobs
 * (reconciler, event dispatcher, drift check) come from {@code oms-spring-boot-starter}.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.springboot.ops;

import org.jspecify.annotations.NullUnmarked;
