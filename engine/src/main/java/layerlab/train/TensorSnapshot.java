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

    /**
     * The fraction of its values that are exactly 0, over every sample ({@code (x == 0).float().mean()}): for an output
     * that is not a rectifier's (an Input's background pixels, a MaxPool's), where "dead" would mean nothing.
     */
    public double zeroFraction() {
        if (data.length == 0) return 0;
        int zeros = 0;
        for (float f : data) if (f == 0) zeros++;
        return (double) zeros / data.length;
    }

    /**
     * The fraction of units (a sample's output elements) that are at most 0 for every sample: a ReLU's dead units, which
     * pass no gradient back and never recover (the inspector's "dead" column and {@link Diagnosis}).
     */
    public double deadFraction() {
        int n = shape.length == 0 ? 1 : shape[0];
        int per = data.length / Math.max(1, n);
        if (per == 0) return 0;
        int dead = 0;
        for (int j = 0; j < per; j++) {
            boolean alive = false;
            for (int i = 0; i < n && !alive; i++) alive = data[i * per + j] > 0;
            if (!alive) dead++;
        }
        return (double) dead / per;
    }
}
