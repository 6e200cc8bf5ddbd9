package layerlab.nn;

import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/** Module state that is saved but not learned (BatchNorm's {@code running_mean}, {@code num_batches_tracked}). */
public final class Buffer {
    private Tensor data;

    public Buffer(Tensor data) {
        this.data = data;
    }

    public Tensor data() {
        return data;
    }

    public void set(Tensor value) {
        this.data = value.detach();
    }

    void to(Device device) {
        if (!data.device().equals(device)) data = data.to(device);
    }
}
