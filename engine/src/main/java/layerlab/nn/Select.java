package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * {@code x.select(dim, index)} ({@code x[:, 0]} for dim 1) as a graph node: one entry of a dim, that dim gone — a Vision
 * Transformer's class token out of its sequence, a step of a sequence. No parameters; the gradient goes to the entry taken.
 */
public final class Select extends Module {
    private final int dim;
    private final int index;

    public Select(int dim, int index) {
        this.dim = dim;
        this.index = index;
    }

    @Override
    public Tensor forward(Tensor input) {
        int d = dim < 0 ? dim + input.dim() : dim;
        int i = index < 0 ? index + input.size(d) : index;
        if (d <= 0 || d >= input.dim() || i < 0 || i >= input.size(d)) {
            throw new IllegalArgumentException("Select: index " + index + " of dim " + dim + " is outside " + input.shapeString());
        }
        return input.select(d, i).contiguous();
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", index=" + index;
    }
}
