/**
 * Benchmarks (not API): JMH benchmarks and load drivers of the inventory locks, in memory and on Redis, and the
 * contenders they are compared with.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.benchmarks;

import org.jspecify.annotations.NullUnmarked;
