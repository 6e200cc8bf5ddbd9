package layerlab.ui.canvas;

import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurve;
import layerlab.graph.Edge;

/** A connection: a curve from an output port to an input port, labelled with the tensor shape it carries. */
final class EdgeView extends Group {
    final Edge edge;
    final CubicCurve curve = new CubicCurve();
    final Label label = new Label();
    /** The curve's hull and the label above its middle (world units), kept as plain numbers: culling reads them often. */
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
        shape(curve, a, b);
        Point2D mid = mid();
        label.relocate(mid.getX(), mid.getY() - 20);
        CubicCurve c = curve;
        minX = Math.min(Math.min(c.getStartX(), c.getEndX()), Math.min(c.getControlX1(), c.getControlX2()));
        maxX = Math.max(Math.max(c.getStartX(), c.getEndX()), Math.max(c.getControlX1(), c.getControlX2()));
        // The label sits above the middle.
        minY = Math.min(Math.min(c.getStartY(), c.getEndY()), Math.min(c.getControlY1(), c.getControlY2())) - 24;
        maxY = Math.max(Math.max(c.getStartY(), c.getEndY()), Math.max(c.getControlY1(), c.getControlY2()));
    }

    static void shape(CubicCurve c, Point2D a, Point2D b) {
        double dx = Math.max(40, Math.abs(b.getX() - a.getX()) / 2);
        c.setStartX(a.getX());
        c.setStartY(a.getY());
        c.setControlX1(a.getX() + dx);
        c.setControlY1(a.getY());
        c.setControlX2(b.getX() - dx);
        c.setControlY2(b.getY());
        c.setEndX(b.getX());
        c.setEndY(b.getY());
    }

    /** The curve's middle (t = 0.5), where its label sits and where a node dropped onto it is inserted. */
    Point2D mid() {
        return new Point2D(0.125 * curve.getStartX() + 0.375 * curve.getControlX1() + 0.375 * curve.getControlX2() + 0.125 * curve.getEndX(),
                0.125 * curve.getStartY() + 0.375 * curve.getControlY1() + 0.375 * curve.getControlY2() + 0.125 * curve.getEndY());
    }

    /** Whether the curve's hull (its ends and control points) or its label meets the world rectangle (x0, y0)–(x1, y1). */
    boolean within(double x0, double y0, double x1, double y1) {
        return maxX >= x0 && minX <= x1 && maxY >= y0 && minY <= y1;
    }

    void setText(String text) {
        if (!text.equals(label.getText())) {
            label.setText(text);
        }
    }
}
