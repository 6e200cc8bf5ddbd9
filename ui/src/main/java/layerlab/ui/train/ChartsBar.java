package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/**
 * The bar above the training charts: their buttons, then the one legend of the loss and accuracy charts, then a hint where
 * the line has room for it. It wraps rather than cutting a label short in a narrow window.
 */
final class ChartsBar extends FlowPane {
    private final Label hint = new Label("drag: zoom · hover: values");
    /** The legend's entries. */
    private final List<Label> legend = new ArrayList<>();
    /** How many buttons come before the legend. */
    private final int controls;

    ChartsBar(List<Control> buttons) {
        super(8, 4);
        setId("chartsBar");
        controls = buttons.size();
        hint.setId("chartsHint");
        hint.getStyleClass().add("muted");
        hint.setTooltip(new Tooltip("Drag across a chart to zoom into that range; hover over a point to see its value"));
        getChildren().addAll(buttons);
        getChildren().add(hint);
        setAlignment(Pos.CENTER_LEFT);
        for (Control c : buttons) c.setMinWidth(Region.USE_PREF_SIZE);
        hint.setMinWidth(Region.USE_PREF_SIZE);
        setPadding(new Insets(4));
        widthProperty().addListener(o -> hintIfRoom());
        for (Control c : buttons) c.widthProperty().addListener(o -> hintIfRoom());
    }

    /**
     * Shows {@code items} as the charts' legend, at the text size's share {@code scale}: each series' line (and marker, for a
     * per-epoch one) as the charts draw it in the theme, and its name.
     */
    void showLegend(org.jfree.chart.LegendItemCollection items, double scale) {
        getChildren().removeAll(legend);
        legend.clear();
        for (int i = 0; i < items.getItemCount(); i++) {
            org.jfree.chart.LegendItem it = items.get(i);
            Label l = new Label(it.getLabel(), swatch(it, scale));
            l.setId("chartsLegend" + i);
            l.setMinWidth(Region.USE_PREF_SIZE);
            // Its width is known once it has its style (the window's text size).
            l.widthProperty().addListener(o -> hintIfRoom());
            legend.add(l);
        }
        getChildren().addAll(controls, legend);
        hintIfRoom();
    }

    /**
     * The hint goes last on the bar's line, and only where it fits there: at a projector's text size a second line of bar
     * took the charts' height (the tooltips say the same).
     */
    private void hintIfRoom() {
        double need = snappedLeftInset() + snappedRightInset();
        for (javafx.scene.Node n : getChildren()) if (n != hint) need += n.prefWidth(-1) + getHgap();
        boolean room = getWidth() <= 0 || need + hint.prefWidth(-1) <= getWidth();
        hint.setVisible(room);
        hint.setManaged(room);
    }

    /** A legend item's line and marker, drawn as the chart draws them. */
    private static javafx.scene.canvas.Canvas swatch(org.jfree.chart.LegendItem it, double scale) {
        javafx.scene.canvas.Canvas c = new javafx.scene.canvas.Canvas(Math.round(26 * scale), Math.round(12 * scale));
        org.jfree.fx.FXGraphics2D g = new org.jfree.fx.FXGraphics2D(c.getGraphicsContext2D());
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        double w = c.getWidth(), h = c.getHeight();
        if (it.isLineVisible() && it.getLinePaint() != null) {
            g.setPaint(it.getLinePaint());
            g.setStroke(it.getLineStroke());
            g.draw(new java.awt.geom.Line2D.Double(1, h / 2, w - 1, h / 2));
        }
        if (it.isShapeVisible() && it.getShape() != null) {
            java.awt.Shape sh = java.awt.geom.AffineTransform.getTranslateInstance(w / 2, h / 2).createTransformedShape(it.getShape());
            g.setPaint(it.getFillPaint());
            g.fill(sh);
        }
        return c;
    }
}
