package io.qcommerce.oms.store;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;

/** A WGS84 coordinate in degrees. */
public record GeoPoint(double latitude, double longitude) {
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;

    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "latitude", "must be within [-90, 90]");
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "longitude", "must be within [-180, 180]");
        }
    }

    /** Great-circle distance by the haversine formula; good to a few metres at city scale. */
    public double metersTo(GeoPoint other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(latitude))
                        * Math.cos(Math.toRadians(other.latitude))
                        * Math.sin(dLon / 2)
                        * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
