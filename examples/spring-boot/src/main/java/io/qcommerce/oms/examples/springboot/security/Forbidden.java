package io.qcommerce.oms.examples.springboot.security;

/**
 * The caller is known but may not do this. Answered 403; thrown only where the refusal tells nothing about
 * whether the thing asked for exists (someone else's order is "not found" instead, see {@link Access}).
 */
public final class Forbidden extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
        super(message, null, false, false);
    }
}
