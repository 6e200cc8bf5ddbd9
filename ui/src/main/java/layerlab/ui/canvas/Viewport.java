package layerlab.ui.canvas;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;

/**
 * Pan and zoom of the canvas: a screen point is {@code translate + zoom · world point}. Kept apart from the view so
 * that zooming at the cursor and fitting are tested without a screen.
 *
 * <p>View › Text Size enlarges the whole drawing with the window's text ({@link #setTextScale}): {@code zoom} is the
 * screen's pixels per world unit, the user's zoom times the text's scale, so at 200 % text a card at "100%" is drawn twice
 * as large, its text, ports and wires with it, while the drawing's own units (the positions saved) stay as they are.
 */
public final class Viewport {
    public static final double MIN_ZOOM = 0.1, MAX_ZOOM = 4;

    private final DoubleProperty x = new SimpleDoubleProperty(this, "x", 0);
    private final DoubleProperty y = new SimpleDoubleProperty(this, "y", 0);
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final ReadOnlyIntegerWrapper changes = new ReadOnlyIntegerWrapper(this, "changes");

    /**
     * Counts pans, zooms and fits, each once when x, y and zoom all hold their new values: what depends on all
     * three (which cards are in view) listens here, not to the properties one by one.
     */
    public ReadOnlyIntegerProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    private void changed() {
        changes.set(changes.get() + 1);
    }

    /** Whether the view is as the last fit left it: no pan or zoom since. */
    private boolean fitted;

    /**
     * True while the view shows what the last {@link #fit} showed, until a pan or a zoom: the
     * canvas fits again when its size changes meanwhile (a window still settling its size, the dashboard opening).
     */
    public boolean isFitted() {
        return fitted;
    }

    public DoubleProperty xProperty() {
        return x;
    }

    public DoubleProperty yProperty() {
        return y;
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    /** Screen pixels per world unit: {@link #shownZoom} times {@link #textScale}. */
    public double zoom() {
        return zoom.get();
    }

    /** View › Text Size's share (2 at 200 %), by which the drawing is enlarged beyond the user's zoom. */
    public double textScale() {
        return textScale;
    }

    /** The zoom the user chose, which the zoom bar shows: 1 when cards are drawn at the window's text size. */
    public double shownZoom() {
        return zoom.get() / textScale;
    }

    private double textScale = 1;

    /**
     * The window's text is now {@code scale} times its 100 % size: the drawing grows (or shrinks) with it about the screen
     * point (sx, sy), the user's zoom kept; a fitted view stays fitted (the canvas fits it again).
     */
    public void setTextScale(double scale, double sx, double sy) {
        if (scale <= 0 || scale == textScale) return;
        double factor = scale / textScale;
        textScale = scale;
        boolean wasFitted = fitted;
        zoomAt(sx, sy, factor);
        fitted = wasFitted;
    }

    public Point2D toWorld(double sx, double sy) {
        return new Point2D((sx - x.get()) / zoom.get(), (sy - y.get()) / zoom.get());
    }

    public Point2D toScreen(double wx, double wy) {
        return new Point2D(x.get() + wx * zoom.get(), y.get() + wy * zoom.get());
    }

    /** Keeps the view where it is from now on, as a pan or a zoom would: it no longer fits again on a resize. */
    public void hold() {
        fitted = false;
    }

    public void pan(double dx, double dy) {
        fitted = false;
        x.set(x.get() + dx);
        y.set(y.get() + dy);
        changed();
    }

    /** Zooms by {@code factor} keeping the world point under screen point (sx, sy) where it is. */
    public void zoomAt(double sx, double sy, double factor) {
        fitted = false;
        double z = clamp(zoom.get() * factor);
        Point2D w = toWorld(sx, sy);
        zoom.set(z);
        x.set(sx - w.getX() * z);
        y.set(sy - w.getY() * z);
        changed();
    }

    /** Shows {@code world} (a bounding box) centred in a screen of {@code width × height}, never above 100% (of the text's scale). */
    public void fit(Rectangle2D world, double width, double height, double margin) {
        fitted = true;
        if (world == null || world.getWidth() <= 0 || width <= 0 || height <= 0) {
            zoom.set(textScale);
            x.set(0);
            y.set(0);
            changed();
            return;
        }
        double z = clamp(Math.min(textScale, Math.min((width - 2 * margin) / world.getWidth(), (height - 2 * margin) / world.getHeight())));
        zoom.set(z);
        x.set(width / 2 - (world.getMinX() + world.getWidth() / 2) * z);
        y.set(height / 2 - (world.getMinY() + world.getHeight() / 2) * z);
        changed();
    }

    /**
     * Like {@link #fit}, but where the margin alone keeps the drawing below {@code readable}, the margin gives way (down to
     * {@code minMargin}) so that cards keep their text: never at the cost of a card off screen. A drawing that is not
     * readable even so is fitted with its margin.
     */
    public void fit(Rectangle2D world, double width, double height, double margin, double minMargin, double readable) {
        fit(world, width, height, margin);
        // Readable for this user: at 200 % text, cards twice the size.
        double enough = readable * textScale;
        if (world == null || world.getWidth() <= 0 || width <= 0 || height <= 0 || zoom.get() >= enough) return;
        double tight = Math.min((width - 2 * minMargin) / world.getWidth(), (height - 2 * minMargin) / world.getHeight());
        // Only to reach a readable zoom: short of it, the drawing keeps its margin.
        if (tight < enough) return;
        double z = clamp(enough);
        zoom.set(z);
        x.set(width / 2 - (world.getMinX() + world.getWidth() / 2) * z);
        y.set(height / 2 - (world.getMinY() + world.getHeight() / 2) * z);
        changed();
    }

    /** Within the user's {@link #MIN_ZOOM} to {@link #MAX_ZOOM}, of the text's scale. */
    private double clamp(double z) {
        return Math.max(MIN_ZOOM * textScale, Math.min(MAX_ZOOM * textScale, z));
    }
}
