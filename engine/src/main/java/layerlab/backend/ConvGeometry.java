package layerlab.backend;

import java.util.Arrays;

/**
 * The shape of one N-d convolution {@code x [batch, inChannels, *in] → y [batch, outChannels, *out]} with
 * weight {@code [outChannels, inChannels/groups, *kernel]}. Spatial arrays always have three entries
 * (depth, height, width); 1-D and 2-D convolutions lead with 1s, so one set of kernels serves all three.
 * {@code padding} is the low-side padding; the output size is given, so the high side may differ (PyTorch's
 * {@code padding='same'} with an even kernel) — reads beyond the input are zeros either way.
 */
public record ConvGeometry(int batch, int inChannels, int outChannels, int groups, int[] in, int[] out, int[] kernel,
                           int[] stride, int[] padding, int[] dilation) {
    public ConvGeometry {
        for (int[] a : new int[][] {in, out, kernel, stride, padding, dilation}) {
            if (a.length != 3) throw new IllegalArgumentException("spatial arrays have 3 entries, got " + Arrays.toString(a));
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels " + inChannels + "→" + outChannels + " are not divisible by groups " + groups);
        }
    }

    /** Pads {@code v} (1 to 3 entries, innermost last) on the left with {@code fill} to three entries. */
    public static int[] to3(int[] v, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(v, 0, r, 3 - v.length, v.length);
        return r;
    }

    /** One output extent: {@code (in + padLo + padHi - dilation·(k-1) - 1) / stride + 1}. */
    public static int outSize(int in, int padLo, int padHi, int k, int stride, int dilation) {
        return Math.floorDiv(in + padLo + padHi - dilation * (k - 1) - 1, stride) + 1;
    }

    public int inVolume() {
        return in[0] * in[1] * in[2];
    }

    public int outVolume() {
        return out[0] * out[1] * out[2];
    }

    public int kernelVolume() {
        return kernel[0] * kernel[1] * kernel[2];
    }

    /** Rows of one group's im2col matrix: {@code inChannels/groups · kernelVolume}. */
    public int groupColumnRows() {
        return inChannels / groups * kernelVolume();
    }

    /** Whether the im2col matrix of an image is the image itself (1×1 kernel, stride 1, no padding). */
    public boolean isPointwise() {
        for (int i = 0; i < 3; i++) if (kernel[i] != 1 || stride[i] != 1 || padding[i] != 0 || in[i] != out[i]) return false;
        return true;
    }

    /** Multiply-adds of the forward pass (×2 for FLOPs). */
    public long macs() {
        return (long) batch * outChannels * outVolume() * groupColumnRows();
    }
}
