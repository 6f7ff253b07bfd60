/** Example (not API): a dark-store morning wired by hand and checked by the kit. Nullness is not checked here. */
@NullUnmarked
package io.qcommerce.oms.examples.plainmain;

import org.jspecify.annotations.NullUnmarked;
