package io.qcommerce.oms.mongo;

import io.qcommerce.oms.common.Money;
import org.bson.Document;

/** How an amount is stored: {@code {minor: int64, currency: "INR"}}, minor units, never a floating point number. */
final class MoneyFields {
    static final String MINOR = "minor";
    static final String CURRENCY = "currency";

    private MoneyFields() {}

    static Document toDocument(Money money) {
        return new Document(MINOR, money.minor())
                .append(CURRENCY, money.currency().getCurrencyCode());
    }
}
