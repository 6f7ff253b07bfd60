package io.qcommerce.oms.internal;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.common.IdGenerator;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.event.EventService;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.event.StockAlertSubscriber;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.InventoryService;
import io.qcommerce.oms.ledger.StockRecovery;
import io.qcommerce.oms.order.OrderLine;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The use cases wired over one set of ports: the only place that constructs them, so that no service has a
 * constructor a host can reach. {@code Oms} holds one and hands out its services as their API interfaces.
 */
public final class Wiring {
    /** Rows per read when a service walks the ledger or a store's orders. */
    private static final int PAGE = 1000;

    private final CartValidator carts;
    private final StoreAssignment assignment;
    private final StoreService stores;
    private final InventoryService inventory;
    private final OrderService orders;
    private final SlotService slots;
    private final OrderPlacement placement;
    private final StockRecovery recovery;
    private final Reconciler reconciler;
    private final PickingService picking;
    private final ReportService reports;
    private final EventService events;

    private Wiring(
            Ports p,
            OmsConfig config,
            Clock clock,
            IdGenerator ids,
            List<OmsListener> listeners,
            Map<String, EventSubscriber> subscribers,
            Map<String, StockAlertSubscriber> alertSubscribers) {
        EventPublisher events = new EventPublisher(new ArrayList<>(listeners));
        StoreAssignment assignment = new StoreAssignment(p.stores(), p.lock());
        LedgerShipper shipper = new LedgerShipper(p.lock(), p.ledger(), PAGE);
        this.carts = new CartValidator(p.catalog(), config.maxCartLines());
        this.assignment = assignment;
        this.stores = new DefaultStoreService(p.stores(), assignment);
        this.inventory = new DefaultInventoryService(
                p.lock(), p.catalog(), p.stores(), ids, config.lowStock(), p.thresholds(), p.ledger(), events, clock);
        this.orders = new DefaultOrderService(
                p.orders(),
                p.lock(),
                inventory,
                p.ledger(),
                events,
                clock,
                config.maxWriteRetries(),
                config.restockRetryWindow(),
                config.cancellation(),
                p.catalog(),
                config.holdTtl(),
                config.deliveryAllowance());
        this.slots = new DefaultSlotService(p.slots(), p.stores(), p.lock(), inventory, ids, clock);
        this.placement = new OrderPlacement(
                carts,
                assignment,
                inventory,
                p.lock(),
                p.orders(),
                p.slots(),
                p.catalog(),
                events,
                clock,
                config.holdTtl(),
                config.deliveryAllowance());
        this.recovery = new DefaultStockRecovery(
                p.lock(), p.ledger(), p.orders(), p.stores(), shipper, p.alerts(), clock, PAGE);
        this.reconciler = new DefaultReconciler(
                p.orders(),
                orders,
                p.lock(),
                p.stores(),
                shipper,
                recovery,
                clock,
                config.reconcileBatchSize(),
                config.reapBatchSize(),
                config.reconcileStoreBudget());
        this.picking = new DefaultPickingService(p.orders(), orders, p.stores(), clock);
        this.reports = new DefaultReportService(p.orders(), p.stores(), p.lock(), p.catalog(), PAGE);
        this.events = new EventDispatcher(
                p.orders(),
                p.checkpoints(),
                subscribers,
                p.stores(),
                p.alerts(),
                new StockAlertScanner(p.lock(), p.alerts(), inventory, clock, PAGE),
                alertSubscribers,
                clock,
                config.eventBatchSize(),
                config.eventRetryBackoff(),
                config.eventRetryBackoffMax());
    }

    /** The ports one {@code Oms} runs on, every one present. */
    public record Ports(
            Catalog catalog,
            StoreDirectory stores,
            InventoryLock lock,
            OrderRepository orders,
            SlotDirectory slots,
            StockLedger ledger,
            StockThresholds thresholds,
            EventCheckpoints checkpoints,
            StockAlertLog alerts) {}

    /** Wires every use case over {@code ports}. */
    public static Wiring of(
            Ports ports,
            OmsConfig config,
            Clock clock,
            IdGenerator ids,
            List<OmsListener> listeners,
            Map<String, EventSubscriber> subscribers,
            Map<String, StockAlertSubscriber> alertSubscribers) {
        return new Wiring(ports, config, clock, ids, listeners, subscribers, alertSubscribers);
    }

    public CartValidation validate(Cart cart) {
        return carts.validate(cart);
    }

    /** Validates the cart, then asks which store would serve its lines now; nothing is held. */
    public AssignmentResult assignStore(Cart cart, Pincode pincode, @Nullable GeoPoint location) {
        CartValidation validation = carts.validate(cart);
        if (validation instanceof CartValidation.Invalid invalid) {
            return new AssignmentResult.CartRejected(invalid.problems(), invalid.totalProblems());
        }
        List<HoldLine> lines = new ArrayList<>();
        for (OrderLine line : ((CartValidation.Valid) validation).lines()) {
            lines.add(HoldLine.of(line.sku(), line.quantity()));
        }
        return assignment.assign(pincode, lines, location);
    }

    public AssignmentResult assignStore(Pincode pincode, List<HoldLine> lines, @Nullable GeoPoint location) {
        return assignment.assign(pincode, lines, location);
    }

    public PlacementResult place(PlaceOrderRequest request) {
        return placement.place(request);
    }

    public StoreService stores() {
        return stores;
    }

    public InventoryService inventory() {
        return inventory;
    }

    public OrderService orders() {
        return orders;
    }

    public SlotService slots() {
        return slots;
    }

    public StockRecovery recovery() {
        return recovery;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public PickingService picking() {
        return picking;
    }

    public ReportService reports() {
        return reports;
    }

    public EventService events() {
        return events;
    }
}
