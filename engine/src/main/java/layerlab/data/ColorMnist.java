package layerlab.data;

import layerlab.tensor.Generator;

/**
 * RGB digits {@code [3, 28, 28]} for the colour-image models: the bundled MNIST digits, each painted in a random
 * bright colour over a random dark background with a little pixel noise. The class is still the digit, so a model
 * must learn shapes whatever the colours.
 */
public final class ColorMnist {
    private ColorMnist() {
    }

    /** The first {@code n} bundled MNIST digits (at most 10,000), coloured from {@code seed}. */
    public static TensorDataset generate(int n, long seed) {
        TensorDataset mnist = BundledDatasets.mnist();
        if (n < 1 || n > mnist.size()) throw new IllegalArgumentException("color_mnist: n must be from 1 to " + mnist.size() + ", got " + n);
        float[] gray = mnist.features();
        int pixels = 28 * 28;
        float[] x = new float[n * 3 * pixels];
        Generator g = new Generator(seed);
        float[] fg = new float[3], bg = new float[3];
        for (int i = 0; i < n; i++) {
            hsv(g.nextFloat(), 0.6f + 0.4f * g.nextFloat(), 0.75f + 0.25f * g.nextFloat(), fg);
            hsv(g.nextFloat(), g.nextFloat(), 0.35f * g.nextFloat(), bg);
            for (int c = 0; c < 3; c++) {
                int out = (i * 3 + c) * pixels;
                for (int p = 0; p < pixels; p++) {
                    float v = gray[i * pixels + p];
                    float noise = 0.05f * (g.nextFloat() - 0.5f);
                    x[out + p] = Math.min(1f, Math.max(0f, bg[c] * (1 - v) + fg[c] * v + noise));
                }
            }
        }
        long[] labels = java.util.Arrays.copyOf(mnist.classTargets(), n);
        return TensorDataset.classification("color_mnist (n=" + n + ", seed=" + seed + ")", x, new int[] {3, 28, 28}, labels, mnist.classNames());
    }

    /** HSV in [0, 1] to RGB. */
    private static void hsv(float h, float s, float v, float[] rgb) {
        float k = h * 6;
        int sector = (int) k % 6;
        float f = k - (int) k, p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        float[][] table = {{v, t, p}, {q, v, p}, {p, v, t}, {p, q, v}, {t, p, v}, {v, p, q}};
        System.arraycopy(table[sector], 0, rgb, 0, 3);
    }
}
