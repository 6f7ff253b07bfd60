package io.qcommerce.oms.examples.springboot.security;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.examples.springboot.config.ServiceProperties;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The accounts of {@code oms.security.users}, checked once at start: a name and a password each, a role, a
 * store for every manager. A configuration mistake stops the service with every problem listed, rather than
 * leaving an account that cannot do its job.
 */
public final class ConfiguredUsers implements UserDetailsService {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredUsers.class);

    private final Map<String, OmsUser> users;

    public ConfiguredUsers(List<ServiceProperties.User> configured) {
        Map<String, OmsUser> byName = new LinkedHashMap<>();
        List<Violation> problems = new ArrayList<>();
        List<String> plainText = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            ServiceProperties.User u = configured.get(i);
            String at = "oms.security.users[" + i + "]";
            if (u.name() == null || u.name().isBlank()) {
                problems.add(new Violation(at + ".name", "must be given"));
                continue;
            }
            if (byName.containsKey(u.name())) {
                problems.add(new Violation(at + ".name", "'" + u.name() + "' is configured twice"));
            }
            if (u.password() == null || !u.password().startsWith("{")) {
                problems.add(
                        new Violation(at + ".password", "must be given with its encoding, {bcrypt}... or {noop}..."));
            }
            if (u.role() == null) {
                problems.add(new Violation(at + ".role", "must be CUSTOMER, STORE_MANAGER or ADMIN"));
                continue;
            }
            StoreId store = null;
            CustomerId customer = null;
            try {
                if (u.role() == Role.STORE_MANAGER) {
                    if (u.store() == null) {
                        problems.add(new Violation(at + ".store", "a store manager needs the store they run"));
                        continue;
                    }
                    store = StoreId.of(u.store());
                } else if (u.role() == Role.CUSTOMER) {
                    customer = CustomerId.of(u.customer() != null ? u.customer() : u.name());
                }
            } catch (OmsException e) {
                e.violations().forEach(v -> problems.add(new Violation(at + "." + v.field(), v.message())));
                continue;
            }
            if (u.password() != null && u.password().startsWith("{noop}")) {
                plainText.add(u.name());
            }
            byName.put(u.name(), new OmsUser(u.name(), u.password(), u.role(), store, customer));
        }
        if (!problems.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_CONFIGURATION, problems);
        }
        if (!plainText.isEmpty()) {
            LOG.warn(
                    "users {} have plain-text (noop) passwords: fine for tests, use bcrypt for anything else",
                    plainText);
        }
        if (byName.isEmpty()) {
            LOG.warn("no users configured (oms.security.users): every call will be refused");
        }
        this.users = Map.copyOf(byName);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        OmsUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        return user;
    }
}
