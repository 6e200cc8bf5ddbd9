package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rectangles ({x0, y0, x1, y1}) filed by the square cells of a coarse grid they touch, so that asking whether a
 * rectangle comes near any of them looks at the few filed in its cells, not at every card of the graph. A paste of 30
 * cards into a 1,000-card graph tries thousands of places ({@link Placement#freeOffset}): checked against every card,
 * that took a second.
 */
final class RectIndex {
    /** The cells' side in world units: about two cards wide, so a card is filed in a few cells. */
    private static final double CELL = 400;
    private final Map<Long, List<double[]>> cells = new HashMap<>();

    RectIndex(List<double[]> rects) {
        for (double[] r : rects) {
            for (long cx = cell(r[0]); cx <= cell(r[2]); cx++) {
                for (long cy = cell(r[1]); cy <= cell(r[3]); cy++) cells.computeIfAbsent(key(cx, cy), k -> new ArrayList<>()).add(r);
            }
        }
    }

    /** Whether any rectangle filed overlaps the open rectangle (x0, y0)–(x1, y1). */
    boolean overlaps(double x0, double y0, double x1, double y1) {
        for (long cx = cell(x0); cx <= cell(x1); cx++) {
            for (long cy = cell(y0); cy <= cell(y1); cy++) {
                List<double[]> in = cells.get(key(cx, cy));
                if (in == null) continue;
                for (double[] o : in) if (o[2] > x0 && o[0] < x1 && o[3] > y0 && o[1] < y1) return true;
            }
        }
        return false;
    }

    /** How many rectangles {@link #overlaps} looks at for (x0, y0)–(x1, y1) at the most: those filed in its cells (tests). */
    int lookedAt(double x0, double y0, double x1, double y1) {
        int n = 0;
        for (long cx = cell(x0); cx <= cell(x1); cx++) {
            for (long cy = cell(y0); cy <= cell(y1); cy++) n += cells.getOrDefault(key(cx, cy), List.of()).size();
        }
        return n;
    }

    private static long cell(double v) {
        return (long) Math.floor(v / CELL);
    }

    private static long key(long cx, long cy) {
        return (cx << 32) ^ (cy & 0xffffffffL);
    }
}
