package io.qcommerce.oms.mongo;

import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Store} as one document:
 * <pre>
 * { _id: "BLR-1", name, pincodes: ["560001", …], priority: int32, active: bool,
 *   location: { type: "Point", coordinates: [longitude, latitude] },   // only when known
 *   deliveryRadiusMeters: int32 }
 * </pre>
 * The location is a GeoJSON point, so a host may add a {@code 2dsphere} index for queries of its own; the adapter
 * creates none because no query of the core needs one (distance ordering is done by the core on the stores of a
 * pincode). A missing location reads as unknown, a missing radius as 0.
 */
final class StoreMapping {
    static final String ID = "_id";
    static final String NAME = "name";
    static final String PINCODES = "pincodes";
    static final String PRIORITY = "priority";
    static final String ACTIVE = "active";
    static final String LOCATION = "location";
    static final String DELIVERY_RADIUS_METERS = "deliveryRadiusMeters";

    private static final String GEO_TYPE = "type";
    private static final String GEO_POINT = "Point";
    private static final String GEO_COORDINATES = "coordinates";

    private StoreMapping() {}

    static Document toDocument(Store store) {
        List<String> pincodes = new ArrayList<>(store.pincodes().size());
        for (Pincode p : store.pincodes()) {
            pincodes.add(p.value());
        }
        Document document = new Document(ID, store.id().value())
                .append(NAME, store.name())
                .append(PINCODES, pincodes)
                .append(PRIORITY, store.priority())
                .append(ACTIVE, store.active());
        if (store.location() != null) {
            document.append(
                    LOCATION,
                    new Document(GEO_TYPE, GEO_POINT)
                            .append(
                                    GEO_COORDINATES,
                                    List.of(
                                            store.location().longitude(),
                                            store.location().latitude())));
        }
        return document.append(DELIVERY_RADIUS_METERS, store.deliveryRadiusMeters());
    }

    /**
     * The update that makes the stored store equal to {@code document}: its fields set, a location it has not
     * removed, and fields it does not name kept.
     */
    static Document toUpsert(Document document) {
        Document fields = new Document(document);
        fields.remove(ID);
        Document update = new Document("$set", fields);
        if (!fields.containsKey(LOCATION)) {
            update.append("$unset", new Document(LOCATION, ""));
        }
        return update;
    }

    static Store fromDocument(Document document, String collection) {
        DocumentReader d = DocumentReader.of(document, collection);
        try {
            Set<Pincode> pincodes = new HashSet<>();
            for (String p : d.strings(PINCODES)) {
                pincodes.add(Pincode.of(p));
            }
            return new Store(
                    StoreId.of(d.string(ID)),
                    d.string(NAME),
                    pincodes,
                    d.intValue(PRIORITY),
                    d.bool(ACTIVE),
                    location(d.optionalChild(LOCATION)),
                    d.intValue(DELIVERY_RADIUS_METERS, 0));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }

    private static @Nullable GeoPoint location(@Nullable DocumentReader geo) {
        if (geo == null) {
            return null;
        }
        String type = geo.string(GEO_TYPE);
        if (!GEO_POINT.equals(type)) {
            throw geo.problem(GEO_TYPE, "must be 'Point', was '" + type + "'", null);
        }
        List<?> coordinates = geo.array(GEO_COORDINATES);
        if (coordinates.size() != 2) {
            throw geo.problem(
                    GEO_COORDINATES, "must hold [longitude, latitude], had " + coordinates.size() + " values", null);
        }
        double longitude = geo.doubleValue(coordinates.get(0), GEO_COORDINATES + ".0");
        double latitude = geo.doubleValue(coordinates.get(1), GEO_COORDINATES + ".1");
        return new GeoPoint(latitude, longitude);
    }
}
