package layerlab.ui.inspect;

import java.util.List;
import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import layerlab.train.TensorStats;

/**
 * Histograms over time, like TensorBoard's: one column per statistics event (left: first, right: latest, along the
 * training steps), values upwards between the range's labels, darker where more values fall; the latest histogram as
 * bars on the right.
 */
public final class HistogramStrip extends Canvas {
    /** The latest histogram's bars' width, the title's and the time axis's rows, in px. */
    private final double bars, label, row;
    private final Font font;

    public HistogramStrip(double width, double height) {
        this(width, height, 1);
    }

    /**
     * A strip {@code width}×{@code height} at 100 % text, and its text and size {@code textScale} times that (View › Text
     * Size: 1.5 at 150 %), so that its labels are as legible as the window's (they kept 10 px at any size).
     */
    public HistogramStrip(double width, double height, double textScale) {
        super(width * textScale, height * textScale);
        bars = 70 * textScale;
        label = 12 * textScale;
        row = 12 * textScale;
        font = Font.font(10 * textScale);
    }

    /** Draws {@code history} (nulls skipped), titled {@code title}, on the light theme's white. */
    public void draw(String title, List<TensorStats> history) {
        draw(title, history, false);
    }

    /** Draws {@code history} (nulls skipped), titled {@code title}; {@code dark}: on the dark theme's panel. */
    public void draw(String title, List<TensorStats> history, boolean dark) {
        draw(title, history, dark, "no data yet");
    }

    /** As {@link #draw(String, List, boolean)}, saying {@code empty} when there is nothing to draw. */
    public void draw(String title, List<TensorStats> history, boolean dark, String empty) {
        draw(title, history, dark, empty, -1, -1);
    }

    /**
     * As {@link #draw(String, List, boolean, String)}, the time axis labelled with the training steps of the first and the
     * latest histogram ({@code firstStep} and {@code lastStep}; negative: not known, the axis is only named).
     */
    public void draw(String title, List<TensorStats> history, boolean dark, String empty, long firstStep, long lastStep) {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth(), h = getHeight();
        Color text = dark ? Color.web("#c9cdd3") : Color.gray(0.25), muted = dark ? Color.web("#9aa0a9") : Color.gray(0.45);
        g.setFill(dark ? Color.web("#1e1f23") : Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFill(text);
        g.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(title, 2, label - 2);
        List<TensorStats> hs = history.stream().filter(s -> s != null).toList();
        if (hs.isEmpty()) {
            g.fillText(empty, 2, h / 2);
            return;
        }
        double[] range = range(hs);
        double lo = range[0], hi = range[1];
        // The range's labels are the value axis, left of the strip, as a chart's are: drawn over the columns they hid
        // the densest values. Under the strip, its time axis: training steps, left to right.
        String hiText = Numbers.compact(hi), loText = Numbers.compact(lo);
        double axis = Math.ceil(Math.max(width(hiText), width(loText))) + 4;
        double top = label + 2, plotH = h - top - 2 * row, left = axis, plotW = w - bars - 4 - left;
        double colW = plotW / hs.size();
        for (int i = 0; i < hs.size(); i++) {
            TensorStats s = hs.get(i);
            if (constant(s, lo, hi)) {
                // All its values one number (a BatchNorm's weight of ones before its first step): a line there, at full ink.
                g.setFill(dark ? Color.color(0.30, 0.53, 0.96) : Color.color(0.12, 0.47, 0.71));
                g.fillRect(left + i * colW, y(s.min(), lo, hi, top, plotH) - 1, Math.max(1, colW + 0.5), 2);
                continue;
            }
            long max = 1;
            for (long c : s.counts()) max = Math.max(max, c);
            for (int b = 0; b < s.counts().length; b++) {
                if (s.counts()[b] == 0) continue;
                double y0 = y(s.edges()[b + 1], lo, hi, top, plotH), y1 = y(s.edges()[b], lo, hi, top, plotH);
                double a = Math.sqrt((double) s.counts()[b] / max);
                g.setFill(dark ? Color.color(0.30, 0.53, 0.96, 0.15 + 0.85 * a) : Color.color(0.12, 0.47, 0.71, 0.15 + 0.85 * a));
                g.fillRect(left + i * colW, y0, Math.max(1, colW + 0.5), Math.max(1, y1 - y0));
            }
        }
        TensorStats last = hs.get(hs.size() - 1);
        long max = 1;
        for (long c : last.counts()) max = Math.max(max, c);
        double x0 = w - bars;
        g.setFill(Color.color(1, 0.5, 0.05, 0.85));
        if (constant(last, lo, hi)) g.fillRect(x0, y(last.min(), lo, hi, top, plotH) - 1, bars - 4, 2);
        else for (int b = 0; b < last.counts().length; b++) {
            double y0 = y(last.edges()[b + 1], lo, hi, top, plotH), y1 = y(last.edges()[b], lo, hi, top, plotH);
            g.fillRect(x0, y0, (bars - 4) * last.counts()[b] / max, Math.max(1, y1 - y0 - 0.5));
        }
        g.setStroke(muted);
        g.setLineWidth(1);
        g.strokeLine(left - 0.5, top, left - 0.5, top + plotH);
        g.strokeLine(left, top + plotH + 0.5, left + plotW, top + plotH + 0.5);
        g.setFill(text);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(hiText, left - 3, top + label - 4);
        g.fillText(loText, left - 3, top + plotH);
        double axisY = top + plotH + row - 1, ends = 0;
        g.setFill(muted);
        if (firstStep >= 0 && lastStep >= 0) {
            String a = Long.toString(firstStep), b = Long.toString(lastStep);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(a, left, axisY);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(b, left + plotW, axisY);
            ends = 2 * Math.max(width(a), width(b)) + 12;
        }
        // The axis's name between its ends, as long a one as fits.
        for (String name : List.of("training step →", "step →")) {
            if (width(name) + ends > plotW) continue;
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(name, left + plotW / 2, axisY);
            break;
        }
        g.setFill(text);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("μ " + Numbers.compact(last.mean()) + "  σ " + Numbers.compact(last.std()), 2, h - 1);
    }

    /**
     * The values' range over {@code hs}: each histogram's bins, but a tensor of one value (a weight of ones, a bias of
     * zeros before the first step) only that value, not the ±0.5 its histogram's bins spread around it: they squeezed a
     * LayerNorm's later weights, 0.96 to 1.05, into a flat line in a range of 0.5 to 1.5. Where every histogram is of one
     * and the same value, their bins.
     */
    static double[] range(List<TensorStats> hs) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (TensorStats s : hs) {
            boolean one = s.max() <= s.min();
            lo = Math.min(lo, one ? s.min() : s.edges()[0]);
            hi = Math.max(hi, one ? s.max() : s.edges()[s.edges().length - 1]);
        }
        if (hi > lo) return new double[] {lo, hi};
        TensorStats first = hs.get(0);
        return new double[] {first.edges()[0], first.edges()[first.edges().length - 1]};
    }

    /** {@code s} is of one value, in a range other than its own bins' (drawn as a line there, not as its middle bin). */
    private static boolean constant(TensorStats s, double lo, double hi) {
        return s.max() <= s.min() && !(s.edges()[0] == lo && s.edges()[s.edges().length - 1] == hi);
    }

    private double width(String s) {
        Text t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    private static double y(double v, double lo, double hi, double top, double plotH) {
        return top + plotH * (1 - (v - lo) / (hi - lo));
    }
}
