package io.qcommerce.oms.ledger;

import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.store.StoreId;

import java.util.List;

/**
 * What a rebuild wrote into the inventory lock.
 *
 * @param store         the store
 * @param resources     how many counters it wrote
 * @param holdsRestored the holds of orders still awaiting payment it put back
 * @param holdsDropped  holds it could not put back because the record has too few units for them (their
 *                      orders will be refused at payment and cancelled); empty when the record is sound
 * @param problems      inconsistencies of the record itself, each in words (a counter that came out
 *                      negative and was written as zero, say); empty when the record is sound
 */
public record RebuildReport(StoreId store, int resources, List<ReservationId> holdsRestored,
                            List<ReservationId> holdsDropped, List<String> problems) {
    public RebuildReport {
        holdsRestored = List.copyOf(holdsRestored);
        holdsDropped = List.copyOf(holdsDropped);
        problems = List.copyOf(problems);
    }
}
