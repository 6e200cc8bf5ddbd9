package layerlab.backend;

import java.util.function.IntConsumer;
import layerlab.tensor.Tensor;

/**
 * The fused per-time-step kernels of the recurrent layers: the gate math of one step of RNN, LSTM or GRU
 * in one pass over the batch (forward saving what backward needs), and its backward. The matrix products
 * around them are the backend's {@link Backend#gemm}: the input projection of all time steps as one GEMM
 * before the loop, and one recurrent GEMM per step.
 *
 * <p>Conventions: {@code B} batch rows, {@code H} hidden units. Every tensor is a contiguous {@code [B, k·H]}
 * block (offset allowed) except {@code out} and {@code gOut}, rows of the layer's output sequence, whose rows
 * are contiguous but may be {@code strides()[0]} apart (a bidirectional layer interleaves its directions).
 * {@code lengths} (int64 {@code [B]}, or null when every row is full length) and the time step {@code t}
 * mark padding: a row with {@code t >= lengths[b]} is past its sequence's end, so its state passes through
 * unchanged, its output is 0, and in backward its gradients pass straight through (what PyTorch's
 * {@code pack_padded_sequence} does). Gradient buffers named "in/out" are read and then overwritten in place.
 */
public interface SequenceKernels {
    /**
     * Runs {@code task.accept(i)} for {@code i < count}, tasks that write disjoint outputs (the two directions
     * of a bidirectional layer), concurrently where the backend can. The default runs them in order; the CPU
     * gives each its own thread, which on two cores beats splitting every small per-step GEMM in two.
     */
    default void runIndependent(int count, IntConsumer task) {
        for (int i = 0; i < count; i++) task.accept(i);
    }

    /**
     * Runs the loop over time steps (each step a small GEMM and a cell kernel, each waiting on the last).
     * The default just runs it; the CPU runs it on the calling thread alone, since handing a step's work to
     * another thread costs more than the step.
     */
    default void stepLoop(Runnable steps) {
        steps.run();
    }

    /**
     * One Elman RNN step: {@code hNext = act(gates)}, act = tanh or relu; {@code gates} {@code [B, H]} holds
     * {@code x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh}. Writes {@code hNext} and {@code out} (null: skipped).
     */
    void rnnCell(boolean relu, Tensor gates, Tensor hPrev, Tensor hNext, Tensor out, Tensor lengths, int t);

    /**
     * Backward of {@link #rnnCell}: {@code gh} (in/out) is the gradient of {@code hNext} from later steps
     * (the output's gradient {@code gOut}, null for none, is added here) and leaves as the part of
     * {@code hPrev}'s gradient not carried by the recurrent GEMM (0 on live rows, the pass-through on padding);
     * {@code dGates} receives the gradient of the pre-activations.
     */
    void rnnCellBackward(boolean relu, Tensor hNext, Tensor gh, Tensor gOut, Tensor dGates, Tensor lengths, int t);

    /**
     * One LSTM step. {@code gates} {@code [B, 4H]} holds the pre-activations (PyTorch's order i, f, g, o,
     * both biases and the recurrent product included) and is overwritten with the activations
     * {@code σ(i), σ(f), tanh(g), σ(o)}; {@code cNext = f·cPrev + i·g}, {@code tanhC = tanh(cNext)} (saved
     * for backward), {@code hNext = o·tanhC}; {@code out} (null: skipped) gets {@code hNext}.
     */
    void lstmCell(Tensor gates, Tensor cPrev, Tensor hPrev, Tensor cNext, Tensor hNext, Tensor tanhC, Tensor out,
                  Tensor lengths, int t);

    /**
     * Backward of {@link #lstmCell} from the saved activations {@code gates}, {@code cPrev} and {@code tanhC}:
     * {@code gh} (in/out) as in {@link #rnnCellBackward}; {@code gc} (in/out) enters as the gradient of
     * {@code cNext} and leaves as that of {@code cPrev}; {@code dGates} {@code [B, 4H]} receives the
     * gradient of the pre-activations.
     */
    void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor tanhC, Tensor gh, Tensor gc, Tensor gOut, Tensor dGates,
                          Tensor lengths, int t);

    /**
     * One GRU step, PyTorch's formulation (gate order r, z, n; {@code b_hn} inside the reset product):
     * {@code r = σ(xg_r + hg_r + b_hr)}, {@code z = σ(xg_z + hg_z + b_hz)},
     * {@code n = tanh(xg_n + r·(hg_n + b_hn))}, {@code hNext = (1 − z)·n + z·hPrev}, where {@code xg}
     * {@code [B, 3H]} is {@code x·W_ihᵀ + b_ih}, {@code hg} {@code [B, 3H]} is {@code hPrev·W_hhᵀ} and
     * {@code bhh} {@code [3H]} (null: no bias). {@code saved} {@code [B, 4H]} receives r, z, n and
     * {@code hg_n + b_hn} for backward.
     */
    void gruCell(Tensor xg, Tensor hg, Tensor bhh, Tensor hPrev, Tensor hNext, Tensor saved, Tensor out,
                 Tensor lengths, int t);

    /**
     * Backward of {@link #gruCell}: {@code gh} (in/out) as in {@link #rnnCellBackward} (on live rows it
     * leaves as {@code gh·z}, the direct path); {@code dxg} and {@code dhg} {@code [B, 3H]} receive the
     * gradients of {@code xg} and of {@code hg} (they differ in the n block by the factor r).
     */
    void gruCellBackward(Tensor saved, Tensor hPrev, Tensor gh, Tensor gOut, Tensor dxg, Tensor dhg, Tensor lengths, int t);

    /**
     * GRU steps {@code [s0, s1)} (processing order) of direction {@code d} of {@code dirs} in one call, where the backend
     * has a kernel for it; false (nothing done) where it has none, and the caller loops over the steps itself. Each step
     * is the caller's: the recurrent product {@code hPrev·W_hhᵀ} (zero for the first step with {@code zeroState}), then
     * {@link #gruCell}. Buffers as {@code Recurrent} lays them out: {@code gates} {@code [T, B, 3H]}, {@code whhT}
     * {@code [H, 3H]}, {@code hAll} {@code [T + 1, B, H]} (step t reads slot t and writes t + 1; reversed, t + 1 and t),
     * {@code cache} {@code [T, B, 4H]}, {@code packed} the output {@code [T, B, dirs·H]}.
     */
    default boolean gruSteps(Tensor gates, Tensor whhT, Tensor bhh, Tensor hAll, Tensor cache, Tensor packed, int d, int dirs,
                             Tensor lengths, int s0, int s1, boolean reverse, boolean zeroState) {
        return false;
    }

    /**
     * Backward of {@link #gruSteps} for processing indices {@code [i0, i1)} (step {@code s = T - 1 - i}): for each,
     * {@link #gruCellBackward} into {@code dG} and {@code dHG} {@code [T, B, 3H]} with the state's gradient {@code dh}
     * {@code [B, H]} carried in place, then {@code dh += dHG_t·W_hh} ({@code whh} {@code [3H, H]}), skipped for step 0
     * unless {@code needH0}; {@code gp} is the output's gradient {@code [T, B, dirs·H]}. False where the backend has no
     * kernel for it.
     */
    default boolean gruStepsBackward(Tensor cache, Tensor hAll, Tensor dh, Tensor gp, int d, int dirs, Tensor dG, Tensor dHG, Tensor whh,
                                     Tensor lengths, int i0, int i1, boolean reverse, boolean needH0) {
        return false;
    }

    /**
     * LSTM steps {@code [s0, s1)} of direction {@code d} in one call, as {@link #gruSteps}: each step the recurrent
     * product added into the step's {@code gates} {@code [T, B, 4H]} (x·W_ihᵀ and both biases), then {@link #lstmCell};
     * {@code whhT} {@code [H, 4H]}, {@code hAll} and {@code cAll} {@code [T + 1, B, H]}, {@code tanhC} {@code [T, B, H]}.
     * False where the backend has no kernel for it.
     */
    default boolean lstmSteps(Tensor gates, Tensor whhT, Tensor hAll, Tensor cAll, Tensor tanhC, Tensor packed, int d, int dirs,
                              Tensor lengths, int s0, int s1, boolean reverse, boolean zeroState) {
        return false;
    }

    /**
     * Backward of {@link #lstmSteps} for processing indices {@code [i0, i1)}, as {@link #gruStepsBackward}: for each,
     * {@link #lstmCellBackward} into {@code dG} {@code [T, B, 4H]} with {@code dh} and {@code dc} {@code [B, H]} carried in
     * place, then {@code dh += dG_t·W_hh} ({@code whh} {@code [4H, H]}), skipped for step 0 unless {@code needH0}.
     */
    default boolean lstmStepsBackward(Tensor gates, Tensor cAll, Tensor tanhC, Tensor dh, Tensor dc, Tensor gp, int d, int dirs, Tensor dG,
                                      Tensor whh, Tensor lengths, int i0, int i1, boolean reverse, boolean needH0) {
        return false;
    }
}
