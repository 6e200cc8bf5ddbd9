package layerlab.nn;

/**
 * PyTorch's {@code nn.MaxPool2d} over {@code [N, C, H, W]} or {@code [C, H, W]}: the maximum of each window (the
 * gradient goes to its first maximum; NaN wins). {@code stride} null means {@code kernel_size}; {@code padding}
 * (at most half the dilated window) pads with -∞; {@code ceil_mode} keeps a last partial window.
 */
public final class MaxPool2d extends MaxPoolNd {
    public MaxPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false);
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        super(2, kernelSize, stride, padding, dilation, ceilMode);
    }

    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode, boolean returnIndices) {
        super(2, kernelSize, stride, padding, dilation, ceilMode, returnIndices);
    }
}
