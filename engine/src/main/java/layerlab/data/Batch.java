package layerlab.data;

import layerlab.tensor.Tensor;

/**
 * One mini-batch: float32 inputs {@code [B, ...]} and targets (int64 {@code [B]} class indices or float32 {@code [B, ...]}).
 *
 * @param unaugmented an augmented training batch's inputs before their random transforms, else null: an autoencoder's
 *                    loss compares with them, so that a denoising one learns to remake the clean picture, not the erased one
 */
public record Batch(Tensor inputs, Tensor targets, Tensor unaugmented) {
    public Batch(Tensor inputs, Tensor targets) {
        this(inputs, targets, null);
    }

    public int size() {
        return inputs.size(0);
    }
}
