package io.qcommerce.oms.error;

/**
 * Stable codes of {@link OmsException}. A host may branch on them, log them and send them to its own
 * clients; a code is never renamed or reused for another meaning.
 */
public enum ErrorCode {
    /** A required argument was null, blank or out of range; the violations list each problem. */
    INVALID_ARGUMENT(Category.INVALID_INPUT),
    /** An identifier had a character outside the safe set or a bad length. */
    INVALID_ID(Category.INVALID_INPUT),
    /** A pincode was not six digits with a first digit of 1 to 9. */
    INVALID_PINCODE(Category.INVALID_INPUT),
    /** A quantity was zero, negative, or too large to count. */
    INVALID_QUANTITY(Category.INVALID_INPUT),
    /** A time-to-live was zero, negative or beyond the configured maximum. */
    INVALID_TTL(Category.INVALID_INPUT),
    /** An amount of money did not fit, or two currencies were mixed. */
    INVALID_AMOUNT(Category.INVALID_INPUT),
    /** A configuration value was rejected when the configuration was built. */
    INVALID_CONFIGURATION(Category.INVALID_INPUT),

    UNKNOWN_SKU(Category.NOT_FOUND),
    UNKNOWN_STORE(Category.NOT_FOUND),
    UNKNOWN_ORDER(Category.NOT_FOUND),
    UNKNOWN_RESERVATION(Category.NOT_FOUND),
    /** No delivery slot has this id. */
    UNKNOWN_SLOT(Category.NOT_FOUND),
    /** The store has no batch of the SKU with this code (an adjustment names a batch never received). */
    UNKNOWN_BATCH(Category.NOT_FOUND),

    /** The store named by the caller exists but does not take orders now. */
    STORE_INACTIVE(Category.CONFLICT),
    /** The delivery slot exists but has been deactivated, or belongs to another store than the one the order names. */
    SLOT_INACTIVE(Category.CONFLICT),
    /** A slot's capacity cannot go below the bookings it has (confirmed and held). */
    SLOT_OVERBOOKED(Category.CONFLICT),
    /** A batch code is received a second time for the same store and SKU. */
    DUPLICATE_BATCH(Category.CONFLICT),
    /** A batch whose expiry has already passed cannot be received. */
    BATCH_EXPIRED(Category.INVALID_INPUT),
    /** The cancellation policy does not let this kind of actor cancel the order in its status. */
    CANCELLATION_NOT_ALLOWED(Category.CONFLICT),
    /**
     * A substitute the order cannot take: the customer did not allow substitutes, it costs more per unit than
     * the short line, or the order already has a line of it.
     */
    SUBSTITUTE_NOT_ALLOWED(Category.CONFLICT),
    /** Not enough units of a SKU in the store for a change that needs them now (a substitute at picking). */
    INSUFFICIENT_STOCK(Category.CONFLICT),
    /** The order cannot move from its current status to the one asked for. */
    ILLEGAL_TRANSITION(Category.CONFLICT),
    /** An id that must be unique is already taken by a different thing. */
    DUPLICATE(Category.CONFLICT),
    /** An idempotency key or reservation id was reused for a different request. */
    IDEMPOTENCY_CONFLICT(Category.CONFLICT),
    /** Another writer changed the record between our read and our write, more often than we retry. */
    CONCURRENT_MODIFICATION(Category.CONFLICT),

    /** The backend could not be reached or refused the call; nothing was applied. */
    BACKEND_UNAVAILABLE(Category.BACKEND),
    /** The call may or may not have been applied (a timeout after sending); retry with the same ids. */
    OUTCOME_UNKNOWN(Category.BACKEND),
    /**
     * A stored record cannot be read as a domain value (damaged, or written by an incompatible version).
     * Retrying does not help; an operator must look at the record named in the details.
     */
    DATA_CORRUPTED(Category.BACKEND);

    /** Broad classes of error, one per HTTP-ish reaction a caller may take. */
    public enum Category {
        /** Fix the request; retrying it unchanged fails the same way. */
        INVALID_INPUT,
        /** The thing named does not exist. */
        NOT_FOUND,
        /** The request is well formed but conflicts with the current state. */
        CONFLICT,
        /** The backend failed; a retry with the same ids is safe. */
        BACKEND
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
