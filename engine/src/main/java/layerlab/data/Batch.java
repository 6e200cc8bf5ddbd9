package layerlab.data;

import layerlab.tensor.Tensor;

/** One mini-batch: float32 inputs {@code [B, ...]} and targets (int64 {@code [B]} class indices or float32 {@code [B, ...]}). */
public record Batch(Tensor inputs, Tensor targets) {
    public int size() {
        return inputs.size(0);
    }
}
