package layerlab.ui.start;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;
import layerlab.ui.canvas.Wire;
import layerlab.ui.editor.Placement;

/**
 * A miniature of a graph: one box per node in its category's colour, at its canvas position, and a line per edge.
 * Drawn rather than snapshotted, so it needs no live canvas and reads the same on light and dark backgrounds.
 */
final class Thumbnail {
    /** A node card's size on the canvas: the wires go round the boxes as they go round the cards. */
    private static final double CARD_W = Placement.CARD_W, CARD_H = Placement.CARD_H, PAD = 8;
    /** The palette's category colours (base.css), which the cards share. */
    private static final Map<Category, Color> COLOURS = new EnumMap<>(Category.class);

    static {
        COLOURS.put(Category.DATA, Color.web("#5b6b7f"));
        COLOURS.put(Category.LINEAR, Color.web("#2f6fed"));
        COLOURS.put(Category.CONVOLUTION, Color.web("#0f9d8a"));
        COLOURS.put(Category.POOLING, Color.web("#3aa0c9"));
        COLOURS.put(Category.NORMALISATION, Color.web("#8e5bd1"));
        COLOURS.put(Category.REGULARISATION, Color.web("#b0813a"));
        COLOURS.put(Category.EMBEDDING, Color.web("#c2529a"));
        COLOURS.put(Category.RECURRENT, Color.web("#d0682f"));
        COLOURS.put(Category.ATTENTION, Color.web("#4f9d3a"));
        COLOURS.put(Category.ACTIVATION, Color.web("#d4a017"));
        COLOURS.put(Category.GRAPH_OPS, Color.web("#6f7b8a"));
        COLOURS.put(Category.BLOCKS, Color.web("#4a56c9"));
        COLOURS.put(Category.LOSS, Color.web("#d9363e"));
    }

    private Thumbnail() {
    }

    static Canvas of(Graph g, double width, double height) {
        Canvas c = new Canvas(width, height);
        c.getStyleClass().add("sample-thumbnail");
        if (g.nodes().isEmpty()) return c;
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Node n : g.nodes()) {
            minX = Math.min(minX, n.position().x());
            minY = Math.min(minY, n.position().y());
            maxX = Math.max(maxX, n.position().x() + CARD_W);
            maxY = Math.max(maxY, n.position().y() + CARD_H);
        }
        double scale = Math.min((width - 2 * PAD) / (maxX - minX), (height - 2 * PAD) / (maxY - minY));
        scale = Math.min(scale, 0.35);
        double ox = (width - (maxX - minX) * scale) / 2 - minX * scale, oy = (height - (maxY - minY) * scale) / 2 - minY * scale;
        GraphicsContext gc = c.getGraphicsContext2D();
        Map<String, Node> byId = new HashMap<>();
        List<double[]> boxes = new ArrayList<>();
        for (Node n : g.nodes()) {
            byId.put(n.id(), n);
            boxes.add(new double[] {n.position().x(), n.position().y(), n.position().x() + CARD_W, n.position().y() + CARD_H});
        }
        Wire.Cards cards = Wire.Cards.of(boxes);
        gc.setStroke(Color.gray(0.55, 0.8));
        gc.setLineWidth(1.2);
        for (Edge e : g.edges()) {
            Node a = byId.get(e.fromNode()), b = byId.get(e.toNode());
            if (a == null || b == null) continue;
            // The canvas's route, in world units, scaled down.
            double[] r = Wire.route(new Point2D(a.position().x() + CARD_W, a.position().y() + CARD_H / 2),
                    new Point2D(b.position().x(), b.position().y() + CARD_H / 2), cards, 0).points();
            gc.beginPath();
            gc.moveTo(ox + r[0] * scale, oy + r[1] * scale);
            for (int i = 2; i + 5 < r.length; i += 6) {
                gc.bezierCurveTo(ox + r[i] * scale, oy + r[i + 1] * scale, ox + r[i + 2] * scale, oy + r[i + 3] * scale, ox + r[i + 4] * scale,
                        oy + r[i + 5] * scale);
            }
            gc.stroke();
        }
        double w = CARD_W * scale, h = CARD_H * scale, r = Math.max(3, 10 * scale);
        for (Node n : g.nodes()) {
            LayerSpec spec = Registry.find(n.kind());
            Color col = spec == null ? Color.GRAY : COLOURS.getOrDefault(spec.category(), Color.GRAY);
            double x = ox + n.position().x() * scale, y = oy + n.position().y() * scale;
            gc.setFill(col.deriveColor(0, 1, 1, 0.22));
            gc.fillRoundRect(x, y, w, h, r, r);
            gc.setStroke(col);
            gc.setLineWidth(1.2);
            gc.strokeRoundRect(x, y, w, h, r, r);
            gc.setFill(col);
            gc.fillRoundRect(x, y, Math.max(3, w * 0.08), h, r, r);
        }
        return c;
    }
}
