package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.examples.springboot.web.Views.AssignmentView;
import io.qcommerce.oms.examples.springboot.web.Views.LineView;
import io.qcommerce.oms.examples.springboot.web.Views.StoreView;
import io.qcommerce.oms.examples.springboot.web.Views.TotalsView;
import io.qcommerce.oms.examples.springboot.web.Views.ValidCartView;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's cart before checkout. The service keeps no carts (the client holds it): these answer
 * questions about the cart sent, for whoever is logged in, and change nothing.
 */
@RestController
@RequestMapping("/carts")
public class CartController {
    private final Oms oms;

    public CartController(Oms oms) {
        this.oms = oms;
    }

    /** The cart priced from the catalog (duplicate lines merged), or 422 with every problem it has. */
    @PostMapping("/validate")
    public ValidCartView validate(@RequestBody Requests.Cart body) {
        CartValidation.Valid valid = valid(body.lines(), new Input());
        return new ValidCartView(
                true, valid.lines().stream().map(LineView::of).toList(), TotalsView.of(valid.totals()));
    }

    /**
     * The store that would serve the cart at this pincode now (nearest first when a location is given), with
     * the priced lines: 422 when the cart has problems, no store delivers there, or none has it all.
     */
    @PostMapping("/assign-store")
    public AssignmentView assignStore(@RequestBody Requests.CartAt body) {
        Input in = new Input();
        Pincode pincode = in.required("pincode", body.pincode(), Pincode::of);
        GeoPoint location = Parse.location(in, body.location());
        CartValidation.Valid valid = valid(body.lines(), in);
        List<HoldLine> lines = valid.lines().stream()
                .map(l -> HoldLine.of(l.sku(), l.quantity()))
                .toList();
        return new AssignmentView(
                StoreView.of(Outcomes.assigned(oms.assignStore(pincode, lines, location))),
                valid.lines().stream().map(LineView::of).toList(),
                TotalsView.of(valid.totals()));
    }

    private CartValidation.Valid valid(List<Requests.Line> lines, Input in) {
        Cart cart = Parse.cart(in, lines);
        in.check();
        CartValidation validation = oms.validate(cart);
        if (validation instanceof CartValidation.Invalid invalid) {
            throw Outcomes.cartRejected(invalid.problems(), invalid.totalProblems());
        }
        return (CartValidation.Valid) validation;
    }
}
