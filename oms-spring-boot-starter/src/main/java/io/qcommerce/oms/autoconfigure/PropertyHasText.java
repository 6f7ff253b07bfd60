package io.qcommerce.oms.autoconfigure;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Conditions on a URI property that has text: an empty environment variable does not count as set. */
final class PropertyHasText {
    private PropertyHasText() {}

    private static boolean hasText(ConditionContext context, String name) {
        return StringUtils.hasText(context.getEnvironment().getProperty(name));
    }

    static final class RedisUri implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return hasText(context, "oms.redis.uri");
        }
    }

    static final class MongoUri implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return hasText(context, "oms.mongo.uri");
        }
    }
}
