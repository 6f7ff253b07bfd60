package io.qcommerce.oms.store;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;

/** An Indian postal index number: six digits, the first 1 to 9. */
public record Pincode(String value) implements Comparable<Pincode> {
    public Pincode {
        if (value == null) {
            throw OmsException.invalid(ErrorCode.INVALID_PINCODE, "pincode", "must not be null");
        }
        boolean ok = value.length() == 6 && value.charAt(0) >= '1' && value.charAt(0) <= '9';
        for (int i = 1; ok && i < 6; i++) {
            ok = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        if (!ok) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_PINCODE,
                    "pincode",
                    "must be six digits with a first digit of 1 to 9, was '" + abbreviate(value) + "'");
        }
    }

    public static Pincode of(String value) {
        return new Pincode(value);
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    @Override
    public int compareTo(Pincode o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
