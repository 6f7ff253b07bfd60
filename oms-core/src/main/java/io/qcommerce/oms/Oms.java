package io.qcommerce.oms;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.common.IdGenerator;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.EventService;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.event.StockAlertSubscriber;
import io.qcommerce.oms.internal.Wiring;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.InventoryService;
import io.qcommerce.oms.ledger.StockRecovery;
import io.qcommerce.oms.memory.InMemoryCatalog;
import io.qcommerce.oms.memory.InMemoryEventCheckpoints;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.memory.InMemorySlotDirectory;
import io.qcommerce.oms.memory.InMemoryStockAlertLog;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.memory.InMemoryStockThresholds;
import io.qcommerce.oms.memory.InMemoryStoreDirectory;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.picking.PickingService;
import io.qcommerce.oms.placement.AssignmentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.report.ReportService;
import io.qcommerce.oms.slot.SlotService;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The library in one object, and its only door: every use case is reached from here, one getter per
 * capability. Build it once at start and share it; it is thread-safe and holds no static state.
 *
 * <pre>{@code
 * Oms oms = Oms.inMemory();
 * oms.catalog().save(Sku.builder(SkuId.of("MILK-1L"), "Milk 1 L").mrp(Money.inr(6800)).sellingPrice(Money.inr(6500)).maxPerOrder(6).build());
 * oms.stores().create(Store.of(StoreId.of("BLR-1"), "Indiranagar", 0, Pincode.of("560038")));
 * oms.inventory().receive(StoreId.of("BLR-1"), SkuId.of("MILK-1L"), 40);
 * PlacementResult r = oms.place(PlaceOrderRequest.of(CustomerId.of("c-1"), IdempotencyKey.of("k-1"),
 *         Pincode.of("560038"), Cart.builder().add("MILK-1L", 2).build()));
 * }</pre>
 */
public final class Oms {
    private final OmsConfig config;
    private final Clock clock;
    private final Catalog catalog;
    private final Wiring wiring;

    private Oms(OmsConfig config, Clock clock, Catalog catalog, Wiring wiring) {
        this.config = config;
        this.clock = clock;
        this.catalog = catalog;
        this.wiring = wiring;
    }

    /** Everything in memory, on the system clock, default settings: the one-line start. */
    public static Oms inMemory() {
        return builder().inMemoryForRest().build();
    }

    /** A builder with no port set; see {@link Builder#build()} for what it requires. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates a cart against the catalog; every problem at once (the first 100 listed, all counted). A cart
     * over the line limit is answered with that one problem, without reading the catalog.
     */
    public CartValidation validate(Cart cart) {
        return wiring.validate(cart);
    }

    /**
     * Which store would serve a cart now (nothing is held): the cart is validated first, and a cart with
     * problems is answered {@link AssignmentResult.CartRejected} with its problems (as {@link #validate}).
     */
    public AssignmentResult assignStore(Cart cart, Pincode pincode, @Nullable GeoPoint location) {
        return wiring.assignStore(cart, pincode, location);
    }

    /**
     * Which store would serve these lines now: the first candidate store (see {@link StoreService#candidates})
     * that has every line available. The catalog is not consulted and nothing is held; lines of one SKU count
     * together.
     */
    public AssignmentResult assignStore(Pincode pincode, List<HoldLine> lines, @Nullable GeoPoint location) {
        return wiring.assignStore(pincode, lines, location);
    }

    /**
     * Places an order: validate, pick a store, hold the stock, store the order awaiting payment. A key already
     * placed answers {@link PlacementResult.Repeated} with the order as it is now. If storing the order fails,
     * the hold is kept until its TTL, so a retry with the same key places the order on it.
     */
    public PlacementResult place(PlaceOrderRequest request) {
        return wiring.place(request);
    }

    public OmsConfig config() {
        return config;
    }

    /** The clock every rule of this instance reads (the inventory lock's own clock decides expiry). */
    public Clock clock() {
        return clock;
    }

    /** The catalog: read and save SKUs. */
    public Catalog catalog() {
        return catalog;
    }

    /** The stores: admin changes, and which store serves a pincode. */
    public StoreService stores() {
        return wiring.stores();
    }

    /** Stock: receipts, typed stock changes ({@code apply}), batches, levels, holds, thresholds. */
    public InventoryService inventory() {
        return wiring.inventory();
    }

    /** Orders after placement: payment, the status lifecycle, cancellation, returns. */
    public OrderService orders() {
        return wiring.orders();
    }

    /** Delivery slots: create, change, list, and what a customer can book. */
    public SlotService slots() {
        return wiring.slots();
    }

    /** Rebuilds a store's counters after a loss; checks for drift; ships the ledger and reads its movements. */
    public StockRecovery recovery() {
        return wiring.recovery();
    }

    /** Finishes flows a crash cut off, expires quiet holds, ships the ledger: run it on a schedule. */
    public Reconciler reconciler() {
        return wiring.reconciler();
    }

    /** Picking lists, and the step that starts picking an order. */
    public PickingService picking() {
        return wiring.picking();
    }

    /** Store performance and stock across stores. */
    public ReportService reports() {
        return wiring.reports();
    }

    /** The durable feed of order events and its dispatcher: run {@code events().dispatch()} on a schedule. */
    public EventService events() {
        return wiring.events();
    }

    /**
     * Wires the library. Every port must be set, by its setter or by a backend ({@link #use(OmsBackend)}),
     * unless the host asks for in-memory adapters for the rest with {@link #inMemoryForRest()}: a builder never
     * fills a missing port silently. The clock defaults to the system UTC clock ticking in milliseconds (what
     * every backend stores, so a value read back equals the value written), ids to random UUIDs, the
     * configuration to {@link OmsConfig#ofDefaults()}.
     */
    public static final class Builder {
        private OmsConfig config = OmsConfig.ofDefaults();
        private Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        private IdGenerator ids = IdGenerator.randomUuids();
        private @Nullable Catalog catalog;
        private @Nullable StoreDirectory storeDirectory;
        private @Nullable InventoryLock inventoryLock;
        private @Nullable OrderRepository orderRepository;
        private @Nullable SlotDirectory slotDirectory;
        private @Nullable StockLedger stockLedger;
        private @Nullable StockThresholds stockThresholds;
        private @Nullable EventCheckpoints eventCheckpoints;
        private @Nullable StockAlertLog stockAlertLog;
        private boolean inMemoryForRest;
        private final List<OmsListener> listeners = new ArrayList<>();
        private final Map<String, EventSubscriber> subscribers = new LinkedHashMap<>();
        private final Map<String, StockAlertSubscriber> alertSubscribers = new LinkedHashMap<>();

        private Builder() {}

        public Builder config(OmsConfig value) {
            this.config = Checks.notNull(value, "config");
            return this;
        }

        /** The host's clock; it should tick in whole milliseconds, the precision the durable adapters keep. */
        public Builder clock(Clock value) {
            this.clock = Checks.notNull(value, "clock");
            return this;
        }

        public Builder idGenerator(IdGenerator value) {
            this.ids = Checks.notNull(value, "idGenerator");
            return this;
        }

        /** Installs every port {@code backend} provides; a port set before or after by its setter wins last. */
        public Builder use(OmsBackend backend) {
            Checks.notNull(backend, "backend").installInto(this);
            return this;
        }

        /**
         * Asks for in-memory adapters for every port still unset when {@link #build()} runs; the in-memory
         * lock runs on this builder's clock. Without it, an unset port fails the build.
         */
        public Builder inMemoryForRest() {
            this.inMemoryForRest = true;
            return this;
        }

        public Builder catalog(Catalog value) {
            this.catalog = Checks.notNull(value, "catalog");
            return this;
        }

        public Builder storeDirectory(StoreDirectory value) {
            this.storeDirectory = Checks.notNull(value, "storeDirectory");
            return this;
        }

        public Builder inventoryLock(InventoryLock value) {
            this.inventoryLock = Checks.notNull(value, "inventoryLock");
            return this;
        }

        public Builder orderRepository(OrderRepository value) {
            this.orderRepository = Checks.notNull(value, "orderRepository");
            return this;
        }

        public Builder slotDirectory(SlotDirectory value) {
            this.slotDirectory = Checks.notNull(value, "slotDirectory");
            return this;
        }

        public Builder stockLedger(StockLedger value) {
            this.stockLedger = Checks.notNull(value, "stockLedger");
            return this;
        }

        public Builder stockThresholds(StockThresholds value) {
            this.stockThresholds = Checks.notNull(value, "stockThresholds");
            return this;
        }

        public Builder eventCheckpoints(EventCheckpoints value) {
            this.eventCheckpoints = Checks.notNull(value, "eventCheckpoints");
            return this;
        }

        public Builder stockAlertLog(StockAlertLog value) {
            this.stockAlertLog = Checks.notNull(value, "stockAlertLog");
            return this;
        }

        /**
         * Registers a subscriber of the durable event feed under {@code name}, which keys its checkpoint: keep
         * the name when the code changes, or the subscriber starts again from the beginning of the feed. It
         * gets every event at least once, in order per order, from {@link EventService#dispatch()}.
         * {@code INVALID_ARGUMENT} for a blank name, one longer than 100 characters, or one used already.
         */
        public Builder subscribe(String name, EventSubscriber subscriber) {
            Checks.notNull(subscriber, "subscriber");
            subscribers.put(freeName(name), subscriber);
            return this;
        }

        /**
         * Registers a subscriber of the durable stock alert log under {@code name}, which keys its checkpoint
         * (apart from those of order-event subscribers): every LOW and RECOVERED alert that
         * {@link EventService#dispatch()} raises from the stock ledger, at least once, in log order. The same
         * rules for the name as {@link #subscribe}; one name serves one subscriber of either kind.
         */
        public Builder subscribeAlerts(String name, StockAlertSubscriber subscriber) {
            Checks.notNull(subscriber, "subscriber");
            alertSubscribers.put(freeName(name), subscriber);
            return this;
        }

        private String freeName(String name) {
            Checks.notBlank(name, "name");
            if (name.length() > 100 || subscribers.containsKey(name) || alertSubscribers.containsKey(name)) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        "name",
                        "subscriber name '" + name + "' is " + (name.length() > 100 ? "over 100 characters" : "taken"));
            }
            return name;
        }

        /**
         * Adds a listener; listeners are called in the order added, in-process, right after a change is stored,
         * at most once (a crash in between loses the call): a hint for caches and logs, not a delivery promise.
         * Use {@link #subscribe} for what must not be missed.
         */
        public Builder listener(OmsListener value) {
            this.listeners.add(Checks.notNull(value, "listener"));
            return this;
        }

        /**
         * The library, wired.
         *
         * @throws OmsException {@code INVALID_CONFIGURATION} naming every port left unset, unless
         *                      {@link #inMemoryForRest()} was asked for
         */
        public Oms build() {
            List<String> missing = new ArrayList<>();
            Catalog c = port(catalog, "catalog", InMemoryCatalog::new, missing);
            StoreDirectory s = port(storeDirectory, "storeDirectory", InMemoryStoreDirectory::new, missing);
            InventoryLock l = port(inventoryLock, "inventoryLock", () -> new InMemoryInventoryLock(clock), missing);
            OrderRepository o = port(orderRepository, "orderRepository", InMemoryOrderRepository::new, missing);
            SlotDirectory d = port(slotDirectory, "slotDirectory", InMemorySlotDirectory::new, missing);
            StockLedger g = port(stockLedger, "stockLedger", InMemoryStockLedger::new, missing);
            StockThresholds t = port(stockThresholds, "stockThresholds", InMemoryStockThresholds::new, missing);
            EventCheckpoints k = port(eventCheckpoints, "eventCheckpoints", InMemoryEventCheckpoints::new, missing);
            StockAlertLog a = port(stockAlertLog, "stockAlertLog", InMemoryStockAlertLog::new, missing);
            if (!missing.isEmpty()) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_CONFIGURATION,
                        "ports",
                        "unset: " + String.join(", ", missing) + "; set them, install a backend with use(...), "
                                + "or ask for in-memory adapters with inMemoryForRest()");
            }
            Wiring wiring = Wiring.of(
                    new Wiring.Ports(c, s, l, o, d, g, t, k, a),
                    config,
                    clock,
                    ids,
                    listeners,
                    subscribers,
                    alertSubscribers);
            return new Oms(config, clock, c, wiring);
        }

        @SuppressWarnings("NullAway") // a missing port is only returned as null after it was added to missing
        private <T> T port(@Nullable T set, String name, Supplier<T> inMemory, List<String> missing) {
            if (set != null) {
                return set;
            }
            if (inMemoryForRest) {
                return inMemory.get();
            }
            missing.add(name);
            return null;
        }
    }
}
