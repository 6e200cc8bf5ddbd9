package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** Pan and zoom arithmetic, without a screen. */
class ViewportTest {
    private final Viewport vp = new Viewport();

    @Test
    void zoomKeepsThePointUnderTheCursorInPlace() {
        vp.pan(30, -20);
        Point2D before = vp.toWorld(400, 250);
        vp.zoomAt(400, 250, 1.6);
        assertEquals(1.6, vp.zoom(), 1e-12);
        Point2D after = vp.toWorld(400, 250);
        assertEquals(before.getX(), after.getX(), 1e-9);
        assertEquals(before.getY(), after.getY(), 1e-9);
        vp.zoomAt(10, 10, 1e-6);
        assertEquals(Viewport.MIN_ZOOM, vp.zoom(), 1e-12, "clamped");
    }

    @Test
    void fitCentresTheDrawingNeverAbove100Percent() {
        vp.fit(new Rectangle2D(100, 100, 200, 100), 800, 600, 40);
        assertEquals(1, vp.zoom(), 1e-12);
        Point2D centre = vp.toScreen(200, 150);
        assertEquals(400, centre.getX(), 1e-9);
        assertEquals(300, centre.getY(), 1e-9);
        vp.fit(new Rectangle2D(0, 0, 4000, 1000), 800, 600, 40);
        assertEquals(720.0 / 4000, vp.zoom(), 1e-12);
    }

    @Test
    void fitAtLeastKeepsAWideDrawingReadableFromItsLeftEnd() {
        // 1,800 × 200 on an 620 × 500 screen: a plain fit would be 540/1800 = 0.3.
        int before = vp.changesProperty().get();
        vp.fitAtLeast(new Rectangle2D(100, 50, 1800, 200), 620, 500, 40, 0.6);
        assertEquals(0.6, vp.zoom(), 1e-12);
        assertEquals(40, vp.toScreen(100, 0).getX(), 1e-9, "the left end sits at the margin");
        assertEquals(250, vp.toScreen(0, 150).getY(), 1e-9, "vertically centred when the height fits");
        assertEquals(before + 1, vp.changesProperty().get(), "one change");
        // A drawing that fits at or above the minimum is fitted as usual.
        vp.fitAtLeast(new Rectangle2D(100, 100, 200, 100), 800, 600, 40, 0.6);
        assertEquals(1, vp.zoom(), 1e-12);
        assertEquals(400, vp.toScreen(200, 150).getX(), 1e-9);
    }

    @Test
    void eachPanZoomOrFitIsOneChange() {
        int before = vp.changesProperty().get();
        vp.pan(5, 5);
        vp.zoomAt(0, 0, 2);
        vp.fit(null, 100, 100, 0);
        assertEquals(before + 3, vp.changesProperty().get());
    }

    @Test
    void aFitHoldsUntilAPanOrAZoom() {
        assertEquals(false, vp.isFitted());
        vp.fit(new Rectangle2D(0, 0, 400, 200), 800, 600, 40);
        assertEquals(true, vp.isFitted());
        vp.pan(1, 0);
        assertEquals(false, vp.isFitted(), "panned");
        vp.fitAtLeast(new Rectangle2D(0, 0, 4000, 200), 800, 600, 40, 0.6);
        assertEquals(true, vp.isFitted(), "a fit at the readable minimum is a fit too");
        vp.zoomAt(10, 10, 1.1);
        assertEquals(false, vp.isFitted(), "zoomed");
    }
}
