package io.qcommerce.oms.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table, padded so it also reads well as plain text on a console. */
final class ResultTable {
    private final List<String> header;
    private final List<Boolean> rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    ResultTable(List<String> header, List<Boolean> rightAligned) {
        this.header = List.copyOf(header);
        this.rightAligned = List.copyOf(rightAligned);
    }

    void add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + row.size() + " cells for " + header.size() + " columns");
        }
        rows.add(List.copyOf(row));
    }

    String render() {
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = Math.max(3, header.get(i).length());
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        out.append('|');
        for (int i = 0; i < header.size(); i++) {
            out.append(' ');
            if (rightAligned.get(i)) {
                out.append("-".repeat(width[i] - 1)).append(':');
            } else {
                out.append("-".repeat(width[i]));
            }
            out.append(" |");
        }
        out.append('\n');
        for (List<String> r : rows) {
            line(out, r, width);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] width) {
        out.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            out.append(' ').append(rightAligned.get(i) ? pad + c : c + pad).append(" |");
        }
        out.append('\n');
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String micros(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String percent(double share) {
        if (Double.isNaN(share) || Double.isInfinite(share)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    static String ratio(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.0f×" : "%.2f×", v);
    }
}
