package layerlab.backend;

import java.util.Arrays;

/**
 * The shape of one pooling over {@code planes} independent planes (batch × channels), from {@code in} to
 * {@code out}; spatial arrays have three entries (depth, height, width), lower-dimensional pools leading
 * with 1s. {@code padding} is the low-side padding (PyTorch pads both sides equally; ceil_mode lets the
 * last window hang over the high side).
 */
public record PoolGeometry(int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    public PoolGeometry {
        for (int[] a : new int[][] {in, out, kernel, stride, padding, dilation}) {
            if (a.length != 3) throw new IllegalArgumentException("spatial arrays have 3 entries, got " + Arrays.toString(a));
        }
    }

    public int inVolume() {
        return in[0] * in[1] * in[2];
    }

    public int outVolume() {
        return out[0] * out[1] * out[2];
    }

    /** PyTorch's {@code pooling_output_shape}: the floor (or ceil) formula, minus a last window that would start in the padding. */
    public static int outSize(int in, int k, int pad, int stride, int dilation, boolean ceilMode) {
        int num = in + 2 * pad - dilation * (k - 1) - 1 + (ceilMode ? stride - 1 : 0);
        int out = Math.floorDiv(num, stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + pad) out--;
        return out;
    }
}
