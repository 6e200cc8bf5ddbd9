package layerlab.nn.functional;

import layerlab.autograd.Autograd;
import layerlab.backend.SpatialKernels;
import layerlab.backend.UpsampleGeometry;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code F.interpolate} for images {@code [N, C, H, W]} in modes {@code nearest} and {@code bilinear},
 * forward beside gradient, on the backend's {@link SpatialKernels}.
 */
public final class Interpolate {
    private Interpolate() {}

    /**
     * Resizes {@code x} to {@code size} ({@code [h, w]}), or, when {@code size} is null, by {@code scaleFactor}
     * ({@code [h, w]}) to {@code floor(in · scale)} as PyTorch does with {@code recompute_scale_factor} None (the
     * scale itself then places the samples). {@code alignCorners} applies to bilinear only.
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, boolean bilinear, boolean alignCorners) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("upsample: expected a 4D input [N, C, H, W], got " + x.shapeString());
        }
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException("only one of size or scale_factor should be defined");
        }
        if (alignCorners && !bilinear) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
        }
        int[] xs = x.shape();
        int[] out = new int[2];
        double[] scales = new double[2];
        for (int i = 0; i < 2; i++) {
            if (size != null) {
                out[i] = size[i];
            } else {
                if (!(scaleFactor[i] > 0)) throw new IllegalArgumentException("upsample: scale_factor must be positive, got " + scaleFactor[i]);
                out[i] = (int) Math.floor(xs[2 + i] * scaleFactor[i]);
                scales[i] = scaleFactor[i];
            }
            if (out[i] <= 0 || xs[2 + i] <= 0) {
                throw new IllegalArgumentException("upsample: input and output sizes should be greater than 0, but got input (H: " + xs[2]
                        + ", W: " + xs[3] + ") output (H: " + out[0] + ", W: " + out[1] + ")");
            }
        }
        UpsampleGeometry g = new UpsampleGeometry(bilinear, bilinear && alignCorners, xs[0] * xs[1], xs[2], xs[3], out[0], out[1],
                scales[0], scales[1]);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, xs[0], xs[1], out[0], out[1]);
        SpatialKernels sk = x.backend().spatial();
        sk.upsampleForward(g, Conv.raw(x), y);
        return Autograd.record(bilinear ? "UpsampleBilinear2D" : "UpsampleNearest2D", y, gy -> {
            Tensor gx = Tensor.uninitialized(x.device(), DType.FLOAT32, xs);
            sk.upsampleBackward(g, gy.contiguous(), gx);
            return new Tensor[] {gx};
        }, x);
    }
}
