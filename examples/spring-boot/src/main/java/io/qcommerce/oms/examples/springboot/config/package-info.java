/**
 * Example (not API): the service's {@code oms.*} properties and the wiring of {@code Oms} from them, on memory,
 * Redis or MongoDB.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.springboot.config;

import org.jspecify.annotations.NullUnmarked;
