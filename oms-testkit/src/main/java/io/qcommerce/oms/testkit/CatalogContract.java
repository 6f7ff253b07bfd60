package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.catalog.CatalogQuery;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.spi.Catalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Catalog} adapter must pass. Extend it and return a catalog from
 * {@link #createCatalog()}.
 *
 * <p>What a passing adapter guarantees: {@code findAll} answers, in one call, every known SKU among the
 * ids asked (active or not) and leaves unknown ids out; a SKU reads back equal to what was saved; saving a
 * SKU with an existing id replaces it; bad arguments are a typed error. SKU ids carry a random suffix per
 * test, so the suite may share a server with other tests.
 */
public abstract class CatalogContract {
    /** The catalog under test, fresh from {@link #createCatalog()} for each test. */
    protected Catalog catalog;

    private String suffix;

    /** A catalog to test (called once per test); it may hold SKUs of earlier tests. */
    protected abstract Catalog createCatalog();

    @BeforeEach
    protected final void setUpCatalogContract() {
        catalog = createCatalog();
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    @Test
    void findAllAnswersOnlyTheKnownIdsWithTheirSkus() {
        Sku milk = sku("milk", 3200, 3400);
        Sku bread = sku("bread", 4500, 5000);
        catalog.save(milk);
        catalog.save(bread);

        Map<SkuId, Sku> found = catalog.findAll(List.of(milk.id(), id("unknown"), bread.id()));

        assertThat(found).containsOnly(Map.entry(milk.id(), milk), Map.entry(bread.id(), bread));
    }

    @Test
    void findAllOfNoIdsIsEmpty() {
        assertThat(catalog.findAll(List.of())).isEmpty();
        assertThat(catalog.findAll(List.of(id("unknown")))).isEmpty();
    }

    @Test
    void findAllAnswersABigBatchInOneCall() {
        Map<SkuId, Sku> saved = new HashMap<>();
        List<SkuId> asked = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Sku sku = sku("item" + i, 1000 + i, 2000 + i);
            catalog.save(sku);
            saved.put(sku.id(), sku);
            asked.add(sku.id());
            if (i % 6 == 0) {
                asked.add(id("missing" + i));
            }
        }

        assertThat(catalog.findAll(asked)).isEqualTo(saved);
    }

    @Test
    void findAllAnswersARepeatedIdOnce() {
        Sku milk = sku("milk", 3200, 3400);
        catalog.save(milk);

        assertThat(catalog.findAll(List.of(milk.id(), milk.id()))).containsOnly(Map.entry(milk.id(), milk));
    }

    @Test
    void inactiveSkusAreFoundToo() {
        Sku retired = sku("retired", 3200, 3400).withActive(false);
        catalog.save(retired);

        assertThat(catalog.find(retired.id())).contains(retired);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(catalog.find(id("unknown"))).isEmpty();
    }

    @Test
    void saveReplacesTheSkuWithTheSameId() {
        Sku milk = sku("milk", 3200, 3400);
        catalog.save(milk);
        Sku cheaper = Sku.builder(milk.id(), "Toned milk 1 L")
                .mrp(Money.inr(3500))
                .sellingPrice(Money.inr(2900))
                .active(false)
                .maxPerOrder(2)
                .build();

        catalog.save(cheaper);

        assertThat(catalog.find(milk.id())).contains(cheaper);
        assertThat(catalog.findAll(List.of(milk.id()))).containsOnly(Map.entry(milk.id(), cheaper));
    }

    @Test
    void everyFieldReadsBackAsSaved() {
        Sku unicode = Sku.builder(id("dahi"), "Amul मस्ती दही 400 g — “thick”")
                .mrp(Money.inr(3500))
                .sellingPrice(Money.inr(3500))
                .maxPerOrder(1)
                .build();
        Sku dollars = Sku.builder(id("usd"), "Imported cereal")
                .mrp(Money.of(1999, Currency.getInstance("USD")))
                .sellingPrice(Money.of(1499, Currency.getInstance("USD")))
                .active(false)
                .maxPerOrder(99)
                .build();
        Sku big = Sku.builder(id("tv"), "Television")
                .mrp(Money.inr(9_999_999_900L))
                .sellingPrice(Money.inr(8_999_999_900L))
                .maxPerOrder(Integer.MAX_VALUE)
                .build();
        for (Sku s : List.of(unicode, dollars, big)) {
            catalog.save(s);
        }

        assertThat(catalog.findAll(List.of(unicode.id(), dollars.id(), big.id())))
                .containsOnly(
                        Map.entry(unicode.id(), unicode), Map.entry(dollars.id(), dollars), Map.entry(big.id(), big));
    }

    /** Every page of {@code query}, {@code query.limit()} at a time, each starting after the last of the one before. */
    private List<Sku> allPages(CatalogQuery query) {
        List<Sku> seen = new ArrayList<>();
        CatalogQuery next = query;
        for (int n = 0; n < 10_000; n++) {
            List<Sku> page = catalog.list(next);
            assertThat(page).isSortedAccordingTo(java.util.Comparator.comparing(Sku::id));
            seen.addAll(page);
            if (page.size() < query.limit()) {
                return seen;
            }
            next = next.after(page.get(page.size() - 1).id());
        }
        throw new AssertionError("more than 10,000 pages");
    }

    @Test
    void listingsPageByIdThroughTheCatalogACategoryAndABrand() {
        String dairy = "Dairy " + suffix;
        String bakery = "Bakery " + suffix;
        String amul = "Amul " + suffix;
        List<Sku> ours = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ours.add(sku("milk" + i, 3200, 3400).withListing(dairy, i % 2 == 0 ? amul : ""));
        }
        for (int i = 0; i < 3; i++) {
            ours.add(sku("bread" + i, 4500, 5000).withListing(bakery, "").withActive(false));
        }
        ours.add(sku("plain", 100, 100));
        ours.forEach(catalog::save);
        java.util.Comparator<Sku> byId = java.util.Comparator.comparing(Sku::id);

        List<Sku> everything = allPages(CatalogQuery.all(3));
        List<Sku> inDairy = allPages(CatalogQuery.all(2).category(dairy));
        List<Sku> ofAmul = allPages(CatalogQuery.all(2).brand(amul));
        List<Sku> amulDairy = allPages(CatalogQuery.all(1).category(dairy).brand(amul));

        assertThat(everything)
                .filteredOn(ours::contains)
                .containsExactlyElementsOf(ours.stream().sorted(byId).toList());
        assertThat(everything).extracting(Sku::id).doesNotHaveDuplicates();
        assertThat(inDairy)
                .containsExactlyElementsOf(ours.stream()
                        .filter(s -> s.category().equals(dairy))
                        .sorted(byId)
                        .toList());
        assertThat(ofAmul)
                .containsExactlyElementsOf(ours.stream()
                        .filter(s -> s.brand().equals(amul))
                        .sorted(byId)
                        .toList());
        assertThat(amulDairy).isEqualTo(ofAmul).hasSize(4);
        assertThat(catalog.list(CatalogQuery.all(10).category(bakery)))
                .as("inactive SKUs are listed too")
                .hasSize(3);
        assertThat(catalog.list(CatalogQuery.all(10).category("Nothing " + suffix)))
                .isEmpty();
    }

    @Test
    void aListedSkusCategoryAndBrandReadBackAndChange() {
        Sku milk = Sku.builder(id("milk"), "Milk 1 L")
                .mrp(Money.inr(6800))
                .sellingPrice(Money.inr(6500))
                .category("Dairy " + suffix)
                .brand("Amul " + suffix)
                .build();
        catalog.save(milk);
        assertThat(catalog.find(milk.id())).contains(milk);

        Sku unlisted = milk.withListing("", "");
        catalog.save(unlisted);

        assertThat(catalog.find(milk.id())).contains(unlisted);
        assertThat(catalog.list(CatalogQuery.all(10).category("Dairy " + suffix)))
                .isEmpty();
        assertThat(catalog.list(CatalogQuery.all(10).brand("Amul " + suffix))).isEmpty();
    }

    @Test
    void aCatalogQueryRefusesEveryBadSettingAtOnce() {
        Throwable thrown = catchThrowable(() -> new CatalogQuery(" ", "", null, 0));

        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(((OmsException) thrown).violations()).hasSize(3);
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose: the port must refuse it with a typed error
    void badArgumentsAreRefusedWithInvalidArgument() {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("findAll(null)", () -> catalog.findAll(null));
        calls.put("findAll([id, null])", () -> catalog.findAll(Arrays.asList(id("a"), null)));
        calls.put("save(null)", () -> catalog.save(null));
        calls.put("list(null)", () -> catalog.list(null));

        calls.forEach((name, call) -> {
            Throwable thrown = catchThrowable(call);
            assertThat(thrown).as(name).isInstanceOf(OmsException.class);
            assertThat(((OmsException) thrown).code()).as(name).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        });
    }

    /** A SKU id of this test. */
    protected SkuId id(String stem) {
        return SkuId.of(stem + "-" + suffix);
    }

    /** An active SKU of this test, at most 5 per order, prices in paise. */
    protected Sku sku(String stem, long pricePaise, long mrpPaise) {
        return Sku.builder(id(stem), "Item " + stem)
                .mrp(Money.inr(mrpPaise))
                .sellingPrice(Money.inr(pricePaise))
                .maxPerOrder(5)
                .build();
    }
}
