package io.qcommerce.oms;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.cart.CartValidator;
import io.qcommerce.oms.catalog.Catalog;
import io.qcommerce.oms.common.Checks;
import io.qcommerce.oms.common.IdGenerator;
import io.qcommerce.oms.event.EventPublisher;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.InventoryLock;
import io.qcommerce.oms.inventory.InventoryService;
import io.qcommerce.oms.memory.InMemoryCatalog;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.inventory.StockThresholds;
import io.qcommerce.oms.ledger.LedgerShipper;
import io.qcommerce.oms.ledger.StockLedger;
import io.qcommerce.oms.ledger.StockRecovery;
import io.qcommerce.oms.memory.InMemorySlotDirectory;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.memory.InMemoryStockThresholds;
import io.qcommerce.oms.picking.PickingService;
import io.qcommerce.oms.report.ReportService;
import io.qcommerce.oms.memory.InMemoryStoreDirectory;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderRepository;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.placement.OrderPlacement;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.slot.SlotDirectory;
import io.qcommerce.oms.slot.SlotService;
import io.qcommerce.oms.store.AssignmentResult;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreAssignment;
import io.qcommerce.oms.store.StoreDirectory;
import io.qcommerce.oms.store.StoreService;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The library in one object: the use cases wired over the ports. Build it once at start and share
 * it; it is thread-safe and holds no static state.
 *
 * <pre>{@code
 * Oms oms = Oms.inMemory();                               // or Oms.builder()...build()
 * oms.catalog().save(new Sku(SkuId.of("MILK-1L"), "Milk 1 L", Money.inr(6800), Money.inr(6500), true, 6));
 * oms.stores().create(Store.of(StoreId.of("BLR-1"), "Indiranagar", 0, Pincode.of("560038")));
 * oms.inventory().receive(StoreId.of("BLR-1"), SkuId.of("MILK-1L"), 40);
 * PlacementResult r = oms.place(PlaceOrderRequest.of(CustomerId.of("c-1"), IdempotencyKey.of("k-1"),
 *         Pincode.of("560038"), Cart.builder().add("MILK-1L", 2).build()));
 * }</pre>
 */
public final class Oms {
    /** Rows per read when a service walks the ledger or a store's orders. */
    private static final int LEDGER_PAGE = 1000;

    private final OmsConfig config;
    private final Clock clock;
    private final Catalog catalog;
    private final StoreDirectory storeDirectory;
    private final InventoryLock inventoryLock;
    private final OrderRepository orderRepository;
    private final SlotDirectory slotDirectory;
    private final SlotService slots;
    private final StockLedger stockLedger;
    private final StockThresholds stockThresholds;
    private final LedgerShipper shipper;
    private final StockRecovery recovery;
    private final PickingService picking;
    private final ReportService reports;
    private final CartValidator carts;
    private final StoreService stores;
    private final StoreAssignment assignment;
    private final InventoryService inventory;
    private final OrderService orders;
    private final OrderPlacement placement;
    private final Reconciler reconciler;

    private Oms(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.catalog = b.catalog != null ? b.catalog : new InMemoryCatalog();
        this.storeDirectory = b.storeDirectory != null ? b.storeDirectory : new InMemoryStoreDirectory();
        this.inventoryLock = b.inventoryLock != null ? b.inventoryLock : new InMemoryInventoryLock(clock);
        this.orderRepository = b.orderRepository != null ? b.orderRepository : new InMemoryOrderRepository();
        EventPublisher events = new EventPublisher(b.listeners);
        this.carts = new CartValidator(catalog, config.maxCartLines());
        this.stores = new StoreService(storeDirectory);
        this.assignment = new StoreAssignment(storeDirectory, inventoryLock);
        this.stockLedger = b.stockLedger != null ? b.stockLedger : new InMemoryStockLedger();
        this.stockThresholds = b.stockThresholds != null ? b.stockThresholds : new InMemoryStockThresholds();
        this.inventory = new InventoryService(inventoryLock, catalog, storeDirectory, b.ids, config.lowStock(),
                stockThresholds, stockLedger, events, clock);
        this.orders = new OrderService(orderRepository, inventoryLock, inventory, stockLedger, events, clock,
                config.maxWriteRetries(), config.restockRetryWindow());
        this.slotDirectory = b.slotDirectory != null ? b.slotDirectory : new InMemorySlotDirectory();
        this.slots = new SlotService(slotDirectory, storeDirectory, inventoryLock, inventory, b.ids, clock);
        this.placement = new OrderPlacement(carts, assignment, inventory, inventoryLock, orderRepository,
                slotDirectory, catalog, events, clock, config.holdTtl(), config.deliveryAllowance());
        this.shipper = new LedgerShipper(inventoryLock, stockLedger, LEDGER_PAGE);
        this.recovery = new StockRecovery(inventoryLock, stockLedger, orderRepository, storeDirectory, shipper,
                clock, LEDGER_PAGE);
        this.reconciler = new Reconciler(orderRepository, orders, inventoryLock, storeDirectory, shipper, recovery,
                clock, config.reconcileBatchSize(), config.reapBatchSize());
        this.picking = new PickingService(orderRepository, orders, storeDirectory, clock);
        this.reports = new ReportService(orderRepository, storeDirectory, inventoryLock, catalog, LEDGER_PAGE);
    }

    /** Everything in memory, on the system clock, default settings. */
    public static Oms inMemory() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Validates a cart against the catalog; every problem at once. */
    public CartValidation validate(Cart cart) {
        return carts.validate(cart);
    }

    /**
     * Which store would serve a cart now (nothing is held): the cart is validated first, and a cart with
     * problems is answered {@link AssignmentResult.CartRejected} with every problem.
     *
     * @param location the customer's coordinates, or {@code null}
     */
    public AssignmentResult assignStore(Cart cart, Pincode pincode, GeoPoint location) {
        CartValidation validation = carts.validate(cart);
        if (validation instanceof CartValidation.Invalid) {
            return new AssignmentResult.CartRejected(((CartValidation.Invalid) validation).problems());
        }
        List<HoldLine> lines = new ArrayList<>();
        for (OrderLine line : ((CartValidation.Valid) validation).lines()) {
            lines.add(HoldLine.of(line.sku(), line.quantity()));
        }
        return assignment.assign(pincode, lines, location);
    }

    /** Places an order: validate, pick a store, hold the stock, store the order awaiting payment. */
    public PlacementResult place(PlaceOrderRequest request) {
        return placement.place(request);
    }

    public OmsConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The catalog port, for reading and saving SKUs. */
    public Catalog catalog() {
        return catalog;
    }

    public StoreService stores() {
        return stores;
    }

    public StoreAssignment storeAssignment() {
        return assignment;
    }

    public InventoryService inventory() {
        return inventory;
    }

    /** Delivery slots: create, change, list, and what a customer can book. */
    public SlotService slots() {
        return slots;
    }

    public SlotDirectory slotDirectory() {
        return slotDirectory;
    }

    /** The durable stock ledger: every movement of units, by store, SKU, type and time. */
    public StockLedger stockLedger() {
        return stockLedger;
    }

    /** Copies the lock's record of movements to the durable ledger (the reconciler runs it too). */
    public LedgerShipper ledgerShipper() {
        return shipper;
    }

    /** Rebuilds a store's counters from the durable record after a loss; checks for drift. */
    public StockRecovery recovery() {
        return recovery;
    }

    /** Picking lists, and the step that starts picking an order. */
    public PickingService picking() {
        return picking;
    }

    /** Store performance and stock across stores. */
    public ReportService reports() {
        return reports;
    }

    public OrderService orders() {
        return orders;
    }

    public OrderPlacement placement() {
        return placement;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public CartValidator carts() {
        return carts;
    }

    /** The ports as wired, for hosts and tests that need to reach them directly. */
    public InventoryLock inventoryLock() {
        return inventoryLock;
    }

    public OrderRepository orderRepository() {
        return orderRepository;
    }

    public StoreDirectory storeDirectory() {
        return storeDirectory;
    }

    /**
     * Wires the library. Every port left unset gets its in-memory adapter; the clock defaults to the system
     * UTC clock ticking in milliseconds, ids to random UUIDs, the configuration to
     * {@link OmsConfig#ofDefaults()}. An injected clock should tick in whole milliseconds too, since that is
     * the precision the durable adapters keep.
     */
    public static final class Builder {
        private OmsConfig config = OmsConfig.ofDefaults();
        // Milliseconds: what every backend stores (BSON dates, Redis scores), so a value read back
        // equals the value written.
        private Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        private IdGenerator ids = IdGenerator.randomUuids();
        private Catalog catalog;
        private StoreDirectory storeDirectory;
        private InventoryLock inventoryLock;
        private OrderRepository orderRepository;
        private SlotDirectory slotDirectory;
        private StockLedger stockLedger;
        private StockThresholds stockThresholds;
        private final List<OmsListener> listeners = new ArrayList<>();

        private Builder() {
        }

        public Builder config(OmsConfig value) {
            this.config = Checks.notNull(value, "config");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Checks.notNull(value, "clock");
            return this;
        }

        public Builder idGenerator(IdGenerator value) {
            this.ids = Checks.notNull(value, "idGenerator");
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

        /** Adds a listener; listeners are called in the order added. */
        public Builder listener(OmsListener value) {
            this.listeners.add(Checks.notNull(value, "listener"));
            return this;
        }

        public Oms build() {
            return new Oms(this);
        }
    }
}
