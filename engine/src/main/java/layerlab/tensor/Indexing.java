package layerlab.tensor;

import layerlab.autograd.Autograd;

/** Integer indexing: embedding lookups and per-row class picks (for NLL), with their scatter gradients. */
public final class Indexing {
    private Indexing() {}

    private static void requireIndex(Tensor idx, String op) {
        if (idx.dtype() != DType.INT64) throw new IllegalArgumentException(op + " expects an int64 index tensor, got " + idx.dtype().pyName);
    }

    /**
     * Rows of {@code table} {@code [V, D]} picked by {@code idx} (int64, any shape): result {@code idx.shape + [D]}.
     * Rows at {@code paddingIdx} receive no gradient.
     */
    public static Tensor embedding(Tensor table, Tensor idx, long paddingIdx) {
        return embedding(table, idx, paddingIdx, false);
    }

    /**
     * {@link #embedding}; with {@code scaleGradByFreq} each row's gradient is divided by the number of times {@code idx}
     * holds it (PyTorch's {@code scale_grad_by_freq}: the count is over this mini-batch, the padding id's lookups included).
     */
    public static Tensor embedding(Tensor table, Tensor idx, long paddingIdx, boolean scaleGradByFreq) {
        requireIndex(idx, "embedding");
        if (table.dim() != 2) throw new IllegalArgumentException("embedding table must be 2-D, got " + table.shapeString());
        int d = table.size(1);
        int[] is = idx.shape();
        int[] outShape = new int[is.length + 1];
        System.arraycopy(is, 0, outShape, 0, is.length);
        outShape[is.length] = d;
        Tensor flatIdx = idx.contiguous().reshape(idx.numel());
        Tensor out = Tensor.uninitialized(table.device(), DType.FLOAT32, idx.numel(), d);
        table.backend().indexSelect(table.contiguous(), flatIdx, out);
        int[] ts = table.shape();
        return Autograd.record("Embedding", out.reshape(outShape), g -> {
            Tensor gt = Tensor.empty(g.device(), DType.FLOAT32, ts);
            g.backend().indexAdd(g.contiguous().reshape(-1, d), flatIdx, gt, paddingIdx);
            if (!scaleGradByFreq) return new Tensor[] {gt};
            // The counts as one more index-add on the device (no copy of the ids to the host); rows never looked up
            // have a zero gradient, so their count is taken as 1. torch scales each lookup by 1/count before adding:
            // the same sum to within rounding.
            Tensor counts = Tensor.empty(g.device(), DType.FLOAT32, ts[0], 1);
            Tensor ones = Tensor.empty(g.device(), DType.FLOAT32, flatIdx.numel(), 1).fill_(1f);
            g.backend().indexAdd(ones, flatIdx, counts, Long.MIN_VALUE);
            return new Tensor[] {gt.mul(counts.clampMin(1f).reciprocal())};
        }, table);
    }

    /**
     * {@code out[...] = x[..., idx[...]]} over the last dim; positions whose target equals {@code ignoreIndex}
     * give 0 and receive no gradient.
     */
    public static Tensor gatherLast(Tensor x, Tensor idx, long ignoreIndex) {
        requireIndex(idx, "gather");
        int c = x.size(-1);
        if (idx.numel() * c != x.numel()) {
            throw new IllegalArgumentException("gather: index shape " + idx.shapeString() + " does not match input " + x.shapeString());
        }
        int rows = idx.numel();
        Tensor xc = x.contiguous().reshape(rows, c);
        Tensor flatIdx = idx.contiguous().reshape(rows);
        Tensor out = Tensor.uninitialized(x.device(), DType.FLOAT32, rows);
        x.backend().gather(xc, flatIdx, out, ignoreIndex);
        int[] xs = x.shape();
        return Autograd.record("Gather", out.reshape(idx.shape()), g -> {
            Tensor gx = Tensor.empty(g.device(), DType.FLOAT32, rows, c);
            g.backend().scatterAdd(g.contiguous().reshape(rows), flatIdx, gx, ignoreIndex);
            return new Tensor[] {gx.reshape(xs)};
        }, x);
    }
}
