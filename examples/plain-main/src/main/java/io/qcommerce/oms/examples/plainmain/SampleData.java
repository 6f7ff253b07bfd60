package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.inventory.LowStockThresholds;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The city the simulation runs in, read from the CSV files shipped under {@code /dark-store/}: the
 * catalog, the stores, their opening stock, the pincodes shoppers live in, and the supply truck's drops.
 * Immutable once loaded. A malformed row stops the load with its file and line number, before anything
 * reaches the library.
 */
public final class SampleData {
    /** A catalog row: the SKU, how popular it is with shoppers, and where its low-stock alert sits. */
    public record Product(Sku sku, int demandWeight, long lowStockAt) {
        public SkuId id() {
            return sku.id();
        }
    }

    /** A pincode shoppers order to, and how many of them live there (relative weight). */
    public record Area(Pincode pincode, String name, int weight) {
    }

    /** Units the supply truck drops into a store at a time of day, under a goods-receipt note number. */
    public record Delivery(LocalTime at, StoreId store, SkuId sku, long units, MovementId grn) {
    }

    private final List<Product> products;
    private final Map<SkuId, Product> productsById;
    private final List<Store> stores;
    private final Map<StoreId, Map<SkuId, Long>> openingStock;
    private final List<Area> areas;
    private final List<Delivery> deliveries;

    private SampleData(List<Product> products, List<Store> stores, Map<StoreId, Map<SkuId, Long>> openingStock,
                       List<Area> areas, List<Delivery> deliveries) {
        this.products = List.copyOf(products);
        Map<SkuId, Product> byId = new LinkedHashMap<>();
        products.forEach(p -> byId.put(p.id(), p));
        this.productsById = Collections.unmodifiableMap(byId);
        this.stores = List.copyOf(stores);
        Map<StoreId, Map<SkuId, Long>> stock = new LinkedHashMap<>();
        openingStock.forEach((store, units) -> stock.put(store, Collections.unmodifiableMap(new LinkedHashMap<>(units))));
        this.openingStock = Collections.unmodifiableMap(stock);
        this.areas = List.copyOf(areas);
        this.deliveries = List.copyOf(deliveries);
    }

    /** The data shipped with the example. */
    public static SampleData bengaluru() {
        return load("/dark-store/");
    }

    /** Reads {@code catalog.csv}, {@code stores.csv}, {@code stock.csv}, {@code pincodes.csv}, {@code deliveries.csv}. */
    public static SampleData load(String classpathDir) {
        List<Product> products = new ArrayList<>();
        Set<SkuId> skuIds = new LinkedHashSet<>();
        for (Row r : read(classpathDir + "catalog.csv",
                "sku", "name", "mrp_paise", "price_paise", "active", "max_per_order", "demand_weight", "low_stock_at")) {
            Sku sku = r.parse(() -> new Sku(SkuId.of(r.get(0)), r.get(1), Money.inr(r.longAt(2)), Money.inr(r.longAt(3)),
                    r.bool(4), (int) r.longAt(5)));
            if (!skuIds.add(sku.id())) {
                throw r.error("SKU " + sku.id() + " listed twice");
            }
            products.add(new Product(sku, (int) r.longAt(6), r.longAt(7)));
        }

        List<Store> stores = new ArrayList<>();
        Set<StoreId> storeIds = new LinkedHashSet<>();
        for (Row r : read(classpathDir + "stores.csv", "id", "name", "priority", "active", "pincodes")) {
            Store store = r.parse(() -> {
                Set<Pincode> pins = new LinkedHashSet<>();
                for (String pin : r.get(4).split(";")) {
                    pins.add(Pincode.of(pin.trim()));
                }
                return new Store(StoreId.of(r.get(0)), r.get(1), pins, (int) r.longAt(2), r.bool(3), null, 0);
            });
            if (!storeIds.add(store.id())) {
                throw r.error("store " + store.id() + " listed twice");
            }
            stores.add(store);
        }

        Map<StoreId, Map<SkuId, Long>> stock = new LinkedHashMap<>();
        for (Row r : read(classpathDir + "stock.csv", "store", "sku", "units")) {
            StoreId store = r.parse(() -> StoreId.of(r.get(0)));
            SkuId sku = r.parse(() -> SkuId.of(r.get(1)));
            if (!storeIds.contains(store)) {
                throw r.error("unknown store " + store);
            }
            if (!skuIds.contains(sku)) {
                throw r.error("unknown SKU " + sku);
            }
            long units = r.longAt(2);
            if (units < 0) {
                throw r.error("units must not be negative");
            }
            if (stock.computeIfAbsent(store, s -> new LinkedHashMap<>()).put(sku, units) != null) {
                throw r.error(store + "/" + sku + " listed twice");
            }
        }

        List<Area> areas = new ArrayList<>();
        for (Row r : read(classpathDir + "pincodes.csv", "pincode", "area", "weight")) {
            areas.add(new Area(r.parse(() -> Pincode.of(r.get(0))), r.get(1), (int) r.longAt(2)));
        }

        List<Delivery> deliveries = new ArrayList<>();
        for (Row r : read(classpathDir + "deliveries.csv", "at", "store", "sku", "units", "grn")) {
            Delivery d = r.parse(() -> new Delivery(LocalTime.parse(r.get(0)), StoreId.of(r.get(1)), SkuId.of(r.get(2)),
                    r.longAt(3), MovementId.of(r.get(4))));
            if (!storeIds.contains(d.store()) || !skuIds.contains(d.sku())) {
                throw r.error("unknown store or SKU");
            }
            deliveries.add(d);
        }
        return new SampleData(products, stores, stock, areas, deliveries);
    }

    public List<Product> products() {
        return products;
    }

    public Product product(SkuId id) {
        return productsById.get(id);
    }

    public List<SkuId> skuIds() {
        return List.copyOf(productsById.keySet());
    }

    public List<Store> stores() {
        return stores;
    }

    /** Units on the shelf at opening, per store and SKU; a missing pair is zero. */
    public long openingStock(StoreId store, SkuId sku) {
        return openingStock.getOrDefault(store, Map.of()).getOrDefault(sku, 0L);
    }

    public List<Area> areas() {
        return areas;
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    /** The thresholds of the catalog, for {@code OmsConfig.builder().lowStock(...)}. */
    public LowStockThresholds lowStockThresholds() {
        LowStockThresholds.Builder b = LowStockThresholds.builder();
        for (Product p : products) {
            if (p.lowStockAt() > 0) {
                b.sku(p.id(), p.lowStockAt());
            }
        }
        return b.build();
    }

    /**
     * Loads the city into a freshly built library: SKUs into the catalog, stores into the directory, the
     * opening stock received under one movement id per (store, SKU), so running it twice counts nothing twice.
     */
    public void install(Oms oms) {
        products.forEach(p -> oms.catalog().save(p.sku()));
        stores.forEach(s -> oms.stores().create(s));
        openingStock.forEach((store, units) -> units.forEach((sku, n) -> {
            if (n > 0) {
                oms.inventory().receive(store, sku, n, MovementId.of("open-" + store.value() + "-" + sku.value()));
            }
        }));
    }

    // ---- a small CSV reader: comma-separated, '#' comments, a header row, no quoting needed by our data

    private interface Parse<T> {
        T get();
    }

    private static final class Row {
        final String file;
        final int line;
        final String[] fields;

        Row(String file, int line, String[] fields) {
            this.file = file;
            this.line = line;
            this.fields = fields;
        }

        String get(int i) {
            return fields[i];
        }

        long longAt(int i) {
            try {
                return Long.parseLong(fields[i]);
            } catch (NumberFormatException e) {
                throw error("column " + (i + 1) + " must be a whole number, was '" + fields[i] + "'");
            }
        }

        boolean bool(int i) {
            if (fields[i].equalsIgnoreCase("true")) {
                return true;
            }
            if (fields[i].equalsIgnoreCase("false")) {
                return false;
            }
            throw error("column " + (i + 1) + " must be true or false, was '" + fields[i] + "'");
        }

        /** Runs a constructor of the library and reports its validation error against this row. */
        <T> T parse(Parse<T> parse) {
            try {
                return parse.get();
            } catch (OmsException | IllegalArgumentException | java.time.DateTimeException e) {
                throw error(e.getMessage());
            }
        }

        IllegalStateException error(String message) {
            return new IllegalStateException(file + ":" + line + ": " + message);
        }
    }

    private static List<Row> read(String resource, String... header) {
        InputStream in = SampleData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean sawHeader = false;
            String text;
            int line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String[] fields = text.split(",", -1);
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = fields[i].trim();
                }
                if (!sawHeader) {
                    if (!List.of(fields).equals(List.of(header))) {
                        throw new IllegalStateException(resource + ":" + line + ": expected header "
                                + String.join(",", header) + ", found " + text);
                    }
                    sawHeader = true;
                    continue;
                }
                if (fields.length != header.length) {
                    throw new IllegalStateException(resource + ":" + line + ": expected " + header.length
                            + " columns, found " + fields.length);
                }
                rows.add(new Row(resource, line, fields));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return rows;
    }
}
