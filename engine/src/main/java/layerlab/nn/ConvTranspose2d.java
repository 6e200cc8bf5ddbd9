package layerlab.nn;

import layerlab.nn.functional.Conv;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.ConvTranspose2d}: the adjoint of a 2-D convolution (the gradient of {@link Conv2d} with
 * respect to its input), weight {@code [in_channels, out_channels/groups, kH, kW]}. Output size per dim:
 * {@code (in-1)·stride - 2·padding + dilation·(k-1) + output_padding + 1}.
 */
public final class ConvTranspose2d extends ConvNd {
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {0}, 1, true,
                new int[] {1});
    }

    /** PyTorch's argument order: {@code (in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] outputPadding,
                           int groups, boolean bias, int[] dilation) {
        super(2, true, inChannels, outChannels, kernelSize, stride, padding, null, dilation, outputPadding, groups, bias, "zeros");
    }

    @Override
    public Tensor forward(Tensor input) {
        Parameter b = bias();
        return Conv.convTranspose(input, weight().data(), b == null ? null : b.data(), stride(), padding(), outputPadding(),
                groups(), dilation());
    }

    @Override
    public int[] outputPadding() {
        return super.outputPadding();
    }
}
