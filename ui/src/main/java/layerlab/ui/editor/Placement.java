package layerlab.ui.editor;

import layerlab.graph.AutoLayout;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;

/** Where a new card goes when the editor places it itself (quick add after a node, a problem's fix). */
public final class Placement {
    /** A card's size on the canvas, in world units. */
    public static final double CARD_W = 180, CARD_H = 104;

    private Placement() {
    }

    /** (x, y), or the first place down from it, a row at a time, that no card of {@code g} covers. */
    public static Position freeBelow(Graph g, double x, double y) {
        for (int tries = 0; tries < 50; tries++) {
            double yy = y + tries * AutoLayout.ROW;
            if (!covered(g, x, yy)) return new Position(x, yy);
        }
        return new Position(x, y);
    }

    private static boolean covered(Graph g, double x, double y) {
        for (Node m : g.nodes()) {
            if (Math.abs(m.position().x() - x) < CARD_W && Math.abs(m.position().y() - y) < CARD_H) return true;
        }
        return false;
    }
}
