/**
 * API: read-only reports for store managers, such as how a store did over a period
 * ({@link io.qcommerce.oms.report.StorePerformance}), through the {@link io.qcommerce.oms.report.ReportService}.
 *
 * <p>Types are non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.qcommerce.oms.report;

import org.jspecify.annotations.NullMarked;
