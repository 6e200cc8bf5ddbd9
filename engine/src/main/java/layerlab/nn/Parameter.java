package layerlab.nn;

import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * A learnable tensor owned by a module. A holder rather than a tensor, so moving a model to another device
 * or loading a state dict swaps the data while layers, optimisers and inspectors keep their reference.
 */
public final class Parameter {
    private Tensor data;
    private boolean requiresGrad = true;

    public Parameter(Tensor data) {
        set(data);
    }

    /** The current value, a leaf that requires grad unless the parameter is {@link #setRequiresGrad frozen}. */
    public Tensor data() {
        return data;
    }

    /** Replaces the value (a detached leaf, requiring grad as this parameter does, is made from it). */
    public void set(Tensor value) {
        this.data = value.detach().contiguous().requiresGrad(requiresGrad);
    }

    /**
     * Whether backward computes this parameter's gradient (PyTorch's {@code p.requires_grad_(…)}); a frozen
     * parameter gets none, so optimisers leave it as it is. Survives {@link #set} and moves between devices.
     */
    public Parameter setRequiresGrad(boolean value) {
        requiresGrad = value;
        data.setGrad(null);
        data.requiresGrad(value);
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public Tensor grad() {
        return data.grad();
    }

    public void zeroGrad() {
        data.zeroGrad();
    }

    public int[] shape() {
        return data.shape();
    }

    public int numel() {
        return data.numel();
    }

    void to(Device device) {
        if (!data.device().equals(device)) set(data.detach().to(device));
    }

    @Override
    public String toString() {
        return "Parameter(" + data.shapeString() + ")";
    }
}
