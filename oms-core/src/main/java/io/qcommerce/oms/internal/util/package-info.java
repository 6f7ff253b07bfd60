/**
 * Internal: argument checks and identifier validation shared by the core and the library's own adapter modules
 * (exported to them only); not API.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.internal.util;

import org.jspecify.annotations.NullMarked;
