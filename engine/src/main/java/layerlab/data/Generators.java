package layerlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import layerlab.tensor.Generator;

/**
 * Small synthetic data sets in the spirit of the TensorFlow Playground, each fully determined by its
 * arguments. Classification sets are 2-D points {@code [2]}, class names "0", "1", …, sample {@code i} of
 * class {@code i % k} (so the classes are balanced and interleaved). {@code noise} is the standard deviation
 * of Gaussian noise added to each coordinate (to the target, for regression).
 */
public final class Generators {
    private Generators() {}

    /** Points in [-1, 1]²; class 1 where x and y have opposite signs, class 0 where they agree. */
    public static TensorDataset xor(int n, double noise, long seed) {
        check("xor", n, noise);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double a = g.nextDouble(), b = g.nextDouble();
            boolean positive = g.nextDouble() < 0.5;
            double px = positive ? a : -a, py = (positive ^ y[i] == 1) ? b : -b;
            x[2 * i] = (float) (px + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (py + noise * g.nextGaussian());
        }
        return classification("xor", n, noise, seed, x, y, 2);
    }

    /** Two interleaved spirals, 1.75 turns each, radius growing from 0 to 1; class 1 is class 0 turned by π. */
    public static TensorDataset spirals(int n, double noise, long seed) {
        check("spirals", n, noise);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double r = g.nextDouble();
            double t = 1.75 * 2 * Math.PI * r + Math.PI * y[i];
            x[2 * i] = (float) (r * Math.sin(t) + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.cos(t) + noise * g.nextGaussian());
        }
        return classification("spirals", n, noise, seed, x, y, 2);
    }

    /** scikit-learn's two moons: an upper half circle (class 0) and a lower one shifted to interlock (class 1). */
    public static TensorDataset moons(int n, double noise, long seed) {
        check("moons", n, noise);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double t = Math.PI * g.nextDouble();
            double px = y[i] == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = y[i] == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (px + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (py + noise * g.nextGaussian());
        }
        return classification("moons", n, noise, seed, x, y, 2);
    }

    /** Two concentric circles: radius 1 (class 0) around radius 0.5 (class 1). */
    public static TensorDataset circles(int n, double noise, long seed) {
        check("circles", n, noise);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double t = 2 * Math.PI * g.nextDouble(), r = y[i] == 0 ? 1 : 0.5;
            x[2 * i] = (float) (r * Math.cos(t) + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.sin(t) + noise * g.nextGaussian());
        }
        return classification("circles", n, noise, seed, x, y, 2);
    }

    /** {@code classes} Gaussian blobs of standard deviation {@code noise}, centred evenly on the unit circle. */
    public static TensorDataset blobs(int n, int classes, double noise, long seed) {
        check("blobs", n, noise);
        if (classes < 2) throw new IllegalArgumentException("blobs: classes must be at least 2, got " + classes);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            double angle = 2 * Math.PI * y[i] / classes;
            x[2 * i] = (float) (Math.cos(angle) + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (Math.sin(angle) + noise * g.nextGaussian());
        }
        return classification("blobs", n, noise, seed, x, y, classes);
    }

    /** y = sin(x) + noise for x uniform in [-π, π]; features {@code [1]}, targets {@code [1]}. */
    public static TensorDataset sine(int n, double noise, long seed) {
        return regression("sine", n, noise, seed, Math.PI, Math::sin);
    }

    /** y = 2x − 1 + noise for x uniform in [-1, 1]; features {@code [1]}, targets {@code [1]}. */
    public static TensorDataset linear(int n, double noise, long seed) {
        return regression("linear", n, noise, seed, 1, v -> 2 * v - 1);
    }

    private static TensorDataset regression(String kind, int n, double noise, long seed, double range,
                                            DoubleUnaryOperator f) {
        check(kind, n, noise);
        Generator g = new Generator(seed);
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = range * (2 * g.nextDouble() - 1);
            x[i] = (float) v;
            y[i] = (float) (f.applyAsDouble(v) + noise * g.nextGaussian());
        }
        return TensorDataset.regression(name(kind, n, noise, seed), x, new int[] {1}, y, new int[] {1});
    }

    private static TensorDataset classification(String kind, int n, double noise, long seed, float[] x, long[] y, int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add(Integer.toString(c));
        return TensorDataset.classification(name(kind, n, noise, seed), x, new int[] {2}, y, names);
    }

    private static void check(String kind, int n, double noise) {
        if (n < 1) throw new IllegalArgumentException(kind + ": n must be at least 1, got " + n);
        if (!(noise >= 0) || Double.isInfinite(noise)) throw new IllegalArgumentException(kind + ": noise must be a finite number ≥ 0, got " + noise);
    }

    private static String name(String kind, int n, double noise, long seed) {
        return kind + " (n=" + n + ", noise=" + noise + ", seed=" + seed + ")";
    }
}
