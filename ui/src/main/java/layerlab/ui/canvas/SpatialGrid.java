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
    private final Map<Long, List<T>> cells = new HashMap<>();
    private final Map<T, double[]> bounds = new HashMap<>();
    private final Set<T> large = new LinkedHashSet<>();

    SpatialGrid(double cell) {
        this.cell = cell;
    }

    /** Places or moves {@code item} to the rectangle (x0, y0)–(x1, y1). */
    void put(T item, double x0, double y0, double x1, double y1) {
        double[] old = bounds.get(item);
        if (old != null && cellsEqual(old, x0, y0, x1, y1)) {
            old[0] = x0;
            old[1] = y0;
            old[2] = x1;
            old[3] = y1;
            return;
        }
        if (old != null) remove(item);
        double[] b = {x0, y0, x1, y1};
        bounds.put(item, b);
        int cx0 = index(x0), cy0 = index(y0), cx1 = index(x1), cy1 = index(y1);
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > MAX_CELLS) {
            large.add(item);
            return;
        }
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) cells.computeIfAbsent(key(cx, cy), k -> new ArrayList<>(4)).add(item);
        }
    }

    void remove(T item) {
        double[] b = bounds.remove(item);
        if (b == null || large.remove(item)) return;
        int cx0 = index(b[0]), cy0 = index(b[1]), cx1 = index(b[2]), cy1 = index(b[3]);
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                List<T> l = cells.get(key(cx, cy));
                if (l == null) continue;
                l.remove(item);
                if (l.isEmpty()) cells.remove(key(cx, cy));
            }
        }
    }

    void clear() {
        cells.clear();
        bounds.clear();
        large.clear();
    }

    int size() {
        return bounds.size();
    }

    /** Exactly the items whose rectangles meet (x0, y0)–(x1, y1), edges included, each once, in a stable order. */
    Set<T> query(double x0, double y0, double x1, double y1) {
        Set<T> out = new LinkedHashSet<>();
        for (T t : large) if (meets(bounds.get(t), x0, y0, x1, y1)) out.add(t);
        int cx0 = index(x0), cy0 = index(y0), cx1 = index(x1), cy1 = index(y1);
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.size()) {
            // A query wider than the occupied cells: walking the items is cheaper than walking empty cells.
            for (Map.Entry<T, double[]> e : bounds.entrySet()) if (meets(e.getValue(), x0, y0, x1, y1)) out.add(e.getKey());
            return out;
        }
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                List<T> l = cells.get(key(cx, cy));
                if (l == null) continue;
                for (T t : l) if (meets(bounds.get(t), x0, y0, x1, y1)) out.add(t);
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
        for (T t : large) {
            double[] b = bounds.get(t);
            if (meets(b, x0, y0, x1, y1)) sink.accept(b);
        }
        int cx0 = index(x0), cy0 = index(y0), cx1 = index(x1), cy1 = index(y1);
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.size()) {
            for (double[] b : bounds.values()) if (meets(b, x0, y0, x1, y1)) sink.accept(b);
            return;
        }
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                List<T> l = cells.get(key(cx, cy));
                if (l == null) continue;
                for (T t : l) {
                    double[] b = bounds.get(t);
                    if (meets(b, x0, y0, x1, y1)) sink.accept(b);
                }
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
        return ((long) cx << 32) ^ (cy & 0xffffffffL);
    }
}
