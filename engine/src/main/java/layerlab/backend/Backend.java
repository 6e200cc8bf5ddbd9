package layerlab.backend;

import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * The seam between tensor operations and the hardware. Tensor ops (with their gradients) live in
 * {@code layerlab.tensor}; they allocate outputs and call these kernels, so a new backend (CUDA) adds
 * kernels without touching any layer. Unless a method says otherwise every tensor argument is a raw,
 * contiguous tensor on this backend (offset allowed), outputs are preallocated by the caller, and no
 * kernel records autograd history.
 */
public interface Backend {
    Device device();

    /** One line for {@code layerlab --version} and the About box. */
    String describe();

    /**
     * Waits until every kernel launched so far has finished, for timing: a backend may queue kernels and return
     * (CUDA does). The CPU's kernels have finished when they return, hence this default.
     */
    default void synchronize() {}

    /** A zero-filled storage of {@code length} elements. */
    Storage allocate(DType dtype, int length);

    /**
     * A storage whose every element the caller writes before anything reads it (an op's output): its contents are
     * undefined. A backend without a cheaper way gives a zeroed one, as this default does.
     */
    default Storage allocateUninitialized(DType dtype, int length) {
        return allocate(dtype, length);
    }

    /** A float storage holding {@code data}: the array itself where the backend keeps arrays (the CPU's), else a copy. */
    default Storage adopt(float[] data) {
        Storage s = allocateUninitialized(DType.FLOAT32, data.length);
        s.write(0, data, 0, data.length);
        return s;
    }

    /** Sets every element of {@code out} (contiguous) to {@code value}. */
    void fill(Tensor out, float value);

    /** Copies {@code src} into {@code dst} element by element; both may be arbitrary strided views of equal shape, and of either dtype (converting). */
    void copy(Tensor src, Tensor dst);

    /** {@code y = op(x, p)}; {@code y} may be {@code x} (in place). */
    void unary(UnaryOp op, float p, Tensor x, Tensor y);

    /** {@code gx = gy · op'(x, p)}; {@code x} or {@code y} may be null when {@link UnaryOp#backwardUsesOutput} says it is unused. */
    void unaryBackward(UnaryOp op, float p, Tensor x, Tensor y, Tensor gy, Tensor gx);

    /** {@code out = a op b}, where {@code a} and {@code b} are strided views already broadcast to {@code out}'s shape (stride 0 on broadcast dims); {@code out} is contiguous and may alias {@code a}. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code dst += alpha · src} over equal-size contiguous tensors (gradient accumulation). */
    void axpy(float alpha, Tensor src, Tensor dst);

    /**
     * Reduces {@code x} seen as {@code [outer, r, inner]} over the middle axis into {@code out} {@code [outer, inner]}.
     * For MAX/MIN, {@code indices} (int64, may be null) receives the position of the first extreme.
     */
    void reduce(ReduceOp op, Tensor x, int outer, int r, int inner, Tensor out, Tensor indices);

    /** Backward of a MAX/MIN reduction: {@code gx[o, idx[o,i], i] = gy[o,i]}, every other element 0. */
    void scatterReduced(Tensor gy, Tensor indices, int outer, int r, int inner, Tensor gx);

    /**
     * Row-major batched SGEMM on storage offsets: for each {@code b < batch},
     * {@code C_b = alpha·op(A_b)·op(B_b) + beta·C_b}, with {@code X_b} starting {@code b·strideX} after {@code X}'s offset.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, int lda, Tensor b, int ldb,
              float beta, Tensor c, int ldc, int batch, int strideA, int strideB, int strideC);

    /**
     * A Linear layer's weight and bias gradients in one pass, where the backend has a kernel for it: for {@code g}
     * {@code [rows, out]} and {@code x} {@code [rows, in]} (contiguous), {@code gw = gᵀ·x} (added into {@code gwInto},
     * {@code [out, in]} contiguous, when given; a fresh tensor otherwise) and {@code gb[j] = Σ_i g[i, j]}. With
     * {@code reluOut} (a ReLU's output after the layer, contiguous as {@code g}; null for none), {@code g} is first
     * taken through the ReLU's backward, {@code g · (reluOut <= 0 ? 0 : 1)} (NaN passes g), as {@link #gemmReluMasked} reads it.
     * Returns {@code {gw, gb}}, or null (nothing done) where it has none: the caller computes them apart, as this default.
     */
    default Tensor[] linearGradients(Tensor g, Tensor reluOut, Tensor x, Tensor gwInto) {
        return null;
    }

    /**
     * {@code C = op(A')·op(B)} with {@code A' = A · (M <= 0 ? 0 : 1)} element by element, {@code M} a ReLU's output laid out
     * as A (same leading dimension): the ReLU's backward ({@link #unaryBackward} of {@code RELU} given its output) read
     * inside the product, where the backend can (the GPU: as the product loads its tiles, one launch fewer and no
     * masked copy). C is {@code [m, n]} with rows {@code ldc} apart. Returns false (nothing done) where it cannot: the
     * caller masks, then multiplies, as this default asks.
     */
    default boolean gemmReluMasked(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor mask, int lda, Tensor b,
                                   int ldb, Tensor c, int ldc) {
        return false;
    }

    /**
     * A Linear layer's forward, optionally with the ReLU after it: {@code C = op(A)·op(B) + bias} (bias {@code [n]}
     * added to every row; null for none), then {@code max(C, 0)} when {@code relu}. C is {@code [m, n]}, contiguous.
     * This default makes the three passes; a backend may fuse them (same result).
     */
    default void linear(boolean transA, boolean transB, int m, int n, int k, Tensor a, int lda, Tensor b, int ldb,
                        Tensor bias, boolean relu, Tensor c) {
        if (bias != null) copy(Tensor.view(bias.storage(), bias.offset(), new int[] {m, n}, new int[] {0, bias.strides()[0]}), c);
        gemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, bias == null ? 0f : 1f, c, n, 1, 0, 0, 0);
        if (relu) unary(UnaryOp.RELU, 0f, c, c);
    }

    /**
     * Fused cross entropy, where a backend has it (null: it has not, and the caller composes log_softmax and NLL):
     * logits {@code x} {@code [n, c]} (contiguous), int64 targets {@code t} {@code [n]} all known to lie in [0, c);
     * {@code lse[i] = log Σ_j exp(x[i, j])} and the scalar {@code loss = scale · Σ_i (lse[i] − x[i, t[i]])} (scale 1/n
     * for PyTorch's mean, 1 for its sum). Returns the gradient: given the loss's gradient {@code g} (a scalar tensor),
     * {@code gx[i, j] = (exp(x[i, j] − lse[i]) − [j == t[i]]) · g · scale}. On a GPU one launch each way, instead of
     * four forward and five back. With {@code forOne}, the backend may compute in the same pass the gradient for
     * {@code g} exactly 1 ({@link FusedGradient#forOne}): what a backward from {@code loss.backward()} needs, then
     * without a launch of its own.
     */
    default FusedGradient crossEntropy(Tensor x, Tensor t, Tensor lse, Tensor loss, float scale, boolean forOne) {
        return null;
    }

    /** The backward of a fused op: writes {@code gx} from the output's gradient {@code g}. */
    interface FusedGradient {
        void backward(Tensor g, Tensor gx);

        /**
         * The input's gradient for an output gradient of exactly 1, made with the forward (the same numbers
         * {@link #backward} writes for a g of ones); null where it was not.
         */
        default Tensor forOne() {
            return null;
        }
    }

    /** Softmax (or log-softmax) of {@code x} seen as {@code [outer, r, inner]} over the middle axis. */
    void softmax(boolean log, Tensor x, Tensor y, int outer, int r, int inner);

    /** Gradient of {@link #softmax} given its output {@code y}. */
    void softmaxBackward(boolean log, Tensor y, Tensor gy, Tensor gx, int outer, int r, int inner);

    /** {@code out[i, :] = table[idx[i], :]}; {@code table} is {@code [V, D]}, {@code idx} int64 {@code [n]}; an index outside [0, V) is an error naming it. */
    void indexSelect(Tensor table, Tensor idx, Tensor out);

    /** {@code tableGrad[idx[i], :] += grad[i, :]}, skipping rows whose index equals {@code skipIndex}. */
    void indexAdd(Tensor grad, Tensor idx, Tensor tableGrad, long skipIndex);

    /** {@code out[i] = x[i, idx[i]]} for {@code x} {@code [rows, cols]}; rows whose index equals {@code skipIndex} give 0. */
    void gather(Tensor x, Tensor idx, Tensor out, long skipIndex);

    /** {@code gx[i, idx[i]] += gy[i]} (gx pre-filled by the caller); rows whose index equals {@code skipIndex} are skipped. */
    void scatterAdd(Tensor gy, Tensor idx, Tensor gx, long skipIndex);

    /** Fills {@code out} (contiguous) with uniform [lo, hi) or normal(mean=lo, std=hi) samples from {@code gen}, as torch's {@code uniform_}/{@code normal_} do. */
    default void random(Tensor out, boolean normal, float lo, float hi, Generator gen) {
        float[] host = new float[out.numel()];
        if (normal) gen.normal(host, 0, host.length, lo, hi);
        else gen.uniform(host, 0, host.length, lo, hi);
        out.storage().write(out.offset(), host, 0, host.length);
    }

    OptimKernels optim();

    /**
     * Convolution, pooling, normalisation and dropout kernels. The default runs the CPU kernels through host
     * copies, so a backend without spatial kernels of its own is correct, if slow; backends override it.
     */
    default SpatialKernels spatial() {
        return HostSpatial.INSTANCE;
    }

    /**
     * The fused recurrent-cell kernels. The default runs the CPU kernels on host copies of the arguments
     * (correct everywhere, slow off the CPU); backends with kernels of their own override it.
     */
    default SequenceKernels sequence() {
        return HostSequenceKernels.INSTANCE;
    }
}
