package layerlab.ui;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.Range;

/**
 * A number axis that, on its own range, spans at least {@code relative} of its values' size and at least
 * {@code absolute}, and does not reach below 0 for values that are not below it. JFreeChart's own widens a range of one
 * value (the first training step's loss, a constant accuracy) by 1e-8 only, and then labels all its ticks alike
 * ("1.258041E0" five times, "1.25E-1" along the epochs).
 */
public class SpanAxis extends NumberAxis {
    private final double relative, absolute;

    public SpanAxis(String label, double relative, double absolute) {
        super(label);
        this.relative = relative;
        this.absolute = absolute;
    }

    @Override
    protected void autoAdjustRange() {
        super.autoAdjustRange();
        Range r = getRange();
        double size = Math.max(Math.abs(r.getLowerBound()), Math.abs(r.getUpperBound()));
        double span = Math.max(absolute, relative * size);
        if (!(r.getLength() < span) || !Double.isFinite(size)) return;
        double mid = r.getCentralValue(), lo = mid - span / 2;
        if (mid >= 0 && lo < 0) lo = 0;
        setRange(new Range(lo, lo + span), false, false);
    }
}
