package layerlab.ui.canvas;

import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;

/** The minimap (M): every node as a small box and the visible part as a frame; click to move the view there. */
final class Minimap extends StackPane {
    private static final double W = 200, H = 130;
    private final CanvasView view;
    private final Canvas canvas = new Canvas(W, H);
    private Rectangle2D shown;
    private double scale;

    Minimap(CanvasView view) {
        this.view = view;
        setId("minimap");
        getStyleClass().add("minimap");
        setMaxSize(W + 8, H + 8);
        getChildren().add(canvas);
        setVisible(false);
        visibleProperty().addListener((o, a, b) -> redraw());
        canvas.setOnMousePressed(e -> centreOn(e.getX(), e.getY()));
        canvas.setOnMouseDragged(e -> centreOn(e.getX(), e.getY()));
    }

    void redraw() {
        if (!isVisible()) return;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, W, H);
        Rectangle2D b = view.worldBounds();
        if (b == null) return;
        double pad = 100;
        shown = new Rectangle2D(b.getMinX() - pad, b.getMinY() - pad, b.getWidth() + 2 * pad, b.getHeight() + 2 * pad);
        scale = Math.min(W / shown.getWidth(), H / shown.getHeight());
        g.setFill(Color.rgb(120, 140, 180, 0.7));
        for (NodeCard c : view.cards().values()) {
            g.fillRect((c.getLayoutX() - shown.getMinX()) * scale, (c.getLayoutY() - shown.getMinY()) * scale,
                    Math.max(2, NodeCard.W * scale), Math.max(2, NodeCard.H * scale));
        }
        Viewport vp = view.viewport();
        Point2D a = vp.toWorld(0, 0), z = vp.toWorld(view.surface().getWidth(), view.surface().getHeight());
        g.setStroke(Color.rgb(47, 111, 237));
        g.setLineWidth(1.5);
        g.strokeRect((a.getX() - shown.getMinX()) * scale, (a.getY() - shown.getMinY()) * scale,
                (z.getX() - a.getX()) * scale, (z.getY() - a.getY()) * scale);
    }

    private void centreOn(double mx, double my) {
        if (shown == null) return;
        double wx = shown.getMinX() + mx / scale, wy = shown.getMinY() + my / scale;
        Viewport vp = view.viewport();
        Point2D s = vp.toScreen(wx, wy);
        vp.pan(view.surface().getWidth() / 2 - s.getX(), view.surface().getHeight() / 2 - s.getY());
    }
}
