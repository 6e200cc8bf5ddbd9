package layerlab.ui.canvas;

import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import layerlab.graph.Edge;

/**
 * A connection: a curve from an output port to an input port, labelled with the tensor shape it carries. A wire that
 * runs forwards is one cubic; one that runs backwards (to the start of the next row of a wrapped layout, say) is two,
 * leaving its output rightwards, crossing back through the space between the cards' rows and entering its input from
 * the left, rather than cutting behind the cards.
 */
final class EdgeView extends Group {
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    final Edge edge;
    final Path curve = new Path();
    final Label label = new Label();
    /** The route's points: start, then three per cubic segment (control, control, end); world units. */
    double[] route = new double[0];
    /** The route's hull and the label above its middle (world units), kept as plain numbers: culling reads them often. */
    double minX, minY, maxX, maxY;

    EdgeView(Edge edge) {
        this.edge = edge;
        getStyleClass().add("edge");
        curve.getStyleClass().add("edge-curve");
        curve.setFill(null);
        label.getStyleClass().add("edge-label");
        label.setMouseTransparent(true);
        // Centred on the curve's middle whatever width the text turns out to have once styled.
        label.translateXProperty().bind(label.widthProperty().multiply(-0.5));
        getChildren().addAll(curve, label);
    }

    void setEnds(Point2D a, Point2D b) {
        route = Wire.route(a, b);
        draw(curve, route);
        Point2D mid = mid();
        label.relocate(mid.getX(), mid.getY() - 20);
        minX = minY = Double.MAX_VALUE;
        maxX = maxY = -Double.MAX_VALUE;
        for (int i = 0; i < route.length; i += 2) {
            minX = Math.min(minX, route[i]);
            maxX = Math.max(maxX, route[i]);
            minY = Math.min(minY, route[i + 1]);
            maxY = Math.max(maxY, route[i + 1]);
        }
        // The label sits above the middle.
        minY = Math.min(minY, mid.getY() - 24);
    }

    /** Draws {@code route} into {@code p} (the edges, and the wire being dragged). */
    static void draw(Path p, double[] route) {
        var els = p.getElements();
        int segments = (route.length - 2) / 6;
        if (els.size() != 1 + segments) {
            els.clear();
            els.add(new MoveTo());
            for (int s = 0; s < segments; s++) els.add(new CubicCurveTo());
        }
        MoveTo m = (MoveTo) els.get(0);
        m.setX(route[0]);
        m.setY(route[1]);
        for (int s = 0; s < segments; s++) {
            CubicCurveTo c = (CubicCurveTo) els.get(1 + s);
            int i = 2 + 6 * s;
            c.setControlX1(route[i]);
            c.setControlY1(route[i + 1]);
            c.setControlX2(route[i + 2]);
            c.setControlY2(route[i + 3]);
            c.setX(route[i + 4]);
            c.setY(route[i + 5]);
        }
    }

    /** The route's middle, where its label sits and where a node dropped onto it is inserted. */
    Point2D mid() {
        double[] r = route;
        if (r.length > 8) return new Point2D(r[6], r[7]); // a backward route's segments meet in its middle
        return new Point2D(0.125 * r[0] + 0.375 * r[2] + 0.375 * r[4] + 0.125 * r[6], 0.125 * r[1] + 0.375 * r[3] + 0.375 * r[5] + 0.125 * r[7]);
    }

    /** Whether the route's hull (its ends and control points) or its label meets the world rectangle (x0, y0)–(x1, y1). */
    boolean within(double x0, double y0, double x1, double y1) {
        return maxX >= x0 && minX <= x1 && maxY >= y0 && minY <= y1;
    }

    /** Lights the wire up as where a dragged layer would go in. */
    void setDropTarget(boolean on) {
        curve.pseudoClassStateChanged(DROP_TARGET, on);
    }

    void setText(String text) {
        if (!text.equals(label.getText())) {
            label.setText(text);
        }
    }
}
