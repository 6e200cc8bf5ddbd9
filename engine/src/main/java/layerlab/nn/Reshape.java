package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * {@code x.reshape(*shape)} as a graph node: the whole tensor, batch dim included, takes {@code shape}, where one
 * entry may be -1 (inferred) — {@code Reshape(-1, 16)} flattens each sample of a batch. No parameters; a view
 * when the input is contiguous. {@link View} is the same node under PyTorch's other name.
 */
public class Reshape extends Module {
    private final int[] shape;

    public Reshape(int... shape) {
        int inferred = 0;
        for (int s : shape) {
            if (s == -1) inferred++;
            else if (s < 0) throw new IllegalArgumentException("invalid shape dimension " + s);
        }
        if (inferred > 1) throw new IllegalArgumentException("only one dimension can be inferred");
        this.shape = shape.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.reshape(shape);
    }

    public int[] shape() {
        return shape.clone();
    }

    @Override
    protected String extraRepr() {
        return "shape=" + SpatialArgs.tuple(shape);
    }
}
