package layerlab.ui;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import layerlab.ui.inspect.Numbers;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A logarithmic axis whose ticks read as numbers: 1-2-5 steps ({@code 0.1 0.2 0.5 1 2}) over a range of a decade or two,
 * a tick a decade ({@code 0.001 0.01 0.1}) over wider ones, every second or third decade where those would crowd, and
 * plain even steps inside a range narrower than one of those. JFreeChart's own {@link LogAxis} writes powers of ten, with
 * fractional exponents ({@code 10^-0.8}) as soon as a range is narrow: a gradient's norm or a loss read as that takes a
 * calculator.
 */
public class PlainLogAxis extends LogAxis {
    /** Mantissas within a decade, densest first; then decades only. */
    private static final double[][] STEPS = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 5}, {1, 2, 5}, {1, 3}, {1}};

    public PlainLogAxis(String label) {
        super(label);
    }

    /**
     * Tick values within {@code [lo, hi]} ({@code 0 < lo < hi}), at most {@code most} of them where that allows two:
     * the densest of the decade patterns that fits, else every {@code k}-th decade, else (a range within a decade that
     * holds fewer than two of the densest's) evenly spaced round values.
     */
    public static List<Double> ticks(double lo, double hi, int most) {
        most = Math.max(2, most);
        List<Double> best = null;
        for (double[] mantissas : STEPS) {
            List<Double> t = decadeTicks(lo, hi, mantissas, 1);
            if (t.size() <= most) {
                best = t;
                break;
            }
        }
        if (best == null) {
            for (int every = 2; ; every++) {
                best = decadeTicks(lo, hi, new double[] {1}, every);
                if (best.size() <= most) break;
            }
        }
        // Fewer than two ticks: inside a decade, even steps of a round size; over a wide range, the decade there is.
        if (best.size() >= 2 || hi >= 10 * lo) return best;
        double step = roundStep((hi - lo) / Math.min(most, 4));
        List<Double> even = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi * (1 + 1e-12); v += step) {
            if (v > 0) even.add(round(v));
        }
        return even.isEmpty() ? best : even;
    }

    private static List<Double> decadeTicks(double lo, double hi, double[] mantissas, int every) {
        List<Double> t = new ArrayList<>();
        int from = (int) Math.floor(Math.log10(lo)), to = (int) Math.ceil(Math.log10(hi));
        from -= Math.floorMod(from, every);
        for (int e = from; e <= to; e += every) {
            for (double m : mantissas) {
                double v = round(m * Math.pow(10, e));
                if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) t.add(v);
            }
        }
        return t;
    }

    /** 1, 2 or 5 times a power of ten, the nearest at or above {@code raw}. */
    private static double roundStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw * (1 - 1e-12)) return m * p;
        return 10 * p;
    }

    /** {@code v} to 12 significant digits, so that 3 × 10⁻⁵ is written as 3e-5 and not 3.0000000000000004e-5. */
    private static double round(double v) {
        return new BigDecimal(v).round(new MathContext(12)).doubleValue();
    }

    /** A tick's label, as the inspector writes numbers ({@link Numbers#compact}): {@code 0.002}, {@code 20}, {@code 1e-5}, {@code 2.5e-7}. */
    public static String label(double v) {
        return Numbers.compact(v);
    }

    private double[] range() {
        double lo = Math.max(getLowerBound(), getSmallestValue()), hi = getUpperBound();
        return new double[] {lo, Math.max(hi, lo * 1.0000001)};
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        FontMetrics fm = g2.getFontMetrics(getTickLabelFont());
        int most = (int) (dataArea.getHeight() / (fm.getHeight() * 1.8));
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        return made(most, anchor);
    }

    @Override
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        FontMetrics fm = g2.getFontMetrics(getTickLabelFont());
        int most = (int) (dataArea.getWidth() / (fm.stringWidth("0.0005") * 1.8));
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        return made(most, anchor);
    }

    private List<NumberTick> made(int most, TextAnchor anchor) {
        double[] r = range();
        List<NumberTick> out = new ArrayList<>();
        for (double v : ticks(r[0], r[1], most)) out.add(new NumberTick(TickType.MAJOR, v, label(v), anchor, anchor, 0));
        return out;
    }
}
