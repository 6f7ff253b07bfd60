package io.qcommerce.oms.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Makes the {@code oms} health contributor a member of the {@code readiness} group (where the group exists: with
 * {@code management.endpoint.health.probes.enabled}, or on Kubernetes), beside whatever the host includes: an
 * instance whose inventory lock or stores cannot be read takes no traffic, while its liveness stays as it is.
 * Runs after Spring Boot adds the probe groups.
 */
final class ReadinessIncludesOms implements HealthEndpointGroupsPostProcessor, Ordered {
    static final String READINESS = "readiness";
    static final String CONTRIBUTOR = "oms";

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup readiness = groups.get(READINESS);
        if (readiness == null) {
            return groups;
        }
        Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            HealthEndpointGroup group = groups.get(name);
            if (group != null) {
                all.put(name, group);
            }
        }
        all.put(READINESS, new WithOms(readiness));
        return HealthEndpointGroups.of(groups.getPrimary(), all);
    }

    private record WithOms(HealthEndpointGroup delegate) implements HealthEndpointGroup {
        @Override
        public boolean isMember(String name) {
            return name.equals(CONTRIBUTOR) || name.startsWith(CONTRIBUTOR + "/") || delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return delegate.getHttpCodeStatusMapper();
        }

        @Override
        public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
            return delegate.getAdditionalPath();
        }
    }
}
