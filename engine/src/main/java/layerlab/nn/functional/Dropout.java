package layerlab.nn.functional;

import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * Dropout (PyTorch's {@code F.dropout}, {@code F.dropout2d}): in training, each element (or whole channel)
 * is zeroed with probability {@code p} and the rest scaled by {@code 1/(1-p)}; in evaluation, the input
 * itself. Masks come from {@link Generator#global()} (one 64-bit seed per call; see
 * {@link layerlab.backend.SpatialKernels#dropoutMask}), so a seeded run repeats exactly.
 */
public final class Dropout {
    private Dropout() {}

    public static Tensor dropout(Tensor x, double p, boolean training) {
        checkP(p);
        if (!training || p == 0 || x.numel() == 0) return x;
        return x.mul(mask(x, x.shape(), p));
    }

    /**
     * Zeroes whole channels of {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}); as in PyTorch 1.13, a 3-D input
     * is read as {@code [N, C, L]}, dropping 1-D channels.
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training) {
        checkP(p);
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: expected a 3-D or 4-D input, got " + x.shapeString());
        }
        if (!training || p == 0 || x.numel() == 0) return x;
        int[] ms = x.shape();
        for (int i = 2; i < ms.length; i++) ms[i] = 1;
        return x.mul(mask(x, ms, p));
    }

    private static void checkP(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
    }

    private static Tensor mask(Tensor x, int[] shape, double p) {
        Generator gen = Generator.global();
        long seed = gen.nextLong();
        Tensor m = Tensor.uninitialized(x.device(), DType.FLOAT32, shape);
        x.backend().spatial().dropoutMask(m, (float) p, scale(p), seed);
        return m;
    }

    /**
     * What a kept element is multiplied by: PyTorch's {@code 1 / float(1 − p)}, with {@code 1 − p} taken in double
     * ({@code 1 / (1 − float(p))} is the same number for most p but a last bit off for some, such as 0.6 and 0.77);
     * 0 when everything is dropped.
     */
    public static float scale(double p) {
        return p >= 1 ? 0f : 1f / (float) (1.0 - p);
    }
}
