package layerlab.loss;

import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.L1Loss}: {@code |x − y|}, reduced (gradient 0 where they are equal, as in PyTorch). */
public final class L1Loss extends Loss {
    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return reduction.apply(input.sub(target).abs());
    }
}
