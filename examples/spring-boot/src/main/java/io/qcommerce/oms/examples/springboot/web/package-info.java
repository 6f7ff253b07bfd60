/**
 * Example (not API): the REST controllers, their request and response bodies, and the mapping of the library's
 * errors and outcomes to HTTP problem details.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.springboot.web;

import org.jspecify.annotations.NullUnmarked;
