package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import layerlab.train.TensorStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The inspector's histograms over time: the range's labels beside the strip, not over its columns; the time axis named. */
@ExtendWith(ApplicationExtension.class)
class HistogramStripTest {
    @Start
    void start(Stage stage) {
        // Drawn off screen: only the toolkit is needed.
    }

    private static boolean blue(Color c) {
        return c.getBlue() > c.getRed() + 0.15;
    }

    private static boolean ink(Color c, boolean dark) {
        return dark ? c.getBrightness() > 0.45 && !blue(c) : c.getBrightness() < 0.75 && !blue(c);
    }

    @Test
    void theRangeIsLabelledBesideTheStripAndTheTimeAxisIsNamed(FxRobot robot) {
        // Values spread evenly over [-1.35, 1.34]: every bin of every column is filled, so the strip is blue throughout.
        List<TensorStats> history = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            float[] v = new float[3000];
            for (int j = 0; j < v.length; j++) v[j] = -1.35f + 2.69f * j / (v.length - 1);
            history.add(TensorStats.of(v));
        }
        for (boolean dark : new boolean[] {false, true}) {
            PixelReader[] px = new PixelReader[1];
            robot.interact(() -> {
                HistogramStrip strip = new HistogramStrip(220, 122);
                strip.draw("fc1.weight values", history, dark, "no data yet", 0, 940);
                px[0] = strip.snapshot(null, null).getPixelReader();
            });
            PixelReader p = px[0];
            int mid = 14 + 42;
            int left = 0;
            while (left < 220 && !blue(p.getColor(left, mid))) left++;
            assertTrue(left > 15 && left < 60, "the strip starts after the range's labels: " + left);
            // No label over the columns: between the strip's left edge and the latest histogram's bars, only blue.
            for (int y = 16; y < 14 + 84 - 2; y++) {
                for (int x = left + 2; x < 220 - 70 - 6; x++) {
                    assertTrue(blue(p.getColor(x, y)), "dark " + dark + ": the strip at " + x + "," + y + " is " + p.getColor(x, y));
                }
            }
            int labels = 0, axis = 0;
            for (int y = 14; y < 14 + 84; y++) for (int x = 0; x < left - 2; x++) if (ink(p.getColor(x, y), dark)) labels++;
            for (int y = 14 + 84 + 2; y < 14 + 84 + 12; y++) for (int x = left; x < 220 - 74; x++) if (ink(p.getColor(x, y), dark)) axis++;
            assertTrue(labels > 20, "the range's labels left of the strip (dark " + dark + ")");
            assertTrue(axis > 40, "the time axis's steps and name under the strip (dark " + dark + ")");
        }
    }

    /** The rows, from the top, that hold the title's ink: its first and its last. */
    private static int[] titleRows(PixelReader p, int width, int below) {
        int first = -1, last = -1;
        for (int y = 0; y < below; y++) {
            for (int x = 0; x < width / 2; x++) {
                if (ink(p.getColor(x, y), false)) {
                    if (first < 0) first = y;
                    last = y;
                    break;
                }
            }
        }
        return new int[] {first, last};
    }

    /** At 150 % text (View › Text Size) the strip and its labels are half as large again: its title was 10 px at any size. */
    @Test
    void theStripAndItsTextFollowTheTextSize(FxRobot robot) {
        List<TensorStats> history = List.of(TensorStats.of(new float[] {-1, 0, 0.5f, 1}));
        double[] size = new double[2];
        PixelReader[] px = new PixelReader[2];
        robot.interact(() -> {
            HistogramStrip normal = new HistogramStrip(220, 122), large = new HistogramStrip(220, 122, 1.5);
            normal.draw("fc1.weight values", history, false, "no data yet", 0, 940);
            large.draw("fc1.weight values", history, false, "no data yet", 0, 940);
            size[0] = large.getWidth();
            size[1] = large.getHeight();
            px[0] = normal.snapshot(null, null).getPixelReader();
            px[1] = large.snapshot(null, null).getPixelReader();
        });
        assertTrue(size[0] == 330 && size[1] == 183, "330×183 at 150 %: " + size[0] + "×" + size[1]);
        int[] a = titleRows(px[0], 220, 13), b = titleRows(px[1], 330, 19);
        double normal = a[1] - a[0] + 1, large = b[1] - b[0] + 1;
        assertTrue(normal >= 6 && large >= 1.3 * normal, "the title's letters are " + large + " px high at 150 %, " + normal + " at 100 %");
    }

    /**
     * A LayerNorm's weight: ones at the first statistics, then spread over 0.95 to 1.05. The strip's range is that spread
     * (the ones' histogram spans 0.5 to 1.5, around its one value, and squeezed the later ones into a flat line), and the
     * ones are a line at 1, in it.
     */
    @Test
    void aTensorOfOneValueDoesNotWidenTheRange(FxRobot robot) {
        float[] ones = new float[32], spread = new float[32];
        for (int j = 0; j < 32; j++) {
            ones[j] = 1;
            spread[j] = 0.95f + 0.1f * j / 31;
        }
        List<TensorStats> history = List.of(TensorStats.of(ones), TensorStats.of(spread), TensorStats.of(spread));
        double[] range = HistogramStrip.range(history);
        assertEquals(0.95, range[0], 1e-6);
        assertEquals(1.05, range[1], 1e-6);
        assertArrayEquals(new double[] {0.5, 1.5}, HistogramStrip.range(List.of(TensorStats.of(ones), TensorStats.of(ones))), 1e-9,
                "one value throughout: its histogram's own range");

        PixelReader[] px = new PixelReader[1];
        robot.interact(() -> {
            HistogramStrip strip = new HistogramStrip(220, 122);
            strip.draw("norm.weight values", history, false, "no data yet", 1, 101);
            px[0] = strip.snapshot(null, null).getPixelReader();
        });
        // The strip's plot is 84 px high (122 less the title's and the axes' rows): the latest column fills most of it.
        int x = 220 - 70 - 4 - 10, filled = 0;
        for (int y = 14; y < 14 + 84; y++) if (blue(px[0].getColor(x, y))) filled++;
        assertTrue(filled > 60, "the spread fills " + filled + " of the plot's 84 rows");
    }
}
