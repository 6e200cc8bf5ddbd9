package layerlab.loss;

import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.MSELoss}: {@code (x − y)²}, reduced. Shapes broadcast as in PyTorch (which warns when they differ). */
public final class MSELoss extends Loss {
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return reduction.apply(input.sub(target).square());
    }
}
