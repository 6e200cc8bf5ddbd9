package layerlab.nn;

import layerlab.init.Init;
import layerlab.nn.functional.F;
import layerlab.tensor.Attention;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.MultiheadAttention(embed_dim, num_heads, dropout, bias, batch_first=True)}: each of the
 * {@code num_heads} heads projects the query {@code [N, L, E]}, key and value {@code [N, S, E]} to {@code E/num_heads}
 * values a position, weighs the values by the softmax of the scaled dot products of query and key, and the heads' results,
 * side by side, go through one more projection: {@code out [N, L, E]}. The attention weights, averaged over the heads,
 * are the second result, {@code [N, L, S]} (PyTorch's {@code need_weights=True}): row {@code i} says how much position
 * {@code i} looked at each position of the key.
 * <p>
 * Parameters as PyTorch names them: {@code in_proj_weight [3E, E]} (query, key and value projections stacked),
 * {@code in_proj_bias [3E]}, {@code out_proj.weight [E, E]}, {@code out_proj.bias [E]}. The arithmetic is PyTorch's own
 * path when it returns the weights: the query scaled by {@code √(1/head_dim)} before its product with the key, a mask
 * added to the scores, dropout on the weights (training only), the weights returned after it.
 * <p>
 * Two masks, both as PyTorch's {@code -inf} added to the scores: {@code lengths} (int64 {@code [N]}; PyTorch's
 * {@code key_padding_mask = arange(S) >= lengths[:, None]}) keeps each sample's padded key positions from being looked
 * at, and {@link #causal()} keeps position {@code i} from looking past itself ({@code attn_mask =
 * nn.Transformer.generate_square_subsequent_mask(L)}), as a decoder or a language model does.
 */
public final class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final int headDim;
    private final double dropout;
    private final boolean causal;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0.0, true, false);
    }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean causal) {
        if (embedDim <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim and num_heads must be positive, got " + embedDim + " and " + numHeads);
        }
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim " + embedDim + " must be divisible by num_heads " + numHeads);
        }
        if (dropout < 0 || dropout > 1) throw new IllegalArgumentException("MultiheadAttention: dropout must be within 0 … 1, got " + dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.dropout = dropout;
        this.causal = causal;
        this.inProjWeight = registerParameter("in_proj_weight", Tensor.zeros(3 * embedDim, embedDim));
        this.inProjBias = bias ? registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim)) : null;
        // As PyTorch's constructor: out_proj (a Linear, drawn first) is made before the in-projection is filled.
        this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias));
        resetParameters();
    }

    /**
     * PyTorch's {@code _reset_parameters}: {@code xavier_uniform_(in_proj_weight)}, both biases zero ({@code out_proj}'s
     * weight keeps its Linear's {@code kaiming_uniform(a=√5)}).
     */
    public void resetParameters() {
        Init.xavierUniform(inProjWeight.data());
        if (inProjBias != null) {
            Init.zeros(inProjBias.data());
            Init.zeros(outProj.bias().data());
        }
    }

    /** Self-attention: the input is query, key and value. */
    @Override
    public Tensor forward(Tensor x) {
        return forwardFull(x, x, x, null)[0];
    }

    /** {@code (query)}, {@code (query, key)} (the key is the value too) or {@code (query, key, value)}: the output alone. */
    @Override
    public Tensor forward(Tensor... in) {
        if (in.length < 1 || in.length > 3) throw new IllegalArgumentException("MultiheadAttention takes query, key and value, got " + in.length + " inputs");
        Tensor q = in[0], k = in.length > 1 ? in[1] : q, v = in.length > 2 ? in[2] : k;
        return forwardFull(q, k, v, null)[0];
    }

    /**
     * {@code {out [N, L, E], weights [N, L, S]}} for a query {@code [N, L, E]} and key and value {@code [N, S, E]}
     * ({@code key} null: the query; {@code value} null: the key), {@code lengths} (int64 {@code [N]}, or null) the valid
     * key positions of each sample.
     */
    public Tensor[] forwardFull(Tensor query, Tensor key, Tensor value, Tensor lengths) {
        if (key == null) key = query;
        if (value == null) value = key;
        check(query, "query");
        check(key, "key");
        check(value, "value");
        int n = query.size(0), l = query.size(1), s = key.size(1);
        if (key.size(0) != n || value.size(0) != n || value.size(1) != s) {
            throw new IllegalArgumentException("MultiheadAttention: query " + query.shapeString() + ", key " + key.shapeString() + " and value "
                    + value.shapeString() + " must agree: [N, L, E], [N, S, E] and [N, S, E]");
        }
        if (causal && l != s) {
            throw new IllegalArgumentException("MultiheadAttention: a causal mask needs as many query as key positions, got " + l + " and " + s);
        }
        Tensor w = inProjWeight.data(), b = inProjBias == null ? null : inProjBias.data();
        Tensor q, k, v;
        int qc = 0, kc = 0, vc = 0;
        if (query == key && key == value) {
            // One projection for all three (PyTorch's packed in-projection), read by columns where they lie.
            q = k = v = F.linear(query, w, b);
            kc = embedDim;
            vc = 2 * embedDim;
        } else {
            q = F.linear(query, w.narrow(0, 0, embedDim), b == null ? null : b.narrow(0, 0, embedDim));
            k = F.linear(key, w.narrow(0, embedDim, embedDim), b == null ? null : b.narrow(0, embedDim, embedDim));
            v = F.linear(value, w.narrow(0, 2 * embedDim, embedDim), b == null ? null : b.narrow(0, 2 * embedDim, embedDim));
        }
        // Each head's columns read where they lie (layerlab.tensor.Attention): no [N, heads, T, head_dim] copies.
        Tensor mask = mask(lengths, n, l, s);
        Tensor probs = Attention.weights(q, qc, k, kc, embedDim, numHeads, (float) Math.sqrt(1.0 / headDim),
                mask == null ? null : mask.to(query.device()));
        Tensor weights = layerlab.nn.functional.Dropout.dropout(probs, dropout, isTraining());
        Tensor o = Attention.mix(weights, v, vc, embedDim, numHeads);
        return new Tensor[] {outProj.forward(o), weights.mean(1, false)};
    }

    private void check(Tensor t, String what) {
        if (t.dim() != 3 || t.size(2) != embedDim) {
            throw new IllegalArgumentException("MultiheadAttention: " + what + " must be [N, T, " + embedDim + "] (batch first, embed_dim "
                    + embedDim + "), got " + t.shapeString());
        }
    }

    /** The scores' additive mask, {@code [N or 1, 1, L, S]}: {@code -inf} at padded key positions and, when causal, above the diagonal; null for none. */
    private Tensor mask(Tensor lengths, int n, int l, int s) {
        if (lengths == null && !causal) return null;
        long[] len = lengths == null ? null : SequenceLengths.check(lengths, n, s, "MultiheadAttention");
        int rows = len == null ? 1 : n;
        float[] m = new float[rows * l * s];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < l; i++) {
                for (int j = 0; j < s; j++) {
                    boolean hidden = causal && j > i || len != null && j >= len[r];
                    if (hidden) m[(r * l + i) * s + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return Tensor.of(m, rows, 1, l, s);
    }

    public int embedDim() {
        return embedDim;
    }

    public int numHeads() {
        return numHeads;
    }

    public double dropout() {
        return dropout;
    }

    /** Whether position {@code i} looks only at positions up to {@code i}. */
    public boolean causal() {
        return causal;
    }

    public Parameter inProjWeight() {
        return inProjWeight;
    }

    /** The in-projection's bias, or null when built with {@code bias=false}. */
    public Parameter inProjBias() {
        return inProjBias;
    }

    public Linear outProj() {
        return outProj;
    }
}
