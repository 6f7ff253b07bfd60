/**
 * Example (not API): the service's security: configured users, their roles and what each may reach.
 *
 * <p>Not yet annotated for nullness ({@code @NullUnmarked}): the build's NullAway check covers the library
 * modules only.
 */
@NullUnmarked
package io.qcommerce.oms.examples.springboot.security;

import org.jspecify.annotations.NullUnmarked;
