package layerlab.nn;

/**
 * What {@link AdaptiveAvgPool2d} and {@link AdaptiveMaxPool2d} share: the {@code output_size} argument (one int or a
 * pair; -1 stands for PyTorch's {@code None}, keeping that input size), its check and its repr.
 */
abstract class AdaptivePool2d extends Module {
    private final int[] outputArg;
    final int[] outputSize;

    AdaptivePool2d(String kind, int[] outputSize) {
        this.outputArg = outputSize.clone();
        this.outputSize = SpatialArgs.expand("output_size", outputArg, 2);
        for (int o : this.outputSize) {
            if (o == 0 || o < -1) throw new IllegalArgumentException(kind + ": output_size must be positive (or -1 for None), got " + o);
        }
    }

    /** The output size per dim; -1 keeps the input's. */
    public int[] outputSize() {
        return outputSize.clone();
    }

    @Override
    protected String extraRepr() {
        if (outputArg.length == 1) return "output_size=" + (outputArg[0] < 0 ? "None" : Integer.toString(outputArg[0]));
        return "output_size=(" + (outputArg[0] < 0 ? "None" : outputArg[0]) + ", " + (outputArg[1] < 0 ? "None" : outputArg[1]) + ")";
    }
}
