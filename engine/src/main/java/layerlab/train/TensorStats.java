package layerlab.train;

/**
 * Summary statistics of a tensor's values, for weight and gradient histograms: mean, standard deviation (over
 * all elements, as PyTorch's default {@code torch.std}: unbiased, divided by n − 1; NaN for a single value, as
 * there), 2-norm, range, and a histogram of {@code counts.length} equal bins between {@code edges[0]} and
 * {@code edges[counts.length]}, as {@code torch.histc}. NaN and infinite values are left out of every figure and
 * counted in {@code nonFinite}.
 */
public record TensorStats(double mean, double std, double norm, double min, double max, long[] counts, double[] edges, long nonFinite) {
    public static final int DEFAULT_BINS = 30;

    public static TensorStats of(float[] v) {
        return of(v, DEFAULT_BINS);
    }

    public static TensorStats of(float[] v, int bins) {
        double sum = 0, sq = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        long n = 0, bad = 0;
        for (float f : v) {
            if (!Float.isFinite(f)) {
                bad++;
                continue;
            }
            n++;
            sum += f;
            sq += (double) f * f;
            if (f < min) min = f;
            if (f > max) max = f;
        }
        if (n == 0) {
            min = 0;
            max = 0;
        }
        double mean = n == 0 ? 0 : sum / n;
        // A second pass about the mean: sq / n - mean² loses every digit for values far from 0 (3.0 ± 0.01 in float).
        double dev = 0;
        for (float f : v) {
            if (Float.isFinite(f)) dev += (f - mean) * (f - mean);
        }
        double var = n == 0 ? 0 : n == 1 ? Double.NaN : dev / (n - 1);
        double lo = min, hi = max;
        if (hi <= lo) {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        long[] counts = new long[bins];
        double scale = bins / (hi - lo);
        for (float f : v) {
            if (!Float.isFinite(f)) continue;
            int b = (int) ((f - lo) * scale);
            counts[Math.min(bins - 1, Math.max(0, b))]++;
        }
        return new TensorStats(mean, Math.sqrt(var), Math.sqrt(sq), min, max, counts, edges, bad);
    }
}
