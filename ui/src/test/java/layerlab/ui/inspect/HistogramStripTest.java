package layerlab.ui.inspect;

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
}
