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
 * A connection: a curve from an output port to an input port, labelled with the tensor shape it carries, along the
 * route {@link Wire} gives it: forwards one cubic, backwards through the space between the cards' rows, and round any
 * card that lies in the way; the label on a part of the route no card covers.
 */
final class EdgeView extends Group {
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    final Edge edge;
    final Path curve = new Path();
    final Label label = new Label();
    /** The route's points: start, then three per cubic segment (control, control, end); world units. */
    double[] route = new double[0];
    /** The route's hull and its label (world units), kept as plain numbers: culling reads them often. */
    double minX, minY, maxX, maxY;
    /** The point of the route the label belongs to. */
    private double midX, midY;

    EdgeView(Edge edge) {
        this.edge = edge;
        getStyleClass().add("edge");
        curve.getStyleClass().add("edge-curve");
        curve.setFill(null);
        label.getStyleClass().add("edge-label");
        label.setMouseTransparent(true);
        // Centred on the curve's middle whatever width the text turns out to have once styled.
        label.translateXProperty().bind(label.widthProperty().multiply(-0.5));
        // As high as the routes leave it room for, whatever the monospace font's line height: Noto Sans Mono's (the
        // monospace of many Linux desktops) made the label 15 units high, not 14, and some lay on their own wires.
        label.setPrefHeight(WireLabels.LABEL_H);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addAll(curve, label);
    }

    /** Takes route {@code r}: the curve follows it, the label goes where it says. */
    void setRoute(Wire.Route r) {
        route = r.points();
        draw(curve, route);
        midX = r.midX();
        midY = r.midY();
        label.relocate(r.labelX(), r.labelY());
        minX = minY = Double.MAX_VALUE;
        maxX = maxY = -Double.MAX_VALUE;
        for (int i = 0; i < route.length; i += 2) {
            minX = Math.min(minX, route[i]);
            maxX = Math.max(maxX, route[i]);
            minY = Math.min(minY, route[i + 1]);
            maxY = Math.max(maxY, route[i + 1]);
        }
        // The label, above or below the wire, counts too (its box estimated: it may not have been laid out yet).
        double w = labelWidth();
        minX = Math.min(minX, r.labelX() - w / 2);
        maxX = Math.max(maxX, r.labelX() + w / 2);
        minY = Math.min(minY, r.labelY() - 4);
        maxY = Math.max(maxY, r.labelY() + labelHeight() + 4);
    }

    /**
     * The label's width, estimated from its text (10px monospace, about 6 units a character, and its padding), so that the
     * route can find it a place before CSS has measured it. In world units, as the cards' text is: View › Text Size
     * enlarges the whole drawing ({@link Viewport#setTextScale}).
     */
    double labelWidth() {
        String t = label.getText();
        return 6.1 * (t == null || t.isEmpty() ? 8 : t.length()) + 8;
    }

    /** The label's height, as {@link #labelWidth} estimated. */
    double labelHeight() {
        return WireLabels.LABEL_H;
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

    /** The point of the route its label belongs to, where a node dropped onto it is inserted. */
    Point2D mid() {
        return new Point2D(midX, midY);
    }

    /** Whether the route's hull (its ends and control points) or its label meets the world rectangle (x0, y0)–(x1, y1). */
    boolean within(double x0, double y0, double x1, double y1) {
        return maxX >= x0 && minX <= x1 && maxY >= y0 && minY <= y1;
    }

    /** Lights the wire up as where a dragged layer would go in. */
    void setDropTarget(boolean on) {
        curve.pseudoClassStateChanged(DROP_TARGET, on);
    }

    /** Shows {@code text}; true when that changes the label's estimated width, and so perhaps where it fits. */
    boolean setText(String text) {
        if (text.equals(label.getText())) return false;
        double before = labelWidth();
        label.setText(text);
        describe();
        return labelWidth() != before;
    }

    private String fromName = "", toName = "";

    /** The wire's ends by name ("x.out", "fc1.in"): a node may be renamed, its id never is. */
    void setEnds(String from, String to) {
        fromName = from;
        toName = to;
        describe();
    }

    /** What a screen reader says of the wire: its ends, and the shape it carries. */
    private void describe() {
        String t = label.getText();
        setAccessibleText("Wire " + fromName + " to " + toName + (t == null || t.isEmpty() ? "" : ", carries " + t));
    }
}
