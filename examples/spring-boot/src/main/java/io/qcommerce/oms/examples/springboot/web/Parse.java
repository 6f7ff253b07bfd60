package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.store.GeoPoint;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing of the request parts several endpoints share, into an {@link Input} that collects problems. */
final class Parse {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private Parse() {}

    /** Cart lines as sent; quantities are the cart validator's to judge, with every other cart problem. */
    static Cart cart(Input in, List<Requests.Line> lines) {
        if (lines == null) {
            in.problem("lines", "is required", ErrorCode.INVALID_ARGUMENT);
            return null;
        }
        List<CartLine> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Requests.Line line = lines.get(i);
            String at = "lines[" + i + "]";
            if (line == null) {
                in.problem(at, "must not be null", ErrorCode.INVALID_ARGUMENT);
                continue;
            }
            SkuId sku = in.required(at + ".sku", line.sku(), SkuId::of);
            Integer quantity = in.required(at + ".quantity", line.quantity(), q -> q);
            if (sku != null && quantity != null) {
                out.add(new CartLine(sku, quantity));
            }
        }
        return new Cart(out);
    }

    static GeoPoint location(Input in, Requests.Location location) {
        if (location == null) {
            return null;
        }
        Double lat = in.required("location.latitude", location.latitude(), d -> d);
        Double lon = in.required("location.longitude", location.longitude(), d -> d);
        if (lat == null || lon == null) {
            return null;
        }
        return in.optional("location", location, l -> new GeoPoint(lat, lon));
    }

    /** A page size: {@value #DEFAULT_LIMIT} when absent, at most {@value #MAX_LIMIT}. */
    static int limit(Input in, String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        Integer limit = in.optional("limit", raw, s -> {
            try {
                int n = Integer.parseInt(s.trim());
                if (n >= 1 && n <= MAX_LIMIT) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT, "limit", "must be a whole number within 1.." + MAX_LIMIT);
        });
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    /** An ISO-8601 instant, in UTC ({@code 2026-11-26T04:30:00Z}) or with an offset ({@code ...+05:30}). */
    static Instant instant(Input in, String field, String raw, boolean required) {
        java.util.function.Function<String, Instant> parse = s -> {
            String text = s.trim();
            try {
                return Instant.parse(text);
            } catch (DateTimeException utcOnly) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeException e) {
                    throw OmsException.invalid(
                            ErrorCode.INVALID_ARGUMENT,
                            field,
                            "must be an ISO-8601 instant such as 2026-11-26T04:30:00Z, was '" + cut(s) + "'");
                }
            }
        };
        return required ? in.required(field, raw, parse) : in.optional(field, raw, parse);
    }

    /** An ISO-8601 local date ({@code 2026-11-26}). */
    static LocalDate date(Input in, String field, String raw, boolean required) {
        java.util.function.Function<String, LocalDate> parse = s -> {
            try {
                return LocalDate.parse(s.trim());
            } catch (DateTimeException e) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT, field, "must be a date such as 2026-11-26, was '" + cut(s) + "'");
            }
        };
        return required ? in.required(field, raw, parse) : in.optional(field, raw, parse);
    }

    /** An ISO-8601 duration ({@code P2D}, {@code PT12H}), zero or more. */
    static Duration duration(Input in, String field, String raw) {
        return in.optional(field, raw, s -> {
            Duration d;
            try {
                d = Duration.parse(s.trim());
            } catch (DateTimeException e) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        field,
                        "must be an ISO-8601 duration such as P2D or PT12H, was '" + cut(s) + "'");
            }
            if (d.isNegative()) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, field, "must not be negative, was " + d);
            }
            return d;
        });
    }

    /** A whole number of days within {@code 0..max}. */
    static Integer days(Input in, String field, String raw, int max) {
        return in.required(field, raw, s -> {
            try {
                int n = Integer.parseInt(s.trim());
                if (n >= 0 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT, field, "must be a whole number of days within 0.." + max);
        });
    }

    private static String cut(String s) {
        return s.length() <= 30 ? s : s.substring(0, 30) + "...";
    }

    /**
     * Any number of an enum's names, case-insensitively ({@code type=SOLD&type=RETURNED} or
     * {@code type=SOLD,RETURNED}); empty when none is given.
     */
    static <E extends Enum<E>> java.util.Set<E> allOf(Input in, String field, List<String> raw, Class<E> type) {
        java.util.Set<E> out = java.util.EnumSet.noneOf(type);
        if (raw != null) {
            for (String s : raw) {
                E value = oneOf(in, field, s, type, true);
                if (value != null) {
                    out.add(value);
                }
            }
        }
        return out;
    }

    /** One of an enum's names, case-insensitively. */
    static <E extends Enum<E>> E oneOf(Input in, String field, String raw, Class<E> type, boolean required) {
        java.util.function.Function<String, E> parse = s -> {
            try {
                return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        field,
                        "must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", was '" + cut(s)
                                + "'");
            }
        };
        return required ? in.required(field, raw, parse) : in.optional(field, raw, parse);
    }
}
