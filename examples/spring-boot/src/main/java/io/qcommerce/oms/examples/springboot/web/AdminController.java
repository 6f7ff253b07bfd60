package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.examples.springboot.ops.ServiceMetrics;
import io.qcommerce.oms.examples.springboot.security.Access;
import io.qcommerce.oms.examples.springboot.security.OmsUser;
import io.qcommerce.oms.examples.springboot.security.Role;
import io.qcommerce.oms.examples.springboot.web.Views.MeView;
import io.qcommerce.oms.examples.springboot.web.Views.ReconcileView;
import io.qcommerce.oms.placement.Reconciler;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who am I, and running the reconciler now rather than at its next scheduled pass. */
@RestController
public class AdminController {
    private final Oms oms;
    private final ServiceMetrics metrics;

    public AdminController(Oms oms, ServiceMetrics metrics) {
        this.oms = oms;
        this.metrics = metrics;
    }

    @GetMapping("/me")
    public MeView me(@AuthenticationPrincipal OmsUser user) {
        return new MeView(
                user.getUsername(),
                user.role().name(),
                user.store() == null ? null : user.store().value(),
                user.customer() == null ? null : user.customer().value());
    }

    @PostMapping("/admin/reconcile")
    public ReconcileView reconcile(@AuthenticationPrincipal OmsUser user) {
        Access.requireRole(user, Role.ADMIN);
        Reconciler.Report report = oms.reconciler().run();
        metrics.shipped("reconciler", report.movementsShipped());
        return new ReconcileView(
                report.ordersCancelled(),
                report.ordersConfirmed(),
                report.holdsExpired(),
                report.failures(),
                report.movementsShipped());
    }
}
