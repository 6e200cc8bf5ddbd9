package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * Each padded sequence's length: token ids {@code [B, T]} to int64 {@code [B]}, the number of ids that are not
 * {@code padding_idx}, at least 1 (PyTorch's {@code (x != 0).sum(dim=1).clamp(min=1)}). It gives the lengths input of
 * a recurrent layer, LastStep, MeanOverTime or MultiheadAttention, which count a sequence's steps from its start: the
 * ids must be padded on the right. An empty text counts 1, as {@code pack_padded_sequence} refuses a length of 0: it
 * is read as one padding token.
 */
public final class Lengths extends Module {
    private final long paddingIdx;

    public Lengths(long paddingIdx) {
        this.paddingIdx = paddingIdx;
    }

    @Override
    public Tensor forward(Tensor ids) {
        if (ids.dim() != 2) throw new IllegalArgumentException("Lengths expects token ids [B, T], got shape " + ids.shapeString());
        int batch = ids.size(0), steps = ids.size(1);
        long[] x = ids.toLongArray(), len = new long[batch];
        for (int b = 0; b < batch; b++) {
            long n = 0;
            for (int t = 0; t < steps; t++) if (x[b * steps + t] != paddingIdx) n++;
            len[b] = Math.max(1, n);
        }
        return Tensor.ofLongs(len, batch).to(ids.device());
    }

    public long paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected String extraRepr() {
        return "padding_idx=" + paddingIdx;
    }
}
