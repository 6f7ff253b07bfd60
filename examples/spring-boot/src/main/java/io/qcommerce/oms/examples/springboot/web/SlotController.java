package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.web.Views.BookableSlotView;
import io.qcommerce.oms.examples.springboot.web.Views.SlotView;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Delivery slots. A store's manager (or an admin) creates, changes, opens and closes the store's slots and
 * lists them with their bookings; anyone logged in lists the slots a pincode can book now, and a customer
 * books one by placing an order with its {@code slotId}.
 *
 * <p>A change names the {@code version} it was made from and is refused with 409
 * {@code CONCURRENT_MODIFICATION} when the slot changed since (read it again); lowering the capacity below the
 * slot's bookings is 409 {@code SLOT_OVERBOOKED}. A slot named under another store's path is answered as one
 * that does not exist (404 {@code UNKNOWN_SLOT}).
 */
@RestController
public class SlotController {
    private final Oms oms;

    public SlotController(Oms oms) {
        this.oms = oms;
    }

    /**
     * Creates a slot of the store: 201 with its Location, or 200 with the slot when the same definition was
     * created before (a retry). {@code type} is NORMAL and {@code cutoff} the start unless given.
     */
    @PostMapping("/stores/{store}/slots")
    public ResponseEntity<SlotView> create(
            @PathVariable String store, @RequestBody Requests.Slot body, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        SlotId id = in.required("id", body.id(), SlotId::of);
        DeliverySlot slot = parse(in, id, storeId, body, body.active() == null || body.active(), 0);
        boolean existed = oms.slots().find(id).isPresent();
        SlotView view = view(oms.slots().create(slot));
        URI uri = URI.create("/stores/" + storeId.value() + "/slots/" + id.value());
        return existed
                ? ResponseEntity.ok().location(uri).body(view)
                : ResponseEntity.created(uri).body(view);
    }

    /** The store's slots dated {@code from} to {@code to} (default: {@code from}), with their bookings. */
    @GetMapping("/stores/{store}/slots")
    public List<SlotView> list(
            @PathVariable String store,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        Input in = new Input();
        LocalDate first = Parse.date(in, "from", from, true);
        LocalDate last = to == null ? first : Parse.date(in, "to", to, true);
        in.check();
        oms.stores().get(storeId);
        return oms.slots().list(storeId, first, last).stream().map(SlotView::of).toList();
    }

    @GetMapping("/stores/{store}/slots/{id}")
    public SlotView get(@PathVariable String store, @PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        return view(slotOf(storeId, SlotId.of(id)));
    }

    /**
     * Replaces the slot's date, times, type, capacity and cut-off (active kept unless given), if it is still
     * at {@code version}; the slot with its new version.
     */
    @PutMapping("/stores/{store}/slots/{id}")
    public SlotView update(
            @PathVariable String store,
            @PathVariable String id,
            @RequestBody Requests.Slot body,
            @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        SlotId slotId = SlotId.of(id);
        Input in = new Input();
        if (body.id() != null && !body.id().equals(id)) {
            in.problem("id", "must match the id in the path, or be left out", ErrorCode.INVALID_ARGUMENT);
        }
        Long version = in.required("version", body.version(), v -> v);
        MovementId movement = in.optional("movementId", body.movementId(), MovementId::of);
        DeliverySlot changed =
                parse(in, slotId, storeId, body, body.active() == null || body.active(), version == null ? 0 : version);
        DeliverySlot current = slotOf(storeId, slotId);
        if (body.active() == null) {
            changed = changed.withActive(current.active());
        }
        DeliverySlot stored =
                movement == null ? oms.slots().update(changed) : oms.slots().update(changed, movement);
        return view(stored);
    }

    /** Stops new bookings; the slot keeps those it has. Idempotent. */
    @PostMapping("/stores/{store}/slots/{id}/deactivate")
    public SlotView deactivate(
            @PathVariable String store, @PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        return view(oms.slots().deactivate(slotOf(storeId, SlotId.of(id)).id()));
    }

    /** Takes bookings again. Idempotent. */
    @PostMapping("/stores/{store}/slots/{id}/activate")
    public SlotView activate(
            @PathVariable String store, @PathVariable String id, @AuthenticationPrincipal OmsUser user) {
        StoreId storeId = staffOf(store, user);
        return view(oms.slots().activate(slotOf(storeId, SlotId.of(id)).id()));
    }

    /**
     * The slots a customer at {@code pincode} can book now, dated {@code from} to {@code to} (default:
     * {@code from}): of the active stores serving it, active, before their cut-off and not full; by start.
     */
    @GetMapping("/slots")
    public List<BookableSlotView> bookable(
            @RequestParam(required = false) String pincode,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Input in = new Input();
        Pincode pin = in.required("pincode", pincode, Pincode::of);
        LocalDate first = Parse.date(in, "from", from, true);
        LocalDate last = to == null ? first : Parse.date(in, "to", to, true);
        in.check();
        return oms.slots().bookable(pin, first, last).stream()
                .map(BookableSlotView::of)
                .toList();
    }

    private DeliverySlot parse(Input in, SlotId id, StoreId store, Requests.Slot body, boolean active, long version) {
        LocalDate date = Parse.date(in, "date", body.date(), true);
        Instant start = Parse.instant(in, "start", body.start(), true);
        Instant end = Parse.instant(in, "end", body.end(), true);
        SlotType type =
                body.type() == null ? SlotType.NORMAL : Parse.oneOf(in, "type", body.type(), SlotType.class, true);
        Integer capacity = in.required("capacity", body.capacity(), v -> v);
        Instant cutoff = body.cutoff() == null ? start : Parse.instant(in, "cutoff", body.cutoff(), true);
        return in.build(() -> new DeliverySlot(id, store, date, start, end, type, capacity, cutoff, active, version));
    }

    /** The slot if it is one of the store's; otherwise the same 404 as for a slot that does not exist. */
    private DeliverySlot slotOf(StoreId store, SlotId id) {
        DeliverySlot slot = oms.slots().require(id);
        if (!slot.store().equals(store)) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_SLOT, "slot", id.value());
        }
        return slot;
    }

    /** The slot with its bookings as the inventory lock counts them now. */
    private SlotView view(DeliverySlot slot) {
        Resource resource = slot.id().resource();
        StockLevel level = oms.inventory().levels(slot.store()).get(resource);
        return SlotView.of(
                new SlotAvailability(slot, level != null ? level : StockLevel.empty(slot.store(), resource)));
    }

    private static StoreId staffOf(String store, OmsUser user) {
        StoreId storeId = StoreId.of(store);
        Access.requireStaffOf(user, storeId);
        return storeId;
    }
}
