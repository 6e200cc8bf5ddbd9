package layerlab.train;

import java.util.Arrays;
import layerlab.tensor.Tensor;

/** A copy of a tensor's values on the host, row-major, with its shape: what listeners get instead of live tensors. */
public record TensorSnapshot(int[] shape, float[] data) {
    public static TensorSnapshot of(Tensor t) {
        return new TensorSnapshot(t.shape(), t.toFloatArray());
    }

    @Override
    public String toString() {
        return "TensorSnapshot" + Arrays.toString(shape);
    }
}
