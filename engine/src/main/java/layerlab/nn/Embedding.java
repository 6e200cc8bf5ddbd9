package layerlab.nn;

import java.util.TreeSet;
import layerlab.autograd.Autograd;
import layerlab.tensor.Generator;
import layerlab.tensor.Indexing;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Embedding}: a lookup table {@code weight} {@code [num_embeddings, embedding_dim]}
 * indexed by int64 token ids of any shape; the result has the ids' shape plus {@code embedding_dim}.
 * The row at {@code padding_idx} starts at zero and never receives a gradient; with {@code max_norm}, every row
 * a forward pass looks up is first rescaled in place to norm at most {@code max_norm} (PyTorch's
 * {@code embedding_renorm_}). With {@code scale_grad_by_freq}, each row's gradient is divided by the number of times
 * the mini-batch looks it up. An id outside {@code [0, num_embeddings)} is an error naming it and the size.
 */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;
    private final Float maxNorm;
    private final float normType;
    private final boolean scaleGradByFreq;
    private final Parameter weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null, null, 2f);
    }

    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, null, 2f);
    }

    /**
     * @param paddingIdx null for none; negative counts from the end, as in PyTorch
     * @param maxNorm    null for none
     * @param normType   the p of the p-norm {@code max_norm} bounds (PyTorch's default 2)
     */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Float maxNorm, float normType) {
        this(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, false);
    }

    /** @param scaleGradByFreq divide each row's gradient by the number of times the mini-batch looks it up */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Float maxNorm, float normType, boolean scaleGradByFreq) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got " + numEmbeddings + " and " + embeddingDim);
        }
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " must be within num_embeddings (" + numEmbeddings + ")");
        }
        if (maxNorm != null && !(maxNorm > 0f)) throw new IllegalArgumentException("Embedding: max_norm must be positive, got " + maxNorm);
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.scaleGradByFreq = scaleGradByFreq;
        this.weight = registerParameter("weight", Tensor.zeros(numEmbeddings, embeddingDim));
        resetParameters();
    }

    /** PyTorch's default: N(0, 1), with the padding row zeroed; drawn from {@link Generator#global()}. */
    public void resetParameters() {
        weight.data().normal_(0f, 1f, Generator.global());
        if (paddingIdx != null) {
            try (var g = Autograd.noGrad()) {
                weight.data().select(0, paddingIdx).fill_(0f);
            }
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (maxNorm != null) renorm(input);
        return Indexing.embedding(weight.data(), input, paddingIdx == null ? Long.MIN_VALUE : paddingIdx, scaleGradByFreq);
    }

    /** Rescales, in place and unrecorded, each looked-up row whose p-norm exceeds max_norm to max_norm / (norm + 1e-7) of itself. */
    private void renorm(Tensor input) {
        Tensor w = weight.data();
        TreeSet<Long> rows = new TreeSet<>();
        long[] ids = input.toLongArray();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= numEmbeddings) {
                throw new IndexOutOfBoundsException("index " + ids[i] + " at position " + i + " is out of range for an embedding of " + numEmbeddings + " rows");
            }
            rows.add(ids[i]);
        }
        float[] row = new float[embeddingDim];
        for (long r : rows) {
            int at = w.offset() + (int) r * embeddingDim;
            w.storage().read(at, row, 0, embeddingDim);
            double norm = 0;
            if (normType == Float.POSITIVE_INFINITY) {
                for (float v : row) norm = Math.max(norm, Math.abs(v)); // the largest magnitude, as torch.norm's p=inf
            } else {
                for (float v : row) norm += Math.pow(Math.abs(v), normType);
                norm = Math.pow(norm, 1.0 / normType);
            }
            if (norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-7));
                for (int j = 0; j < embeddingDim; j++) row[j] *= scale;
                w.storage().write(at, row, 0, embeddingDim);
            }
        }
    }

    public int numEmbeddings() {
        return numEmbeddings;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    /** The padding row (non-negative), or null. */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    public Float maxNorm() {
        return maxNorm;
    }

    public boolean scaleGradByFreq() {
        return scaleGradByFreq;
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(numEmbeddings).append(", ").append(embeddingDim);
        if (paddingIdx != null) s.append(", padding_idx=").append(paddingIdx);
        if (maxNorm != null) s.append(", max_norm=").append(PyRepr.pyFloat(maxNorm));
        if (normType != 2f) s.append(", norm_type=").append(PyRepr.pyFloat(normType));
        if (scaleGradByFreq) s.append(", scale_grad_by_freq=True");
        return s.toString();
    }
}
