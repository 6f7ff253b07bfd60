package io.qcommerce.oms.examples.springboot.config;

import io.qcommerce.oms.examples.springboot.security.Role;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the service reads from configuration beside the library's own {@code oms.*} settings (those are the
 * starter's: {@code io.qcommerce.oms.autoconfigure.OmsProperties}): who may call it. Immutable; bound once at start.
 *
 * @param users who may call the service, with their role
 */
@ConfigurationProperties("oms.security")
public record ServiceProperties(@DefaultValue List<User> users) {

    /**
     * One account.
     *
     * @param name     the login
     * @param password with its encoding as prefix: {@code {bcrypt}$2a$...} (recommended) or {@code {noop}...}
     * @param role     CUSTOMER, STORE_MANAGER or ADMIN
     * @param store    the store a STORE_MANAGER runs
     * @param customer the customer id of a CUSTOMER; the login when not given
     */
    public record User(String name, String password, Role role, String store, String customer) {}
}
