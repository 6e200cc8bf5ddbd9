package layerlab.backend;

/** Scalar special functions shared by every backend's reference path. */
public final class MathFns {
    public static final double INV_SQRT2 = 0.7071067811865476;
    public static final double INV_SQRT_2PI = 0.3989422804014327;
    public static final double SQRT_2_OVER_PI = 0.7978845608028654;

    private MathFns() {}

    public static double sigmoid(double x) {
        // Two branches so exp never overflows: tinygrad's and PyTorch's stable form.
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** log(1 + e^x) without overflow; PyTorch's threshold of 20 (linear above it). */
    public static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    /**
     * Complementary error function with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev
     * fit), plus a Taylor series near zero where {@code 1 - erf} would lose the small erf's relative accuracy.
     */
    public static double erfc(double x) {
        if (Math.abs(x) < 0.5) return 1 - erfSeries(x);
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }

    public static double erf(double x) {
        return Math.abs(x) < 0.5 ? erfSeries(x) : 1 - erfc(x);
    }

    private static double erfSeries(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 30; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
        }
        return sum * 1.1283791670955126; // 2/sqrt(pi)
    }
}
