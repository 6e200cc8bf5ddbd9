package layerlab.backend;

import layerlab.tensor.Tensor;

/**
 * Kernels of the spatial layers: convolution, pooling, normalisation, padding and dropout masks. Like
 * {@link Backend}, every tensor is a raw contiguous tensor of that backend (offset allowed), outputs are
 * preallocated by the caller and fully overwritten unless a method says otherwise, and nothing records
 * autograd history; the differentiable ops live in {@code layerlab.nn.functional}.
 */
public interface SpatialKernels {
    /** {@code y = conv(x, w) + bias}; {@code bias} ({@code [outChannels]}) may be null. */
    void convForward(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y);

    /**
     * The gradients of {@link #convForward} for upstream {@code gy}: {@code gx} (needs {@code w}),
     * {@code gw} (needs {@code x}) and {@code gb}; any of the three may be null when not wanted, and so may
     * an input that no wanted output needs.
     */
    void convBackward(ConvGeometry g, Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gb);

    /**
     * Pads {@code x} seen as {@code [planes, *in]} (three spatial dims) into {@code y} {@code [planes, *out]} with
     * {@code padLo} elements before each dim ({@code out - in - padLo} after; negative values crop), filling by
     * {@code mode}; {@link PadMode#ZEROS} fills with {@code value}.
     */
    void pad(PadMode mode, float value, int planes, int[] in, int[] out, int[] padLo, Tensor x, Tensor y);

    /** The backward of {@link #pad}: {@code gx} receives the sum of every {@code gy} element that was read from it. */
    void padBackward(PadMode mode, int planes, int[] in, int[] out, int[] padLo, Tensor gy, Tensor gx);

    /**
     * Max pooling; {@code indices} (int64, like {@code y}) receives the flat position of each maximum within its input
     * plane, or is null when no gradient will be taken (inference skips tracking them).
     */
    void maxPoolForward(PoolGeometry g, Tensor x, Tensor y, Tensor indices);

    /** {@code gx[p, indices[p, o]] += gy[p, o]} over {@code gx} cleared first (max pooling and adaptive max pooling). */
    void maxPoolBackward(int planes, int inVolume, int outVolume, Tensor gy, Tensor indices, Tensor gx);

    /** Average pooling with PyTorch's divisor rule; {@code divisorOverride} ≤ 0 means none. */
    void avgPoolForward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor x, Tensor y);

    void avgPoolBackward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor gy, Tensor gx);

    /**
     * Adaptive pooling of {@code x} {@code [planes, *in]} to {@code y} {@code [planes, *out]}: output cell {@code i} of
     * a dim covers inputs {@code [floor(i·in/out), ceil((i+1)·in/out))}. {@code indices} is null for the average.
     */
    void adaptivePoolForward(boolean max, int planes, int[] in, int[] out, Tensor x, Tensor y, Tensor indices);

    void adaptiveAvgPoolBackward(int planes, int[] in, int[] out, Tensor gy, Tensor gx);

    /**
     * Upsampling of {@code x} {@code [planes, in[0], in[1]]} to {@code y} {@code [planes, out[0], out[1]]} (PyTorch's
     * {@code upsample_nearest2d} / {@code upsample_bilinear2d}); See {@link UpsampleGeometry}.
     */
    void upsampleForward(UpsampleGeometry g, Tensor x, Tensor y);

    /** The backward of {@link #upsampleForward}: {@code gx} receives the weighted sum of every {@code gy} element read from it. */
    void upsampleBackward(UpsampleGeometry g, Tensor gy, Tensor gx);

    /**
     * Batch normalisation of {@code x} seen as {@code [n, c, inner]}. With {@code training}, the batch mean and biased
     * variance (accumulated in double) normalise, {@code saveMean}/{@code saveInvstd} {@code [c]} receive them, and the
     * running stats, when not null, become {@code (1-f)·running + f·batch} with the unbiased variance ({@code f} is
     * the momentum, or {@code 1/num_batches_tracked} for a cumulative average). Without, the running stats normalise
     * and {@code saveMean}/{@code saveInvstd} receive the mean and {@code 1/sqrt(var + eps)} used. {@code weight} and
     * {@code bias} may be null (no affine).
     */
    void batchNormForward(Tensor x, int n, int c, int inner, Tensor weight, Tensor bias, boolean training, double factor,
                          float eps, Tensor runningMean, Tensor runningVar, Tensor saveMean, Tensor saveInvstd, Tensor y);

    /**
     * Gradients of {@link #batchNormForward} given the saved mean and invstd; {@code training} tells whether they
     * were batch statistics (then {@code gx} flows through them too). Any of {@code gx}, {@code gw}, {@code gb} may be null.
     */
    void batchNormBackward(Tensor x, Tensor gy, int n, int c, int inner, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                           boolean training, Tensor gx, Tensor gw, Tensor gb);

    /**
     * Layer normalisation over the last {@code d} elements of each of {@code rows} rows, biased variance; {@code mean}
     * and {@code rstd} {@code [rows]} are saved for the backward; {@code weight}/{@code bias} {@code [d]} may be null.
     */
    void layerNormForward(Tensor x, int rows, int d, Tensor weight, Tensor bias, float eps, Tensor y, Tensor mean, Tensor rstd);

    void layerNormBackward(Tensor x, Tensor gy, int rows, int d, Tensor weight, Tensor mean, Tensor rstd, Tensor gx, Tensor gw, Tensor gb);

    /**
     * Fills {@code mask} with {@code scale} (kept) or 0 (dropped, with probability {@code p}). Element {@code i}'s fate
     * is a fixed function of {@code (seed, i)} — SplitMix64 of {@code seed + i·golden} — so every backend and thread
     * count draws the same mask for one seed. The caller gives the scale ({@link layerlab.nn.functional.Dropout#scale}:
     * PyTorch's {@code 1 / float(1 − p)} with {@code 1 − p} in double), so no backend computes it its own way.
     */
    void dropoutMask(Tensor mask, float p, float scale, long seed);

    /** Element {@code i}'s uniform draw in [0, 1) for {@link #dropoutMask}, the reference for every backend. */
    static float dropoutUniform(long seed, long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-24f;
    }

    /** How {@link #pad} fills the border (PyTorch's {@code padding_mode} / {@code F.pad} modes). */
    enum PadMode {
        ZEROS, REFLECT, REPLICATE, CIRCULAR;

        /** The source index along one dim of size {@code n} for output position {@code i} shifted by {@code lo}, or -1 (constant). */
        public int source(int i, int lo, int n) {
            int j = i - lo;
            if (j >= 0 && j < n) return j;
            return switch (this) {
                case ZEROS -> -1;
                case REPLICATE -> j < 0 ? 0 : n - 1;
                case CIRCULAR -> Math.floorMod(j, n);
                case REFLECT -> {
                    if (n == 1) yield 0;
                    int period = 2 * (n - 1);
                    int m = Math.floorMod(j, period);
                    yield m < n ? m : period - m;
                }
            };
        }
    }
}
