package io.qcommerce.oms.examples.springboot.security;

/** What a caller may do; see {@link Access} for the rules. */
public enum Role {
    /** Places, reads and cancels their own orders. */
    CUSTOMER,
    /** Runs one store: its stock, its orders' fulfilment, its opening hours. */
    STORE_MANAGER,
    /** Everything, including the catalog, the store directory and payment callbacks. */
    ADMIN;

    /** The authority Spring Security checks, {@code ROLE_ADMIN} and so on. */
    public String authority() {
        return "ROLE_" + name();
    }
}
