package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.config.LowStockThresholds;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The city the simulation runs in, read from the CSV files shipped under {@code /dark-store/}: the
 * catalog, the stores, their opening stock (loose units, and batches with an expiry for milk, curd, bread
 * and paneer), the pincodes shoppers live in, the supply truck's drops, the stores' delivery slots of
 * the day, and the low-stock thresholds the store managers set. Immutable once loaded. A malformed row
 * stops the load with its file and line number, before anything reaches the library.
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

    /**
     * Units the supply truck drops into a store at a time of day, under a goods-receipt note number.
     *
     * @param batch the batch the units belong to, or {@code null} for a SKU kept without batches
     */
    public record Delivery(LocalTime at, StoreId store, SkuId sku, long units, MovementId grn, Batch batch) {
    }

    /** A batch on the shelf at opening. */
    public record OpeningBatch(StoreId store, SkuId sku, Batch batch, long units) {
    }

    /**
     * A low-stock threshold a store manager sets at opening.
     *
     * @param sku the SKU, or {@code null} for the store's default (for SKUs without a threshold of their own)
     */
    public record Threshold(StoreId store, SkuId sku, long units) {
        public boolean isStoreDefault() {
            return sku == null;
        }
    }

    private final List<Product> products;
    private final Map<SkuId, Product> productsById;
    private final List<Store> stores;
    private final Map<StoreId, Map<SkuId, Long>> openingStock;
    private final List<Area> areas;
    private final List<Delivery> deliveries;
    private final List<OpeningBatch> openingBatches;
    private final List<DeliverySlot> slots;
    private final List<Threshold> thresholds;

    private SampleData(List<Product> products, List<Store> stores, Map<StoreId, Map<SkuId, Long>> openingStock,
                       List<Area> areas, List<Delivery> deliveries, List<OpeningBatch> openingBatches,
                       List<DeliverySlot> slots, List<Threshold> thresholds) {
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
        this.openingBatches = List.copyOf(openingBatches);
        this.slots = List.copyOf(slots);
        this.thresholds = List.copyOf(thresholds);
    }

    /** The data shipped with the example. */
    public static SampleData bengaluru() {
        return load("/dark-store/");
    }

    /**
     * Reads {@code catalog.csv}, {@code stores.csv}, {@code stock.csv}, {@code batches.csv}, {@code pincodes.csv},
     * {@code deliveries.csv}, {@code slots.csv} and {@code thresholds.csv}. Times of day and expiries are local to
     * {@link MorningSimulation#BENGALURU}; slots are on {@link MorningSimulation#DAY}.
     */
    public static SampleData load(String classpathDir) {
        List<Product> products = new ArrayList<>();
        Set<SkuId> skuIds = new LinkedHashSet<>();
        for (Row r : read(classpathDir + "catalog.csv", "sku", "name", "mrp_paise", "price_paise", "active",
                "max_per_order", "demand_weight", "low_stock_at", "min_shelf_life_h")) {
            Sku sku = r.parse(() -> new Sku(SkuId.of(r.get(0)), r.get(1), Money.inr(r.longAt(2)), Money.inr(r.longAt(3)),
                    r.bool(4), (int) r.longAt(5), Duration.ofHours(r.longAt(8))));
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

        // Batches: a (store, SKU) kept in batches has no loose units, so every unit of it has an expiry.
        List<OpeningBatch> batches = new ArrayList<>();
        Set<String> batchKeys = new LinkedHashSet<>();
        Set<SkuId> batchedSkus = new LinkedHashSet<>();
        for (Row r : read(classpathDir + "batches.csv", "store", "sku", "batch", "expires_at", "units")) {
            OpeningBatch b = r.parse(() -> new OpeningBatch(StoreId.of(r.get(0)), SkuId.of(r.get(1)),
                    new Batch(BatchCode.of(r.get(2)), local(r.get(3))), r.longAt(4)));
            if (!storeIds.contains(b.store()) || !skuIds.contains(b.sku())) {
                throw r.error("unknown store or SKU");
            }
            if (b.units() <= 0) {
                throw r.error("units must be positive");
            }
            if (stock.getOrDefault(b.store(), Map.of()).containsKey(b.sku())) {
                throw r.error(b.store() + "/" + b.sku() + " has loose units in stock.csv; a SKU is kept in batches or not");
            }
            if (!batchKeys.add(b.store() + "/" + b.sku() + "/" + b.batch().code())) {
                throw r.error("batch " + b.batch().code() + " listed twice for " + b.store() + "/" + b.sku());
            }
            batchedSkus.add(b.sku());
            batches.add(b);
        }

        List<Area> areas = new ArrayList<>();
        for (Row r : read(classpathDir + "pincodes.csv", "pincode", "area", "weight")) {
            areas.add(new Area(r.parse(() -> Pincode.of(r.get(0))), r.get(1), (int) r.longAt(2)));
        }

        List<Delivery> deliveries = new ArrayList<>();
        for (Row r : read(classpathDir + "deliveries.csv", "at", "store", "sku", "units", "grn", "batch", "expires_at")) {
            Delivery d = r.parse(() -> new Delivery(LocalTime.parse(r.get(0)), StoreId.of(r.get(1)), SkuId.of(r.get(2)),
                    r.longAt(3), MovementId.of(r.get(4)),
                    r.get(5).isEmpty() ? null : new Batch(BatchCode.of(r.get(5)), local(r.get(6)))));
            if (!storeIds.contains(d.store()) || !skuIds.contains(d.sku())) {
                throw r.error("unknown store or SKU");
            }
            if ((d.batch() != null) != batchedSkus.contains(d.sku())) {
                throw r.error(d.sku() + (d.batch() == null ? " is kept in batches: give the batch and its expiry"
                        : " is kept without batches: leave batch and expires_at empty"));
            }
            if (d.batch() != null && !batchKeys.add(d.store() + "/" + d.sku() + "/" + d.batch().code())) {
                throw r.error("batch " + d.batch().code() + " received twice for " + d.store() + "/" + d.sku());
            }
            deliveries.add(d);
        }

        List<DeliverySlot> slots = new ArrayList<>();
        Set<SlotId> slotIds = new LinkedHashSet<>();
        for (Row r : read(classpathDir + "slots.csv", "id", "store", "start", "end", "type", "capacity", "cutoff")) {
            DeliverySlot slot = r.parse(() -> DeliverySlot.of(SlotId.of(r.get(0)), StoreId.of(r.get(1)),
                    MorningSimulation.DAY, onTheDay(r.get(2)), onTheDay(r.get(3)), SlotType.valueOf(r.get(4)),
                    (int) r.longAt(5), onTheDay(r.get(6))));
            if (!storeIds.contains(slot.store())) {
                throw r.error("unknown store " + slot.store());
            }
            if (!slotIds.add(slot.id())) {
                throw r.error("slot " + slot.id() + " listed twice");
            }
            slots.add(slot);
        }

        List<Threshold> thresholds = new ArrayList<>();
        Set<String> thresholdKeys = new LinkedHashSet<>();
        for (Row r : read(classpathDir + "thresholds.csv", "store", "sku", "units")) {
            Threshold t = r.parse(() -> new Threshold(StoreId.of(r.get(0)),
                    r.get(1).equals("*") ? null : SkuId.of(r.get(1)), r.longAt(2)));
            if (!storeIds.contains(t.store())) {
                throw r.error("unknown store " + t.store());
            }
            if (t.sku() != null && !skuIds.contains(t.sku())) {
                throw r.error("unknown SKU " + t.sku());
            }
            if (t.units() < 0) {
                throw r.error("units must not be negative");
            }
            if (!thresholdKeys.add(t.store() + "/" + (t.sku() == null ? "*" : t.sku().value()))) {
                throw r.error("threshold of " + t.store() + "/" + (t.sku() == null ? "*" : t.sku()) + " listed twice");
            }
            thresholds.add(t);
        }
        return new SampleData(products, stores, stock, areas, deliveries, batches, slots, thresholds);
    }

    /** A local date and time of the simulated city, e.g. {@code 2025-06-03T08:00}. */
    private static Instant local(String text) {
        return LocalDateTime.parse(text).atZone(MorningSimulation.BENGALURU).toInstant();
    }

    /** A local time on the simulated day, e.g. {@code 08:30}. */
    private static Instant onTheDay(String text) {
        return MorningSimulation.DAY.atTime(LocalTime.parse(text)).atZone(MorningSimulation.BENGALURU).toInstant();
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

    /** Units on the shelf at opening, per store and SKU, loose and in batches; a missing pair is zero. */
    public long openingStock(StoreId store, SkuId sku) {
        long units = openingStock.getOrDefault(store, Map.of()).getOrDefault(sku, 0L);
        for (OpeningBatch b : openingBatches) {
            if (b.store().equals(store) && b.sku().equals(sku)) {
                units += b.units();
            }
        }
        return units;
    }

    /** The SKUs kept in batches (in some store), in catalog order. */
    public List<SkuId> batchedSkus() {
        Set<SkuId> batched = new LinkedHashSet<>();
        openingBatches.forEach(b -> batched.add(b.sku()));
        deliveries.stream().filter(d -> d.batch() != null).forEach(d -> batched.add(d.sku()));
        List<SkuId> out = new ArrayList<>();
        for (SkuId id : productsById.keySet()) {
            if (batched.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Every batch the data ever puts into a store (at opening and from the truck), by store, SKU and code. */
    public Map<String, Batch> knownBatches() {
        Map<String, Batch> out = new TreeMap<>();
        openingBatches.forEach(b -> out.put(batchKey(b.store(), b.sku(), b.batch().code()), b.batch()));
        deliveries.stream().filter(d -> d.batch() != null)
                .forEach(d -> out.put(batchKey(d.store(), d.sku(), d.batch().code()), d.batch()));
        return out;
    }

    /** The key of a batch in {@link #knownBatches()}: {@code store/sku/code}. */
    static String batchKey(StoreId store, SkuId sku, BatchCode code) {
        return store + "/" + sku + "/" + code;
    }

    /** The delivery slots of the day, as created at opening. */
    public List<DeliverySlot> slots() {
        return slots;
    }

    public List<Area> areas() {
        return areas;
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    /** The thresholds the store managers set at opening, in file order. */
    public List<Threshold> thresholds() {
        return thresholds;
    }

    /** The store's default threshold from {@code thresholds.csv}, if it has one. */
    public java.util.OptionalLong storeDefaultThreshold(StoreId store) {
        return thresholds.stream().filter(t -> t.store().equals(store) && t.isStoreDefault())
                .mapToLong(Threshold::units).findFirst();
    }

    /**
     * The thresholds of the catalog, for {@code OmsConfig.builder().lowStock(...)}: what a store uses for a SKU
     * when {@code thresholds.csv} sets neither the SKU's own threshold nor the store's default.
     */
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
     * Loads the city into a freshly built library: SKUs into the catalog, stores into the directory with their
     * managers' low-stock thresholds, the opening stock received under one movement id per (store, SKU) or batch,
     * so running it twice counts nothing twice, and the day's delivery slots. The batches and slots are dated: the library's clock must be at
     * the opening of {@link MorningSimulation#DAY} (a batch already expired is refused, BATCH_EXPIRED).
     */
    public void install(Oms oms) {
        products.forEach(p -> oms.catalog().save(p.sku()));
        stores.forEach(s -> oms.stores().create(s));
        for (Threshold t : thresholds) {
            if (t.isStoreDefault()) {
                oms.inventory().setStoreDefaultThreshold(t.store(), t.units());
            } else {
                oms.inventory().setThreshold(t.store(), t.sku(), t.units());
            }
        }
        openingStock.forEach((store, units) -> units.forEach((sku, n) -> {
            if (n > 0) {
                oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.receive(store, sku, n).id(MovementId.of("open-" + store.value() + "-" + sku.value())).build()).level();
            }
        }));
        for (OpeningBatch b : openingBatches) {
            oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.receive(b.store(), b.sku(), b.units()).batch(b.batch()).id(MovementId.of("open-" + b.store().value() + "-" + b.batch().code().value())).build()).level();
        }
        slots.forEach(slot -> oms.slots().create(slot));
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
