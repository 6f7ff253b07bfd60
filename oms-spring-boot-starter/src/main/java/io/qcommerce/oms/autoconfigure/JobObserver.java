package io.qcommerce.oms.autoconfigure;

import io.qcommerce.oms.event.DispatchReport;
import io.qcommerce.oms.event.SubscriberStatus;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.placement.Reconciler;
import java.util.List;

/** Told what each scheduled job did: the metrics count it. Called on the job's thread; must be quick. */
interface JobObserver {
    default void reconciled(Reconciler.Report report) {}

    default void dispatched(DispatchReport report, List<SubscriberStatus> subscribers) {}

    /** One store checked by the drift check. */
    default void driftChecked(DriftReport report) {}

    /**
     * A whole drift-check pass done: how many stores it checked, how many differed, and how many of those had
     * differed at the previous pass too (a difference that persists is real; one seen once may be a hold in flight).
     */
    default void driftPassDone(int stores, int differing, int differingAgain) {}

    /** A job's pass failed as a whole (a backend down); the next pass retries. */
    default void failed(String job, RuntimeException e) {}
}
