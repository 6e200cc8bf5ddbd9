package layerlab.nn;

/** {@link Reshape} under the name of {@code Tensor.view}, for graphs drawn from PyTorch code that says {@code x.view(...)}. */
public final class View extends Reshape {
    public View(int... shape) {
        super(shape);
    }
}
