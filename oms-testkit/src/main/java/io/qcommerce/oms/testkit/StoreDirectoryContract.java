package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link StoreDirectory} adapter must pass. Extend it and return a directory from
 * {@link #createDirectory()}.
 *
 * <p>What a passing adapter guarantees: {@code servingPincode} lists exactly the active stores serving the
 * pincode, in {@link StoreDirectory#ALLOCATION_ORDER} (priority, then id); {@code find} and {@code all} see
 * every store, active or not; a store reads back equal to what was saved; saving a store with an existing
 * id replaces it (a store that stops serving a pincode or is deactivated leaves that pincode's list at
 * once); bad arguments are a typed error.
 *
 * <p>Store ids and pincodes are random per test and every answer is checked on this test's stores only
 * (plus the properties every answer must have), so the suite may share a server with other tests.
 */
public abstract class StoreDirectoryContract {
    /** The directory under test, fresh from {@link #createDirectory()} for each test. */
    protected StoreDirectory directory;

    private String suffix;
    private final Set<String> pincodesTaken = new HashSet<>();

    /** A directory to test (called once per test); it may hold stores of earlier tests. */
    protected abstract StoreDirectory createDirectory();

    @BeforeEach
    protected final void setUpStoreDirectoryContract() {
        directory = createDirectory();
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    @Test
    void servingPincodeListsOnlyActiveStoresServingItInPriorityThenIdOrder() {
        Pincode p1 = newPincode();
        Pincode p2 = newPincode();
        Pincode unserved = newPincode();
        Store a = save(Store.of(id("a"), "A", 2, p1));
        Store b = save(Store.of(id("b"), "B", 1, p1, p2));
        Store c = save(Store.of(id("c"), "C", 1, p1));
        Store inactive = save(Store.of(id("d"), "D", 0, p1).withActive(false));
        Store e = save(Store.of(id("e"), "E", 0, p2));

        assertThat(ours(directory.servingPincode(p1))).containsExactly(b, c, a);
        assertThat(ours(directory.servingPincode(p2))).containsExactly(e, b);
        assertThat(ours(directory.servingPincode(unserved))).isEmpty();
        for (Pincode p : List.of(p1, p2, unserved)) {
            List<Store> answer = directory.servingPincode(p);
            assertThat(answer).allSatisfy(s -> {
                assertThat(s.active()).isTrue();
                assertThat(s.serves(p)).isTrue();
            });
            assertThat(answer).isSortedAccordingTo(StoreDirectory.ALLOCATION_ORDER);
        }
        assertThat(directory.servingPincode(p1)).doesNotContain(inactive);
    }

    @Test
    void findAnswersTheSavedStoreAndNothingForAnUnknownId() {
        Store plain = save(Store.of(id("plain"), "Koramangala 5th Block", 3, newPincode(), newPincode()));
        Store located = save(new Store(
                id("geo"),
                "Indiranagar — “100 ft road”",
                Set.of(newPincode()),
                0,
                false,
                new GeoPoint(12.9718915, 77.6411545),
                2500));

        assertThat(directory.find(plain.id())).contains(plain);
        assertThat(directory.find(located.id())).contains(located);
        assertThat(directory.find(id("unknown"))).isEmpty();
    }

    @Test
    void allListsEveryStoreActiveOrNotInAllocationOrder() {
        Pincode p = newPincode();
        Store a = save(Store.of(id("a"), "A", 5, p));
        Store b = save(Store.of(id("b"), "B", 1, p).withActive(false));
        Store c = save(Store.of(id("c"), "C", 1, p));

        List<Store> all = directory.all();

        assertThat(ours(all)).containsExactly(b, c, a);
        assertThat(all).isSortedAccordingTo(StoreDirectory.ALLOCATION_ORDER);
    }

    @Test
    void saveReplacesTheStoreWithTheSameId() {
        Pincode before = newPincode();
        Pincode after = newPincode();
        Store original = save(Store.of(id("a"), "A", 2, before));
        Store moved = original.withPincodes(Set.of(after)).withPriority(7);

        directory.save(moved);

        assertThat(directory.find(original.id())).contains(moved);
        assertThat(ours(directory.servingPincode(before))).isEmpty();
        assertThat(ours(directory.servingPincode(after))).containsExactly(moved);
        assertThat(ours(directory.all())).containsExactly(moved);
    }

    @Test
    void aDeactivatedStoreLeavesItsPincodesButStaysKnown() {
        Pincode p = newPincode();
        Store a = save(Store.of(id("a"), "A", 1, p));
        Store b = save(Store.of(id("b"), "B", 2, p));

        Store closed = a.withActive(false);
        directory.save(closed);

        assertThat(ours(directory.servingPincode(p))).containsExactly(b);
        assertThat(directory.find(a.id())).contains(closed);
        assertThat(ours(directory.all())).containsExactly(closed, b);

        directory.save(closed.withActive(true));
        assertThat(ours(directory.servingPincode(p))).containsExactly(a, b);
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose: the port must refuse it with a typed error
    void badArgumentsAreRefusedWithInvalidArgument() {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("servingPincode(null)", () -> directory.servingPincode(null));
        calls.put("find(null)", () -> directory.find(null));
        calls.put("save(null)", () -> directory.save(null));

        calls.forEach((name, call) -> {
            Throwable thrown = catchThrowable(call);
            assertThat(thrown).as(name).isInstanceOf(OmsException.class);
            assertThat(((OmsException) thrown).code()).as(name).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        });
    }

    /** A store id of this test. */
    protected StoreId id(String stem) {
        return StoreId.of(stem + "-" + suffix);
    }

    /** A random pincode not used before in this test. */
    protected Pincode newPincode() {
        while (true) {
            String value = String.valueOf(100_000 + ThreadLocalRandom.current().nextInt(900_000));
            if (pincodesTaken.add(value)) {
                return Pincode.of(value);
            }
        }
    }

    /** Saves the store and returns it. */
    protected Store save(Store store) {
        directory.save(store);
        return store;
    }

    /** The stores of this test among {@code stores}, in the order given. */
    protected List<Store> ours(List<Store> stores) {
        return stores.stream()
                .filter(s -> s.id().value().endsWith("-" + suffix))
                .toList();
    }
}
