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
    void aFitGivesUpItsMarginToStayReadableButNeverCutsTheDrawing() {
        // 1,000 × 400 on 1,040 × 600 with 40 px margins: 960/1000 = 0.96; readable at 0.6 anyway.
        vp.fit(new Rectangle2D(0, 0, 1000, 400), 1040, 600, 40, 4, 0.6);
        assertEquals(0.96, vp.zoom(), 1e-12);
        // 1,000 wide on 660: the margin alone takes it to 0.58; with 4 px margins 0.6 fits, so 0.6, centred.
        vp.fit(new Rectangle2D(0, 0, 1000, 400), 660, 600, 40, 4, 0.6);
        assertEquals(0.6, vp.zoom(), 1e-12);
        assertEquals(330, vp.toScreen(500, 200).getX(), 1e-9);
        assertEquals(30, vp.toScreen(0, 0).getX(), 1e-9, "all of it on screen");
        // 1,000 wide on 400: 0.6 would cut it, so the whole drawing at what fits.
        int before = vp.changesProperty().get();
        vp.fit(new Rectangle2D(0, 0, 1000, 400), 400, 600, 40, 4, 0.6);
        assertEquals(320.0 / 1000, vp.zoom(), 1e-12);
        assertEquals(before + 1, vp.changesProperty().get(), "one change");
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
        vp.fit(new Rectangle2D(0, 0, 4000, 200), 800, 600, 40);
        assertEquals(true, vp.isFitted(), "fitted again");
        vp.zoomAt(10, 10, 1.1);
        assertEquals(false, vp.isFitted(), "zoomed");
    }
}
