package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Conv1d}: a 1-D convolution of {@code [N, in_channels, L]} (or unbatched
 * {@code [in_channels, L]}); {@code padding} is ints or {@code "valid"}/{@code "same"},
 * {@code padding_mode} one of {@code zeros}, {@code reflect}, {@code replicate}, {@code circular}. Size
 * arguments take one value (used for every dim) or 1.
 */
public final class Conv1d extends ConvNd {
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1, true, "zeros");
    }

    public Conv1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups,
                  boolean bias, String paddingMode) {
        super(1, false, inChannels, outChannels, kernelSize, stride, padding, null, dilation, new int[] {0}, groups, bias, paddingMode);
    }

    /** With {@code padding="valid"} (none) or {@code "same"} (output size = input size; stride 1). */
    public Conv1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation, int groups,
                  boolean bias, String paddingMode) {
        super(1, false, inChannels, outChannels, kernelSize, stride, null, padding, dilation, new int[] {0}, groups, bias, paddingMode);
    }

    @Override
    public Tensor forward(Tensor input) {
        return convolve(input);
    }
}
