package io.qcommerce.oms.examples.springboot.security;

import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.store.StoreId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * An authenticated caller: a login, a role, and the store (managers) or customer id (customers) that bounds
 * what the caller may see. Immutable.
 */
public final class OmsUser implements UserDetails {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String password;
    private final Role role;
    private final transient StoreId store;
    private final transient CustomerId customer;

    public OmsUser(String name, String password, Role role, StoreId store, CustomerId customer) {
        this.name = Objects.requireNonNull(name, "name");
        this.password = password;
        this.role = Objects.requireNonNull(role, "role");
        this.store = store;
        this.customer = customer;
    }

    public Role role() {
        return role;
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** The store a manager runs; {@code null} for other roles. */
    public StoreId store() {
        return store;
    }

    /** The customer id of a customer; {@code null} for other roles. */
    public CustomerId customer() {
        return customer;
    }

    /** Who this caller is in an order's audit trail. */
    public Actor actor() {
        switch (role) {
            case CUSTOMER:
                return Actor.customer(customer.value());
            case STORE_MANAGER:
                return Actor.staff(name);
            default:
                return Actor.admin(name);
        }
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public String getUsername() {
        return name;
    }

    @Override
    public String toString() {
        return name + " (" + role + ")";
    }
}
