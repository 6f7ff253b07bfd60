package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.config.LowStockThresholds;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.qcommerce.oms.examples.plainmain.MorningSimulation.BENGALURU;
import static io.qcommerce.oms.examples.plainmain.MorningSimulation.DAY;

/**
 * The sample city, made in code: four dark stores in Bengaluru (Whitefield closed for a refit), 31 SKUs, the
 * pincodes shoppers live in, the opening stock (milk, curd, bread and paneer in dated batches), the truck's
 * drops, the day's delivery slots and the managers' low-stock thresholds. Koramangala is kept short on purpose
 * so that its shoppers fall back to HSR Layout; mangoes are scarce everywhere.
 */
final class City {
    /** A SKU, how often shoppers pick it (0: never by choice), and the catalog's low-stock threshold. */
    record Product(Sku sku, int demand, long lowStockAt) {
        SkuId id() {
            return sku.id();
        }
    }

    /** Units the truck drops at a time of day under a receipt note; {@code batch} null for a loose SKU. */
    record Delivery(LocalTime at, StoreId store, SkuId sku, long units, MovementId grn, Batch batch) {
    }

    static final StoreId KORAMANGALA = StoreId.of("BLR-KOR-01");
    static final StoreId INDIRANAGAR = StoreId.of("BLR-IND-01");
    static final StoreId HSR = StoreId.of("BLR-HSR-01");
    static final StoreId WHITEFIELD = StoreId.of("BLR-WHF-01");
    static final SkuId MILK = SkuId.of("AMUL-TAAZA-500ML");
    static final SkuId MANGO = SkuId.of("ALPHONSO-MANGO-1KG");

    // sku, name, mrp and price in paise, max per order, demand, low-stock at, min shelf life in hours (batched if > 0)
    private static final String CATALOG = """
            AMUL-TAAZA-500ML|Amul Taaza Toned Milk 500 ml|2800|2800|6|10|12|24
            AMUL-GOLD-1L|Amul Gold Full Cream Milk 1 L|6800|6800|4|6|8|24
            NANDINI-CURD-500G|Nandini Curd 500 g|3000|2900|4|6|8|48
            AMUL-BUTTER-100G|Amul Butter 100 g|6000|5800|3|4|5|0
            MODERN-BREAD-400G|Modern White Bread 400 g|4500|4200|3|7|8|24
            ID-DOSA-BATTER-1KG|iD Idly & Dosa Batter 1 kg|9500|8900|2|5|5|0
            EGGS-WHITE-6|Farm Fresh White Eggs 6 pcs|5400|4900|4|6|8|0
            BANANA-ROBUSTA-6|Robusta Banana 6 pcs|4800|3900|3|5|5|0
            ONION-1KG|Onion 1 kg|4500|3900|3|6|8|0
            TOMATO-HYBRID-500G|Hybrid Tomato 500 g|3000|2400|3|6|8|0
            POTATO-1KG|Potato 1 kg|4000|3500|3|4|5|0
            CORIANDER-BUNCH|Coriander Leaves 1 bunch|1500|1000|2|4|5|0
            GREEN-CHILLI-100G|Green Chilli 100 g|1200|900|2|3|3|0
            TATA-SALT-1KG|Tata Salt Iodised 1 kg|2800|2800|2|2|3|0
            AASHIRVAAD-ATTA-5KG|Aashirvaad Shudh Chakki Atta 5 kg|29500|26900|2|2|3|0
            INDIA-GATE-BASMATI-1KG|India Gate Classic Basmati Rice 1 kg|22000|19900|2|2|3|0
            TOOR-DAL-1KG|Tata Sampann Toor Dal 1 kg|21500|18900|2|2|3|0
            FORTUNE-SUNFLOWER-1L|Fortune Sunlite Sunflower Oil 1 L|19000|16500|2|2|3|0
            MAGGI-MASALA-4PK|Maggi 2-Minute Masala Noodles 4 x 70 g|5600|5400|5|4|5|0
            PARLE-G-800G|Parle-G Gluco Biscuits 800 g|10000|9500|3|3|3|0
            TATA-TEA-GOLD-500G|Tata Tea Gold 500 g|32500|29000|2|2|3|0
            BRU-INSTANT-100G|Bru Instant Coffee 100 g|29000|27500|2|2|3|0
            HALDIRAM-BHUJIA-400G|Haldiram's Aloo Bhujia 400 g|11000|9900|3|3|3|0
            MTR-RAVA-IDLI-500G|MTR Rava Idli Mix 500 g|12500|11500|2|1|2|0
            AMUL-PANEER-200G|Amul Malai Paneer 200 g|9500|9000|3|3|5|72
            THUMS-UP-750ML|Thums Up 750 ml|4000|4000|4|3|3|0
            SURF-EXCEL-1KG|Surf Excel Easy Wash Detergent 1 kg|14500|12900|2|1|2|0
            VIM-BAR-300G|Vim Dishwash Bar 300 g|3000|2800|3|2|3|0
            ALPHONSO-MANGO-1KG|Ratnagiri Alphonso Mango 1 kg|89900|79900|2|3|2|0
            AMUL-KOOL-200ML|Amul Kool Kesar Milk 200 ml (off season)|2500|2500|6|-1|0|0
            PATANJALI-GHEE-1L|Patanjali Cow Ghee 1 L (batch recalled)|67500|64900|2|-1|0|0
            """;

    final List<Product> products = new ArrayList<>();
    final Map<SkuId, Product> byId = new LinkedHashMap<>();
    final List<Store> stores = List.of(
            store(KORAMANGALA, "Koramangala 5th Block", 0, true, "560034", "560095", "560047", "560071"),
            store(INDIRANAGAR, "Indiranagar 100 Feet Road", 0, true, "560038", "560008", "560071"),
            store(HSR, "HSR Layout Sector 2", 1, true, "560102", "560068", "560034", "560047"),
            store(WHITEFIELD, "Whitefield ITPL Road", 0, false, "560066", "560048"));
    /** Where shoppers live, and how many (relative): 560066 only the closed Whitefield serves, 560001 none. */
    final List<Pincode> pincodes = Stream.of("560034", "560095", "560047", "560038", "560008", "560071", "560102",
            "560068", "560066", "560001").map(Pincode::of).toList();
    final int[] pincodeWeights = {22, 8, 8, 16, 8, 10, 14, 6, 3, 2};
    final List<Delivery> deliveries = new ArrayList<>();
    final List<DeliverySlot> slots = new ArrayList<>();

    City() {
        CATALOG.lines().forEach(line -> {
            String[] f = line.split("\\|");
            int demand = Integer.parseInt(f[5]);
            Sku sku = Sku.builder(SkuId.of(f[0]), f[1]).mrp(Money.inr(Long.parseLong(f[2])))
                    .sellingPrice(Money.inr(Long.parseLong(f[3]))).active(demand >= 0)
                    .maxPerOrder(Integer.parseInt(f[4])).minShelfLife(Duration.ofHours(Long.parseLong(f[7]))).build();
            Product p = new Product(sku, Math.max(demand, 0), Long.parseLong(f[6]));
            products.add(p);
            byId.put(p.id(), p);
        });
        // The truck at 09:00: fresh milk in a new batch and loose eggs for each open store; at 09:30 mangoes for HSR.
        int n = 0;
        for (StoreId s : List.of(KORAMANGALA, INDIRANAGAR, HSR)) {
            String grn = "GRN-" + s.value().substring(4, 7) + "-0900-";
            deliveries.add(new Delivery(LocalTime.of(9, 0), s, MILK, 40 + 10 * n++, MovementId.of(grn + "01"),
                    batch(s, MILK, "0603", 3, 6)));
            deliveries.add(new Delivery(LocalTime.of(9, 0), s, SkuId.of("EGGS-WHITE-6"), 24, MovementId.of(grn + "02"),
                    null));
        }
        deliveries.add(new Delivery(LocalTime.of(9, 30), HSR, MANGO, 4, MovementId.of("GRN-HSR-0930-01"), null));
        // Hour-long windows (start hour, capacity), cut-off half an hour before; HSR's last is a lunch slot.
        slots(KORAMANGALA, 8, 4, 9, 6, 10, 6, 11, 8);
        slots.add(DeliverySlot.of(SlotId.of("KOR-0930-X"), KORAMANGALA, DAY, at(9, 30), at(10, 0), SlotType.EXPRESS,
                2, at(9, 15)));
        slots(INDIRANAGAR, 8, 4, 9, 6, 10, 6, 11, 8);
        slots(HSR, 8, 3, 9, 4, 10, 4, 12, 10);
        slots(WHITEFIELD, 9, 6);
    }

    Product product(SkuId id) {
        return byId.get(id);
    }

    List<SkuId> skuIds() {
        return List.copyOf(byId.keySet());
    }

    List<StoreId> storeIds() {
        return stores.stream().map(Store::id).toList();
    }

    /** The catalog's thresholds, for {@code OmsConfig.builder().lowStock(...)}. */
    LowStockThresholds lowStockThresholds() {
        LowStockThresholds.Builder b = LowStockThresholds.builder();
        products.stream().filter(p -> p.lowStockAt() > 0).forEach(p -> b.sku(p.id(), p.lowStockAt()));
        return b.build();
    }

    /**
     * Loads the city into a fresh library at 07:00 of {@link MorningSimulation#DAY}: catalog, stores, managers'
     * thresholds, opening stock (one movement id per store and SKU or batch, so a second install counts nothing
     * twice) and slots. Loose stock is the SKU's demand times the store's size; Whitefield has 30 of everything.
     */
    void install(Oms oms) {
        products.forEach(p -> oms.catalog().save(p.sku()));
        stores.forEach(s -> oms.stores().create(s));
        oms.inventory().setStoreDefaultThreshold(KORAMANGALA, 10);
        oms.inventory().setThreshold(KORAMANGALA, MILK, 20);
        oms.inventory().setThreshold(KORAMANGALA, MANGO, 1);
        oms.inventory().setThreshold(INDIRANAGAR, MILK, 15);
        oms.inventory().setThreshold(INDIRANAGAR, SkuId.of("EGGS-WHITE-6"), 12);
        oms.inventory().setStoreDefaultThreshold(HSR, 4);
        oms.inventory().setThreshold(HSR, MANGO, 0);
        Map<StoreId, Integer> size = Map.of(KORAMANGALA, 11, INDIRANAGAR, 16, HSR, 14);
        for (Store s : stores) {
            for (Product p : products) {
                long units = s.id().equals(WHITEFIELD) ? 30 : p.id().equals(MANGO) ? 2 : p.demand() == 0 ? 12
                        : (long) p.demand() * size.getOrDefault(s.id(), 0);
                if (p.sku().minShelfLife().isZero()) {
                    receive(oms, s.id(), p.id(), units, null);
                } else {
                    // An old batch (good until 09:00 tomorrow: too close for a 24 h shelf life soon after opening),
                    // a fresh one, and for bread one that expires at 10:00 today: written off at 10:30.
                    receive(oms, s.id(), p.id(), units / 3, batch(s.id(), p.id(), "0601", 1, 9));
                    receive(oms, s.id(), p.id(), units, batch(s.id(), p.id(), "0602", 2, 20));
                    if (p.id().value().startsWith("MODERN-BREAD")) {
                        receive(oms, s.id(), p.id(), 10, batch(s.id(), p.id(), "0530", 0, 10));
                    }
                }
            }
        }
        slots.forEach(slot -> oms.slots().create(slot));
    }

    private static void receive(Oms oms, StoreId store, SkuId sku, long units, Batch batch) {
        String id = "open-" + store.value() + "-" + (batch == null ? sku.value() : batch.code().value());
        oms.inventory().apply(StockChange.receive(store, sku, units).batch(batch).id(MovementId.of(id)).build());
    }

    /** A batch code like {@code KOR-AMUL-TAAZA-500ML-0602}, expiring {@code days} after the day at {@code hour}. */
    private static Batch batch(StoreId store, SkuId sku, String made, int days, int hour) {
        return new Batch(BatchCode.of(store.value().substring(4, 7) + "-" + sku.value() + "-" + made),
                DAY.plusDays(days).atTime(hour, 0).atZone(BENGALURU).toInstant());
    }

    private void slots(StoreId store, int... hourAndCapacity) {
        for (int i = 0; i < hourAndCapacity.length; i += 2) {
            Instant start = at(hourAndCapacity[i], 0);
            slots.add(DeliverySlot.of(SlotId.of(store.value().substring(4, 7) + String.format("-%02d00",
                    hourAndCapacity[i])), store, DAY, start, start.plus(Duration.ofHours(1)), SlotType.NORMAL,
                    hourAndCapacity[i + 1], start.minus(Duration.ofMinutes(30))));
        }
    }

    private static Instant at(int hour, int minute) {
        return DAY.atTime(hour, minute).atZone(BENGALURU).toInstant();
    }

    private static Store store(StoreId id, String name, int priority, boolean active, String... pins) {
        return new Store(id, name, Stream.of(pins).map(Pincode::of).collect(Collectors.toCollection(
                LinkedHashSet::new)), priority, active, null, 0);
    }
}
