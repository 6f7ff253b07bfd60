/**
 * Example (not API): operations: the backends' health, metrics, and the scheduled reconciler, reaper and
 * drift-check jobs.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.springboot.ops;

import org.jspecify.annotations.NullUnmarked;
