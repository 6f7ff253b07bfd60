package io.qcommerce.oms.examples.plainmain;

/**
 * The verdict on one invariant or cross-check.
 *
 * @param id     "1" to "7" for the invariants of DESIGN.md, a letter for the example's own cross-checks
 * @param title  what is claimed
 * @param passed whether it held everywhere it was looked at
 * @param detail what was compared when it passed; the first violations when it did not
 */
public record Check(String id, String title, boolean passed, String detail) {
}
