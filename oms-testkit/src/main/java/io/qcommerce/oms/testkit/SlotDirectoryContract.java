package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SlotDirectory} adapter must pass. Extend it and return a directory from
 * {@link #createDirectory()}.
 *
 * <p>What a passing adapter guarantees: a slot reads back equal to what was inserted, at version 0; an id
 * is taken once ({@code DUPLICATE} for another definition, the stored slot for the same one); a replace
 * succeeds only on the stored version, writes version + 1, and of many concurrent replaces from one version
 * exactly one wins; listings hold exactly the store's slots in the date range, by start then id.
 *
 * <p>Ids are random per test, so the suite may share a server with other tests.
 */
public abstract class SlotDirectoryContract {
    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

    protected SlotDirectory directory;
    private String suffix;
    private final AtomicInteger sequence = new AtomicInteger();

    /** A directory to test (called once per test); it may hold slots of earlier tests. */
    protected abstract SlotDirectory createDirectory();

    @BeforeEach
    protected final void setUpSlotDirectoryContract() {
        directory = createDirectory();
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    @Test
    void anInsertedSlotReadsBackEqualAtVersionZero() {
        DeliverySlot slot = slot(store("a"), 0, 9, 12);
        assertThat(directory.insert(slot)).isEqualTo(slot);
        assertThat(directory.find(slot.id())).contains(slot);
        assertThat(directory.find(SlotId.of("none-" + suffix))).isEmpty();
    }

    @Test
    void insertingTheSameDefinitionAgainReturnsTheStoredSlot() {
        DeliverySlot slot = slot(store("a"), 0, 9, 12);
        directory.insert(slot);
        assertThat(directory.insert(slot)).isEqualTo(slot);
    }

    @Test
    void anIdTakenByAnotherDefinitionIsADuplicateAndChangesNothing() {
        DeliverySlot slot = slot(store("a"), 0, 9, 12);
        directory.insert(slot);
        Throwable thrown = catchThrowable(() -> directory.insert(slot.withCapacity(slot.capacity() + 1)));
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).isEqualTo(ErrorCode.DUPLICATE);
        assertThat(directory.find(slot.id())).contains(slot);
    }

    @Test
    void aReplaceOnTheStoredVersionWritesTheNextVersion() {
        DeliverySlot slot = directory.insert(slot(store("a"), 0, 9, 12));
        DeliverySlot changed =
                slot.withCapacity(3).withActive(false).withCutoff(slot.start().minusSeconds(3600));
        Optional<DeliverySlot> stored = directory.replace(changed, 0);
        assertThat(stored).contains(changed.withVersion(1));
        assertThat(directory.find(slot.id())).contains(changed.withVersion(1));
    }

    @Test
    void aReplaceOnAStaleVersionChangesNothing() {
        DeliverySlot slot = directory.insert(slot(store("a"), 0, 9, 12));
        directory.replace(slot.withCapacity(5), 0);
        assertThat(directory.replace(slot.withCapacity(7), 0)).isEmpty();
        assertThat(directory.find(slot.id()).orElseThrow().capacity()).isEqualTo(5);
        assertThat(directory.replace(slot(store("b"), 0, 9, 12), 0))
                .as("an unknown slot")
                .isEmpty();
    }

    @Test
    void aReplaceNamingAnotherStoreChangesNothing() {
        DeliverySlot slot = directory.insert(slot(store("a"), 0, 9, 12));
        DeliverySlot moved = new DeliverySlot(
                slot.id(),
                store("b"),
                slot.date(),
                slot.start(),
                slot.end(),
                slot.type(),
                slot.capacity(),
                slot.cutoff(),
                slot.active(),
                slot.version());
        assertThat(directory.replace(moved, 0)).isEmpty();
        assertThat(directory.find(slot.id())).contains(slot);
    }

    @Test
    void ofConcurrentReplacesFromOneVersionExactlyOneWins() throws Exception {
        DeliverySlot slot = directory.insert(slot(store("a"), 0, 9, 12));
        int threads = 8;
        List<Optional<DeliverySlot>> results = Race.run(threads, i -> directory.replace(slot.withCapacity(100 + i), 0));
        List<DeliverySlot> winners = new ArrayList<>();
        results.forEach(r -> r.ifPresent(winners::add));
        assertThat(winners).hasSize(1);
        assertThat(directory.find(slot.id())).contains(winners.get(0));
        assertThat(winners.get(0).version()).isEqualTo(1);
    }

    @Test
    void aListingHoldsTheStoresSlotsInTheDateRangeByStartThenId() {
        StoreId a = store("a");
        StoreId b = store("b");
        DeliverySlot day0late = directory.insert(slot(a, 0, 18, 20));
        DeliverySlot day0early = directory.insert(slot(a, 0, 9, 12));
        DeliverySlot day1 = directory.insert(slot(a, 1, 9, 12).withActive(false));
        DeliverySlot day3 = directory.insert(slot(a, 3, 9, 12));
        directory.insert(slot(b, 0, 9, 12));

        assertThat(directory.list(a, date(0), date(1))).containsExactly(day0early, day0late, day1);
        assertThat(directory.list(a, date(3), date(3))).containsExactly(day3);
        assertThat(directory.list(a, date(4), date(9))).isEmpty();
        assertThat(directory.list(store("none"), date(0), date(9))).isEmpty();
    }

    @Test
    void aListingOfSeveralStoresMergesThemByStart() {
        StoreId a = store("a");
        StoreId b = store("b");
        DeliverySlot a9 = directory.insert(slot(a, 0, 9, 12));
        DeliverySlot b8 = directory.insert(slot(b, 0, 8, 10));
        DeliverySlot b12 = directory.insert(slot(b, 0, 12, 14));
        assertThat(directory.list(List.of(a, b), date(0), date(0))).containsExactly(b8, a9, b12);
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        DeliverySlot slot = new DeliverySlot(
                SlotId.of("s-" + suffix + "-x"),
                store("a"),
                date(2),
                DAY.plus(Duration.ofDays(2)).plusMillis(123_456),
                DAY.plus(Duration.ofDays(2)).plusSeconds(5400),
                SlotType.SAME_DAY,
                1_000_000,
                DAY.plus(Duration.ofDays(1)).plusMillis(7),
                false,
                0);
        directory.insert(slot);
        assertThat(directory.find(slot.id())).contains(slot);
        for (SlotType type : SlotType.values()) {
            DeliverySlot typed = slot(store("t"), 0, 9, 10);
            typed = new DeliverySlot(
                    typed.id(),
                    typed.store(),
                    typed.date(),
                    typed.start(),
                    typed.end(),
                    type,
                    0,
                    typed.cutoff(),
                    true,
                    0);
            directory.insert(typed);
            assertThat(directory.find(typed.id())).contains(typed);
        }
    }

    /** A store id of this test. */
    protected StoreId store(String name) {
        return StoreId.of(name + "-" + suffix);
    }

    /** A slot of the store {@code day} days after the suite's first day, from hour to hour, cut off an hour before. */
    protected DeliverySlot slot(StoreId store, int day, int fromHour, int toHour) {
        Instant start = DAY.plus(Duration.ofDays(day)).plus(Duration.ofHours(fromHour));
        return DeliverySlot.of(
                SlotId.of("s-" + suffix + "-" + sequence.incrementAndGet()),
                store,
                date(day),
                start,
                DAY.plus(Duration.ofDays(day)).plus(Duration.ofHours(toHour)),
                SlotType.NORMAL,
                20,
                start.minus(Duration.ofHours(1)));
    }

    private static LocalDate date(int day) {
        return LocalDate.ofInstant(DAY.plus(Duration.ofDays(day)), ZoneOffset.UTC);
    }
}
