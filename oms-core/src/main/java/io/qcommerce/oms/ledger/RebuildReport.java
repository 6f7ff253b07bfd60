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
 * @param movementsRecovered hold movements (held, sold, released, expired) the lock had recorded but not
 *                      copied to the ledger when it lost its data, recorded again from the orders; 0 when
 *                      nothing was lost, or the last copy was made just before the loss
 */
public record RebuildReport(
        StoreId store,
        int resources,
        List<ReservationId> holdsRestored,
        List<ReservationId> holdsDropped,
        List<String> problems,
        int movementsRecovered) {
    public RebuildReport {
        holdsRestored = List.copyOf(holdsRestored);
        holdsDropped = List.copyOf(holdsDropped);
        problems = List.copyOf(problems);
        if (movementsRecovered < 0) {
            throw io.qcommerce.oms.error.OmsException.invalid(
                    io.qcommerce.oms.error.ErrorCode.INVALID_ARGUMENT, "movementsRecovered", "must not be negative");
        }
    }
}
