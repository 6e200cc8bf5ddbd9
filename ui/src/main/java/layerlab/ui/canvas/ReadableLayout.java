package layerlab.ui.canvas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.AutoLayout;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;

/**
 * A sample laid out for the canvas it opens in. The samples are as Auto-layout lays them out, in bands of up to four
 * columns; a narrow canvas (the first window of 1152 × 720, where the palette and properties leave the canvas 620 px)
 * showed SimpleCNN's four columns at 45 %, too small to read. There the sample wraps after fewer columns, when that
 * reaches a readable zoom with every card in view, else with the bands closer together too, else (a large text size) in
 * the columns that show it largest; a drawing the user arranged keeps its places.
 */
public final class ReadableLayout {
    /** How far a wire back to the next band loops out left of the cards (the fit keeps it in view). */
    private static final double LOOP = 90;
    /** The least margin a fit leaves around a drawing it makes readable ({@link Viewport#fit}). */
    private static final double MIN_MARGIN = 4;

    private ReadableLayout() {
    }

    /**
     * {@code g} for a canvas of {@code width} × {@code height}: rewrapped in fewer columns where only that makes it
     * readable; where no number of columns does (a narrow canvas at a large text size: 150 % text in a 1280 × 800 window
     * left SimpleCNN's four columns at 31 % on the zoom bar, its cards' text smaller than at 100 % text), in the columns
     * that show it clearly larger than its own do, the largest.
     */
    public static Graph forCanvas(Graph g, double width, double height) {
        if (g.nodes().isEmpty() || width <= 0 || height <= 0) return g;
        Map<String, Position> asIs = positions(g);
        if (!AutoLayout.layout(g, List.of()).equals(asIs)) return g;
        double own = zoom(g, asIs, width, height);
        if (own >= CanvasView.READABLE_ZOOM) return g;
        double largest = own * CLEARLY_LARGER;
        Map<String, Position> shownLargest = null;
        // Fewer columns; where no number of them is readable with the usual gap between bands (ConvBatchNormRGB's and
        // ConvNeXtMini's thirteen columns: four bands are too wide for the canvas, five too tall), bands only a row apart.
        for (double gap : new double[] {AutoLayout.BAND_GAP, 0}) {
            for (int columns = AutoLayout.MAX_COLUMNS - 1; columns >= 2; columns--) {
                Map<String, Position> p = AutoLayout.layout(g, List.of(), columns, gap);
                double z = zoom(g, p, width, height);
                if (z >= CanvasView.READABLE_ZOOM) return moved(g, p);
                if (z > largest) {
                    largest = z;
                    shownLargest = p;
                }
            }
        }
        return shownLargest == null ? g : moved(g, shownLargest);
    }

    /** How much larger than the sample's own layout a wrap that is still not readable must show it to be taken. */
    private static final double CLEARLY_LARGER = 1.1;

    private static Graph moved(Graph g, Map<String, Position> p) {
        Graph out = g;
        for (Map.Entry<String, Position> m : p.entrySet()) out = out.moveNode(m.getKey(), m.getValue()).after();
        return out;
    }

    /**
     * The zoom at which the cards of {@code g} at {@code p} just fit the canvas, with the loops of its wires back to the
     * next band: one left of the cards, and one right of a band's last card where that sticks out past the others (in
     * three columns the autoencoders' loops made the drawing 1,070 units wide, not the 980 a single loop gave, and they
     * opened at 51 % where 62 % was foreseen).
     */
    static double zoom(Graph g, Map<String, Position> p, double width, double height) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (Position q : p.values()) {
            x0 = Math.min(x0, q.x());
            y0 = Math.min(y0, q.y());
            x1 = Math.max(x1, q.x() + NodeCard.W);
            y1 = Math.max(y1, q.y() + NodeCard.H);
        }
        for (layerlab.graph.Edge e : g.edges()) {
            Position a = p.get(e.fromNode()), b = p.get(e.toNode());
            if (a != null && b != null && b.y() > a.y() && b.x() < a.x()) x1 = Math.max(x1, a.x() + NodeCard.W + LOOP);
        }
        return Math.min((width - 2 * MIN_MARGIN) / (x1 - x0 + LOOP), (height - 2 * MIN_MARGIN) / (y1 - y0));
    }

    private static Map<String, Position> positions(Graph g) {
        Map<String, Position> at = new LinkedHashMap<>();
        for (Node n : g.nodes()) at.put(n.id(), n.position());
        return at;
    }
}
