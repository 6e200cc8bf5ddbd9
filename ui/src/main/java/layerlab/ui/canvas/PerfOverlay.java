package layerlab.ui.canvas;

import java.util.Arrays;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.scene.control.Label;

/**
 * View > Performance: the time between the window's frames, in a corner of the canvas. While it shows, a timer
 * asks for a frame on every pulse and notes when each began; the label gives the median and the worst of the last
 * {@link #FRAMES}. Idle, a frame comes every screen refresh (about 16.7 ms at 60 Hz); a slow drag or pan shows as
 * longer frames. Hidden, it measures nothing and costs nothing.
 */
final class PerfOverlay extends Label {
    static final int FRAMES = 60;
    /** How often the text changes: each change is itself a little CSS and layout work. */
    private static final long SHOW_EVERY_NS = 500_000_000L;

    private final long[] gaps = new long[FRAMES];
    private int count, next;
    private long last, shownAt;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frame(now);
        }
    };

    PerfOverlay() {
        setId("perfOverlay");
        getStyleClass().add("perf-overlay");
        // Legible on the light and the dark canvas alike, so it needs nothing from the themes.
        setStyle("-fx-background-color: rgba(0,0,0,0.65); -fx-text-fill: white; -fx-padding: 2 6 2 6; -fx-font-size: 11px;"
                + " -fx-background-radius: 3;");
        setMouseTransparent(true);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        setVisible(false);
        setText("frame … ms");
        visibleProperty().addListener((o, was, now) -> {
            count = 0;
            next = 0;
            last = 0;
            if (now) timer.start();
            else timer.stop();
        });
    }

    /** A frame began at {@code now} (nanoseconds, the pulse's clock). */
    void frame(long now) {
        if (last != 0) {
            gaps[next] = now - last;
            next = (next + 1) % FRAMES;
            count = Math.min(count + 1, FRAMES);
        }
        last = now;
        if (count > 0 && now - shownAt >= SHOW_EVERY_NS) {
            shownAt = now;
            setText(describe());
        }
    }

    /** "frame 16.7 ms median · 33.4 ms worst": over the frames noted so far, up to the last {@link #FRAMES}. */
    String describe() {
        long[] g = Arrays.copyOf(gaps, count);
        Arrays.sort(g);
        double median = (count % 2 == 1 ? g[count / 2] : (g[count / 2 - 1] + g[count / 2]) / 2.0) / 1e6;
        return String.format(Locale.ROOT, "frame %.1f ms median · %.1f ms worst", median, g[count - 1] / 1e6);
    }
}
