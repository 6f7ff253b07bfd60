package io.qcommerce.oms.common;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.util.Currency;

/**
 * An amount in integral minor units (paise for INR) with its currency. Never a floating point number:
 * sums are exact and overflow is an error, not a wrap.
 *
 * @param minor    the amount in minor units; may be negative for differences
 * @param currency the ISO 4217 currency
 */
public record Money(long minor, Currency currency) implements Comparable<Money> {
    public static final Currency INR = Currency.getInstance("INR");

    public Money {
        if (currency == null) {
            throw OmsException.invalid(ErrorCode.INVALID_AMOUNT, "currency", "must not be null");
        }
    }

    public static Money of(long minor, Currency currency) {
        return new Money(minor, currency);
    }

    /** Paise in Indian rupees: {@code Money.inr(4500)} is ₹45.00. */
    public static Money inr(long paise) {
        return new Money(paise, INR);
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        sameCurrency(other);
        try {
            return new Money(Math.addExact(minor, other.minor), currency);
        } catch (ArithmeticException e) {
            throw OmsException.invalid(ErrorCode.INVALID_AMOUNT, "amount", "sum overflows: " + this + " + " + other);
        }
    }

    public Money minus(Money other) {
        sameCurrency(other);
        try {
            return new Money(Math.subtractExact(minor, other.minor), currency);
        } catch (ArithmeticException e) {
            throw OmsException.invalid(ErrorCode.INVALID_AMOUNT, "amount", "difference overflows");
        }
    }

    public Money times(long factor) {
        try {
            return new Money(Math.multiplyExact(minor, factor), currency);
        } catch (ArithmeticException e) {
            throw OmsException.invalid(ErrorCode.INVALID_AMOUNT, "amount", this + " x " + factor + " overflows");
        }
    }

    public boolean isNegative() {
        return minor < 0;
    }

    public boolean isGreaterThan(Money other) {
        sameCurrency(other);
        return minor > other.minor;
    }

    @Override
    public int compareTo(Money other) {
        sameCurrency(other);
        return Long.compare(minor, other.minor);
    }

    private void sameCurrency(Money other) {
        if (other == null) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "amount", "must not be null");
        }
        if (!currency.equals(other.currency)) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_AMOUNT, "currency", "cannot combine " + currency + " with " + other.currency);
        }
    }

    /** For logs and messages: {@code INR 45.00}. */
    @Override
    public String toString() {
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        if (digits == 0) {
            return currency.getCurrencyCode() + " " + minor;
        }
        long scale = (long) Math.pow(10, digits);
        long whole = Math.abs(minor) / scale;
        long frac = Math.abs(minor) % scale;
        return currency.getCurrencyCode() + " " + (minor < 0 ? "-" : "") + whole + "."
                + String.format("%0" + digits + "d", frac);
    }
}
