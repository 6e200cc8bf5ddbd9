package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The live decision boundary, redrawn by every probe (4 a second) into one canvas that is not on screen while another tab
 * is: its drawing commands must not pile up until it is shown (they did, 8,000 a probe, until the JavaFX thread spent
 * its time copying the canvas's buffer and the window stopped answering).
 */
@ExtendWith(ApplicationExtension.class)
class DecisionBoundaryTest {
    @Start
    void start(Stage stage) {
        // Drawn off screen: only the toolkit is needed.
    }

    private static final int G = ResultsView.GRID;

    /** Left half class 0, right half class 1, with two points. */
    private static void draw(Canvas c) {
        int[] cls = new int[G * G];
        for (int r = 0; r < G; r++) for (int col = 0; col < G; col++) cls[r * G + col] = col < G / 2 ? 0 : 1;
        ResultsView.drawBoundary(c, cls, 2, new float[] {-0.5f, 0, 0.5f, 0}, new long[] {0, 1}, 2, -1, 1, -1, 1);
    }

    private static int bufferedValues(Canvas c) throws Exception {
        java.lang.reflect.Method m = Canvas.class.getDeclaredMethod("getBuffer");
        m.setAccessible(true);
        Object buffer = m.invoke(c);
        return (Integer) buffer.getClass().getMethod("writeValuePosition").invoke(buffer);
    }

    @Test
    void redrawsOffScreenDoNotPileUpAndTheCellsKeepTheirColours(FxRobot robot) throws Exception {
        Canvas c = new Canvas(320, 320);
        int[] after = new int[2];
        robot.interact(() -> {
            try {
                draw(c);
                draw(c);
                after[0] = bufferedValues(c);
                for (int i = 0; i < 200; i++) draw(c);
                after[1] = bufferedValues(c);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(after[1] < 3 * after[0], "200 more redraws while not shown leave the buffer about as two left it: " + after[0] + " then " + after[1]);
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = c.snapshot(null, null));
        Color left = img[0].getPixelReader().getColor(20, 20), right = img[0].getPixelReader().getColor(300, 300);
        assertEquals(ClassMarker.color(0, 2).deriveColor(0, 0.45, 1.15, 1).toString(), left.toString(), "class 0's cells, unsmoothed");
        assertEquals(ClassMarker.color(1, 2).deriveColor(0, 0.45, 1.15, 1).toString(), right.toString(), "class 1's cells");
        // Unsmoothed: a cell's colour reaches to a pixel of the edge between the halves (5-pixel cells), no blend between.
        assertEquals(left.toString(), img[0].getPixelReader().getColor(158, 20).toString());
        assertEquals(right.toString(), img[0].getPixelReader().getColor(162, 20).toString());
    }
}
