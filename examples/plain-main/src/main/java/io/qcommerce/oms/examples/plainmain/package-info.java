/**
 * Example (not API): a runnable program that wires the library by hand and simulates a dark-store morning
 * ({@link io.qcommerce.oms.examples.plainmain.DarkStoreMorning}) on the in-memory adapters, or on Redis and MongoDB
 * when their URIs are given, then checks the result with the test kit's invariant checker.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.plainmain;

import org.jspecify.annotations.NullUnmarked;
