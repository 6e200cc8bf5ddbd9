package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.transform.Scale;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;

/** The whole drawing as a picture or an SVG document (File › Export), whatever part of it is in view. */
final class CanvasPictures {
    private final CanvasView cv;

    CanvasPictures(CanvasView cv) {
        this.cv = cv;
    }

    /**
     * The whole drawing as a picture, {@code scale} pixels per world unit (2: twice the canvas at 100 %), on the canvas's
     * background: every card, wire and note as the canvas draws them, whatever part of it is in view, no selection
     * marked (File › Export › Picture of the network). Null for an empty canvas; a drawing too large for that scale is
     * drawn smaller: at most {@link #MAX_PICTURE} pixels on its longer side and {@link #MAX_PICTURE_PIXELS} in all.
     */
    WritableImage picture(double scale) {
        Rectangle2D b = cv.scene.worldBounds();
        if (b == null) return null;
        double margin = 40, w = b.getWidth() + 2 * margin, h = b.getHeight() + 2 * margin;
        // Within a texture's side and a memory budget: each layer is drawn to its own image before they are put together.
        double s = Math.min(scale, Math.min(CanvasView.MAX_PICTURE / Math.max(w, h), Math.sqrt(CanvasView.MAX_PICTURE_PIXELS / (w * h))));
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        p.setTransform(new Scale(s, s));
        p.setViewport(new Rectangle2D((b.getMinX() - margin) * s, (b.getMinY() - margin) * s, w * s, h * s));
        List<WritableImage> layers = new ArrayList<>();
        whole(() -> {
            for (Group layer : List.of(cv.noteLayer, cv.edgeLayer, cv.cardLayer)) layers.add(layer.snapshot(p, null));
        });
        Canvas picture = new Canvas(Math.ceil(w * s), Math.ceil(h * s));
        GraphicsContext gc = picture.getGraphicsContext2D();
        gc.setFill(background());
        gc.fillRect(0, 0, picture.getWidth(), picture.getHeight());
        for (WritableImage layer : layers) gc.drawImage(layer, 0, 0);
        return picture.snapshot(null, null);
    }

    /**
     * The whole drawing as an SVG document, one unit per world unit (the canvas at 100 %), with the margin and
     * background of {@link #picture}: every card, wire and note as the canvas draws them, as shapes and text that stay
     * sharp at any size and that a drawing program can edit (File › Export › Picture of the network (SVG)). Null for an
     * empty canvas.
     */
    String svg(String title) {
        Rectangle2D b = cv.scene.worldBounds();
        if (b == null) return null;
        double margin = 40;
        Rectangle2D box = new Rectangle2D(b.getMinX() - margin, b.getMinY() - margin, b.getWidth() + 2 * margin, b.getHeight() + 2 * margin);
        String[] svg = new String[1];
        whole(() -> {
            for (Group layer : List.of(cv.noteLayer, cv.edgeLayer, cv.cardLayer)) {
                layer.applyCss();
                layer.layout();
            }
            svg[0] = SvgPicture.of(List.of(cv.noteLayer, cv.edgeLayer, cv.cardLayer), box, background(), title);
        });
        return svg[0];
    }

    Paint background() {
        return cv.getBackground() != null && !cv.getBackground().getFills().isEmpty() ? cv.getBackground().getFills().get(0).getFill() : Color.WHITE;
    }

    /**
     * Runs {@code draw} with everything in the scene for the moment (culling keeps only what is near the view), drawn
     * afresh rather than from the cached picture of each card, which would blur when scaled, and nothing marked as
     * selected; then puts the view back as it was.
     */
    void whole(Runnable draw) {
        Graph g = cv.model.viewGraph();
        Analysis an = cv.model.viewAnalysis();
        for (NodeCard c : cv.cards.values()) {
            if (an.graph() == g && g.node(c.nodeId()) != null && cv.scene.show(c, g, an)) cv.scene.layoutEdgesOf(c.nodeId());
            c.setSelected(false);
            c.setCache(false);
        }
        cv.cardLayer.getChildren().setAll(cv.cards.values());
        cv.edgeLayer.getChildren().setAll(cv.edges.values());
        for (NoteView n : cv.notes.values()) n.setSelected(false);
        try {
            draw.run();
        } finally {
            for (NodeCard c : cv.cards.values()) c.setCache(true);
            for (String id : cv.model.selection()) cv.scene.mark(id, true);
            cv.scene.cull();
        }
    }
}
