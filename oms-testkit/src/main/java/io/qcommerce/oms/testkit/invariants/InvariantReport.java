package io.qcommerce.oms.testkit.invariants;

import java.util.List;
import java.util.stream.Collectors;

/** The results of one {@link OmsInvariants} check, one per {@link Invariant} checked, in declaration order. */
public record InvariantReport(List<CheckResult> checks) {
    public InvariantReport {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The result of one invariant; {@code IllegalArgumentException} when it was not checked. */
    public CheckResult get(Invariant invariant) {
        return checks.stream()
                .filter(c -> c.invariant() == invariant)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(invariant + " was not checked"));
    }

    /** Returns quietly when every check passed; else throws an {@link AssertionError} listing every failure. */
    public void assertPassed() {
        if (!passed()) {
            throw new AssertionError(failures().size() + " of " + checks.size() + " invariants broken:\n"
                    + failures().stream()
                            .map(c ->
                                    "  " + c.invariant() + " (" + c.invariant().title() + "): " + c.detail())
                            .collect(Collectors.joining("\n")));
        }
    }

    @Override
    public String toString() {
        return checks.stream().map(CheckResult::toString).collect(Collectors.joining("\n"));
    }
}
