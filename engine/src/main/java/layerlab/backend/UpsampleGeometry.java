package layerlab.backend;

/**
 * Where each output pixel of a 2-D upsampling reads, by PyTorch 1.13's rules ({@code UpSample.h}), for
 * {@code planes} planes of {@code inH×inW} grown to {@code outH×outW}. {@code scaleH}/{@code scaleW} are the
 * user's {@code scale_factor} per dim, or 0 where a {@code size} was given; PyTorch then maps with {@code in/out}
 * instead of {@code 1/scale}, which differs when the scale does not divide evenly (3 × 1.5 → 4 reads with 2/3, not 3/4).
 * All index arithmetic is float, as PyTorch's CPU kernel does it for float tensors.
 */
public record UpsampleGeometry(boolean bilinear, boolean alignCorners, int planes, int inH, int inW, int outH, int outW,
                               double scaleH, double scaleW) {

    /** Nearest: the source row (or column) of output index {@code o}: {@code min(floor(o · in/out), in − 1)}, with {@code 1/scale} when given. */
    public static int nearest(int o, int in, int out, double scale) {
        if (out == in) return o;
        if (out == 2 * in) return o >> 1;
        float s = rate(in, out, scale);
        return Math.min((int) (float) Math.floor(o * s), in - 1);
    }

    /**
     * Bilinear along one dim: {@code idx[2o]}, {@code idx[2o+1]} are the two source indices of output {@code o} and
     * {@code w[2o]}, {@code w[2o+1]} their weights. Without {@code alignCorners} the source is the half-pixel
     * centre {@code max((o + 0.5)·rate − 0.5, 0)}; with it, {@code o·(in−1)/(out−1)}. The upper neighbour is
     * clamped to the edge.
     */
    public static void linear(int in, int out, boolean alignCorners, double scale, int[] idx, float[] w) {
        float s;
        if (alignCorners) s = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
        else s = rate(in, out, scale);
        for (int o = 0; o < out; o++) {
            if (out == in) {
                // PyTorch copies when the size does not change, whatever align_corners says.
                idx[2 * o] = idx[2 * o + 1] = o;
                w[2 * o] = 1f;
                w[2 * o + 1] = 0f;
                continue;
            }
            float real = alignCorners ? s * o : Math.max(s * (o + 0.5f) - 0.5f, 0f);
            int i0 = (int) real;
            int i1 = i0 + (i0 < in - 1 ? 1 : 0);
            float l1 = Math.min(Math.max(real - i0, 0f), 1f);
            idx[2 * o] = i0;
            idx[2 * o + 1] = i1;
            w[2 * o] = 1f - l1;
            w[2 * o + 1] = l1;
        }
    }

    /** PyTorch's {@code compute_scales_value<float>}: {@code 1/scale} (in double, then float) when given, else {@code in/out}. */
    private static float rate(int in, int out, double scale) {
        return scale > 0 ? (float) (1.0 / scale) : (float) in / out;
    }
}
