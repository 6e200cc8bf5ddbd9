package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.geometry.Point2D;
import layerlab.graph.Position;
import layerlab.ui.editor.ClipboardJson;
import layerlab.ui.editor.Placement;

/**
 * Copy, Paste and Duplicate on the canvas, as project JSON (so that a paste can come from another window): a paste
 * lands at the pointer, beside the copy or in the middle of the view, on no card.
 */
final class CanvasClipboard {
    private final CanvasView cv;
    String internalClipboard;

    CanvasClipboard(CanvasView cv) {
        this.cv = cv;
    }

    /** Copies the selection (as project JSON) to the system clipboard, and keeps it for this window's Paste. */
    void copy() {
        String json = ClipboardJson.copy(cv.model.viewGraph(), cv.model.selection(), cv.model.graph());
        if (json == null) return;
        internalClipboard = json;
        try {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(json);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        } catch (RuntimeException ignored) {
            // No system clipboard (headless): this window's copy still pastes.
        }
        cv.model.messageProperty().set("Copied " + cv.model.selection().size() + " item(s)");
    }

    void paste() {
        String text = null;
        try {
            String s = javafx.scene.input.Clipboard.getSystemClipboard().getString();
            if (ClipboardJson.looksLikeProject(s)) text = s;
        } catch (RuntimeException ignored) {
            // fall back to this window's copy
        }
        if (text == null) text = internalClipboard;
        pasteText(text, "Paste");
    }

    void duplicate() {
        String json = ClipboardJson.copy(cv.model.viewGraph(), cv.model.selection(), cv.model.graph());
        pasteText(json, "Duplicate");
    }

    void pasteText(String text, String name) {
        if (text == null) return;
        List<String> ids = new ArrayList<>();
        try {
            // Inside a block, the pasted nodes go to its body and the blocks they place to the project's library.
            String scope = cv.model.scopeProperty().get();
            ClipboardJson.Where where = pasteWhere(name.equals("Paste") && cv.surface.isHover());
            boolean done = scope == null ? cv.model.execute(ClipboardJson.paste(text, name, ids, null, where))
                    : cv.model.executeOnProject(ClipboardJson.paste(text, name, ids, scope, where));
            if (done) {
                cv.model.select(ids);
                cv.fitting.showItems(ids);
            }
        } catch (layerlab.graph.json.ProjectFormatException e) {
            cv.model.messageProperty().set("Cannot paste: " + e.getMessage());
        }
    }

    /**
     * Where a paste lands: at the pointer when it is over the canvas ({@code atPointer}), else beside the copied items when
     * that is in view (a copy in this window), else in the middle of the view (a copy from another window, whose places
     * mean nothing here); from there, the nearest place in view where no card or note lies.
     */
    ClipboardJson.Where pasteWhere(boolean atPointer) {
        double[] view = visibleWorld();
        return (into, part) -> {
            List<double[]> rects = ClipboardJson.rects(part);
            double[] box = Placement.bounds(rects);
            if (box == null) return new Position(ClipboardJson.OFFSET, ClipboardJson.OFFSET);
            double dx = ClipboardJson.OFFSET, dy = ClipboardJson.OFFSET;
            if (atPointer) {
                Position p = cv.snapped(cv.lastMouseWorld.getX(), cv.lastMouseWorld.getY());
                dx = p.x() - box[0];
                dy = p.y() - box[1];
            } else if (box[0] + dx < view[0] || box[1] + dy < view[1] || box[2] + dx > view[2] || box[3] + dy > view[3]) {
                Position p = cv.snapped((view[0] + view[2] - (box[2] - box[0])) / 2, (view[1] + view[3] - (box[3] - box[1])) / 2);
                dx = p.x() - box[0];
                dy = p.y() - box[1];
            }
            return Placement.freeOffset(into, Set.of(), rects, dx, dy, view);
        };
    }

    /** The world rectangle the canvas shows, {x0, y0, x1, y1}, less a margin. */
    double[] visibleWorld() {
        Point2D a = cv.vp.toWorld(0, 0), b = cv.vp.toWorld(cv.surface.getWidth(), cv.surface.getHeight());
        double m = CanvasView.GRID;
        return new double[] {a.getX() + m, a.getY() + m, Math.max(a.getX() + m, b.getX() - m), Math.max(a.getY() + m, b.getY() - m)};
    }
}
