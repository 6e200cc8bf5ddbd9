package layerlab.nn;

import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Module state that is saved but not learned (BatchNorm's {@code running_mean}, {@code num_batches_tracked}). A host
 * buffer stays on the CPU whatever device its module moves to: a counter the host reads and writes every step (on a GPU
 * each read would wait for the device, each write copy to it) and no kernel reads.
 */
public final class Buffer {
    private Tensor data;
    private final boolean host;

    public Buffer(Tensor data) {
        this(data, false);
    }

    public Buffer(Tensor data, boolean host) {
        this.data = host ? data.to(Device.CPU) : data;
        this.host = host;
    }

    public Tensor data() {
        return data;
    }

    public void set(Tensor value) {
        this.data = host ? value.detach().to(Device.CPU) : value.detach();
    }

    /** Whether this buffer stays on the CPU when its module moves. */
    public boolean host() {
        return host;
    }

    void to(Device device) {
        if (!host && !data.device().equals(device)) data = data.to(device);
    }
}
