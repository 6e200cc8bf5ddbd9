package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A uniform grid over world rectangles: which items may meet a rectangle, without testing every item. The canvas
 * asks it which cards and edges come into view on each pan, so a frame costs what is visible, not what the graph
 * holds. An item sits in every cell its rectangle touches; one that would cover more than {@link #MAX_CELLS} cells
 * (a very long edge) is kept aside and offered to every query, so no item costs more than that.
 */
final class SpatialGrid<T> {
    static final int MAX_CELLS = 64;

    private final double cell;
    // Each cell holds its items with their rectangles, so that a query reads them without a look-up per item.
    private final Map<Long, List<Slot<T>>> cells = new HashMap<>();
    private final Map<T, Slot<T>> slots = new HashMap<>();
    private final Set<Slot<T>> large = new LinkedHashSet<>();

    /** An item and its rectangle {x0, y0, x1, y1}, changed in place while it stays in the same cells. */
    private static final class Slot<T> {
        final T item;
        final double[] b;

        Slot(T item, double[] b) {
            this.item = item;
            this.b = b;
        }
    }

    SpatialGrid(double cell) {
        this.cell = cell;
    }

    /** Places or moves {@code item} to the rectangle (x0, y0)–(x1, y1). */
    void put(T item, double x0, double y0, double x1, double y1) {
        Slot<T> old = slots.get(item);
        if (old != null && cellsEqual(old.b, x0, y0, x1, y1)) {
            old.b[0] = x0;
            old.b[1] = y0;
            old.b[2] = x1;
            old.b[3] = y1;
            return;
        }
        if (old != null) remove(item);
        Slot<T> s = new Slot<>(item, new double[] {x0, y0, x1, y1});
        slots.put(item, s);
        int cx0 = index(x0), cy0 = index(y0), cx1 = index(x1), cy1 = index(y1);
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > MAX_CELLS) {
            large.add(s);
            return;
        }
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) cells.computeIfAbsent(key(cx, cy), k -> new ArrayList<>(4)).add(s);
        }
    }

    void remove(T item) {
        Slot<T> s = slots.remove(item);
        if (s == null || large.remove(s)) return;
        double[] b = s.b;
        int cx0 = index(b[0]), cy0 = index(b[1]), cx1 = index(b[2]), cy1 = index(b[3]);
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                List<Slot<T>> l = cells.get(key(cx, cy));
                if (l == null) continue;
                l.remove(s);
                if (l.isEmpty()) cells.remove(key(cx, cy));
            }
        }
    }

    void clear() {
        cells.clear();
        slots.clear();
        large.clear();
    }

    int size() {
        return slots.size();
    }

    /** Exactly the items whose rectangles meet (x0, y0)–(x1, y1), edges included, each once, in a stable order. */
    Set<T> query(double x0, double y0, double x1, double y1) {
        Set<T> out = new LinkedHashSet<>();
        for (Slot<T> s : large) if (meets(s.b, x0, y0, x1, y1)) out.add(s.item);
        int cx0 = index(x0), cy0 = index(y0), cx1 = index(x1), cy1 = index(y1);
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.size()) {
            // A query wider than the occupied cells: walking the items is cheaper than walking empty cells.
            for (Slot<T> s : slots.values()) if (meets(s.b, x0, y0, x1, y1)) out.add(s.item);
            return out;
        }
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                List<Slot<T>> l = cells.get(key(cx, cy));
                if (l == null) continue;
                for (Slot<T> s : l) if (meets(s.b, x0, y0, x1, y1)) out.add(s.item);
            }
        }
        return out;
    }

    /**
     * Hands {@code sink} the rectangle {x0, y0, x1, y1} of each item that meets (x0, y0)–(x1, y1), gathering nothing: an
     * item in several of the cells looked at comes once from each. The arrays are the grid's own, to be read only (the
     * wires' router asks for the cards near a route many times a frame while a card is dragged).
     */
    void visit(double x0, double y0, double x1, double y1, Consumer<double[]> sink) {
        for (Slot<T> s : large) if (meets(s.b, x0, y0, x1, y1)) sink.accept(s.b);
        int cx0 = index(x0), cy0 = index(y0), cx1 = index(x1), cy1 = index(y1);
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.size()) {
            for (Slot<T> s : slots.values()) if (meets(s.b, x0, y0, x1, y1)) sink.accept(s.b);
            return;
        }
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                List<Slot<T>> l = cells.get(key(cx, cy));
                if (l == null) continue;
                for (Slot<T> s : l) if (meets(s.b, x0, y0, x1, y1)) sink.accept(s.b);
            }
        }
    }

    /**
     * Hands {@code sink} each item whose rectangle meets (x0, y0)–(x1, y1), gathering nothing: an item in several of the
     * cells looked at comes once from each.
     */
    void each(double x0, double y0, double x1, double y1, Consumer<T> sink) {
        for (Slot<T> s : large) if (meets(s.b, x0, y0, x1, y1)) sink.accept(s.item);
        int cx0 = index(x0), cy0 = index(y0), cx1 = index(x1), cy1 = index(y1);
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.size()) {
            for (Slot<T> s : slots.values()) if (meets(s.b, x0, y0, x1, y1)) sink.accept(s.item);
            return;
        }
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                List<Slot<T>> l = cells.get(key(cx, cy));
                if (l == null) continue;
                for (Slot<T> s : l) if (meets(s.b, x0, y0, x1, y1)) sink.accept(s.item);
            }
        }
    }

    private static boolean meets(double[] b, double x0, double y0, double x1, double y1) {
        return b[2] >= x0 && b[0] <= x1 && b[3] >= y0 && b[1] <= y1;
    }

    private boolean cellsEqual(double[] b, double x0, double y0, double x1, double y1) {
        return index(b[0]) == index(x0) && index(b[1]) == index(y0) && index(b[2]) == index(x1) && index(b[3]) == index(y1);
    }

    private int index(double v) {
        // Clamped, so that a stray huge coordinate cannot overflow the key.
        return (int) Math.max(-1e9, Math.min(1e9, Math.floor(v / cell)));
    }

    private static long key(int cx, int cy) {
        // One key for each cell, mixed (an odd multiplier is one-to-one) so that Long's hash, its halves' xor, does not
        // put every cell of a diagonal in one bucket.
        return (((long) cx << 32) ^ (cy & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
    }
}
