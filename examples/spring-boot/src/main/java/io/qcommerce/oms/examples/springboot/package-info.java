/**
 * Example (not API): the library as a Spring Boot REST service
 * ({@link io.qcommerce.oms.examples.springboot.OmsServiceApplication}).
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.springboot;

import org.jspecify.annotations.NullUnmarked;
