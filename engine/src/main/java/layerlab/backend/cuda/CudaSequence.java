package layerlab.backend.cuda;

import java.util.function.Supplier;
import layerlab.backend.SequenceKernels;
import layerlab.tensor.Tensor;

/**
 * The recurrent cells on the GPU (sequence.cuh): one launch per time step and cell, one thread per (row, hidden
 * unit), so a recurrent layer's states stay on the device for the whole sequence. The per-step GEMMs are the
 * backend's; the lengths tensor is already on the device (Recurrent moves it there once per batch).
 */
final class CudaSequence implements SequenceKernels {
    private final CudaBackend be;
    private final CudaDevice dev;

    CudaSequence(CudaBackend be) {
        this.be = be;
        this.dev = be.dev;
    }

    /** The hidden size: the last dim of a state. */
    private static int units(Tensor state) {
        return state.size(state.dim() - 1);
    }

    /** Floats between rows of the output sequence (its rows may interleave two directions). */
    private static int rowStride(Tensor t, int h) {
        return t == null ? 0 : (t.dim() < 2 || t.size(0) == 1 ? h : t.strides()[0]);
    }

    private void launch(String kernel, int rows, int h, CudaDevice.Args args) {
        if ((long) rows * h == 0) return;
        dev.makeCurrent();
        dev.launch1d(kernel, (long) rows * h, args);
    }

    @Override
    public void rnnCell(boolean relu, Tensor gates, Tensor hPrev, Tensor hNext, Tensor out, Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        launch("rnn_cell", b, h, new CudaDevice.Args().bool(relu).ptr(be.addr(gates)).ptr(be.addr(hPrev)).ptr(be.addr(hNext))
                .ptr(be.addr(out)).i32(rowStride(out, h)).ptr(be.addr(lengths)).i32(t).i32(b).i32(h));
    }

    @Override
    public void rnnCellBackward(boolean relu, Tensor hNext, Tensor gh, Tensor gOut, Tensor dGates, Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        launch("rnn_cell_bwd", b, h, new CudaDevice.Args().bool(relu).ptr(be.addr(hNext)).ptr(be.addr(gh)).ptr(be.addr(gOut))
                .i32(rowStride(gOut, h)).ptr(be.addr(dGates)).ptr(be.addr(lengths)).i32(t).i32(b).i32(h));
    }

    @Override
    public void lstmCell(Tensor gates, Tensor cPrev, Tensor hPrev, Tensor cNext, Tensor hNext, Tensor tanhC, Tensor out,
                         Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        launch("lstm_cell", b, h, new CudaDevice.Args().ptr(be.addr(gates)).ptr(be.addr(cPrev)).ptr(be.addr(hPrev))
                .ptr(be.addr(cNext)).ptr(be.addr(hNext)).ptr(be.addr(tanhC)).ptr(be.addr(out)).i32(rowStride(out, h))
                .ptr(be.addr(lengths)).i32(t).i32(b).i32(h));
    }

    @Override
    public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor tanhC, Tensor gh, Tensor gc, Tensor gOut, Tensor dGates,
                                 Tensor lengths, int t) {
        int b = gh.size(0), h = units(gh);
        launch("lstm_cell_bwd", b, h, new CudaDevice.Args().ptr(be.addr(gates)).ptr(be.addr(cPrev)).ptr(be.addr(tanhC))
                .ptr(be.addr(gh)).ptr(be.addr(gc)).ptr(be.addr(gOut)).i32(rowStride(gOut, h)).ptr(be.addr(dGates))
                .ptr(be.addr(lengths)).i32(t).i32(b).i32(h));
    }

    @Override
    public void gruCell(Tensor xg, Tensor hg, Tensor bhh, Tensor hPrev, Tensor hNext, Tensor saved, Tensor out, Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        launch("gru_cell", b, h, new CudaDevice.Args().ptr(be.addr(xg)).ptr(be.addr(hg)).ptr(be.addr(bhh)).ptr(be.addr(hPrev))
                .ptr(be.addr(hNext)).ptr(be.addr(saved)).ptr(be.addr(out)).i32(rowStride(out, h)).ptr(be.addr(lengths))
                .i32(t).i32(b).i32(h));
    }

    @Override
    public void gruCellBackward(Tensor saved, Tensor hPrev, Tensor gh, Tensor gOut, Tensor dxg, Tensor dhg, Tensor lengths, int t) {
        int b = gh.size(0), h = units(gh);
        launch("gru_cell_bwd", b, h, new CudaDevice.Args().ptr(be.addr(saved)).ptr(be.addr(hPrev)).ptr(be.addr(gh))
                .ptr(be.addr(gOut)).i32(rowStride(gOut, h)).ptr(be.addr(dxg)).ptr(be.addr(dhg)).ptr(be.addr(lengths))
                .i32(t).i32(b).i32(h));
    }

    /**
     * Largest hidden size the fused GRU and LSTM steps take: their shared arrays hold 1024 (SEQ_MAX_H in sequence.cuh), but a
     * block sums a row's 3H² products each step alone, so past a few hundred units the GPU-wide GEMM of the step-by-step
     * path is faster than the launches it saves.
     */
    static final int FUSED_MAX_H = 256;
    /** The property {@code layerlab.cuda.fusedSteps=false} makes recurrent layers launch step by step (to time one against the other). */
    static final boolean FUSED_STEPS = !"false".equals(System.getProperty("layerlab.cuda.fusedSteps"));

    private static boolean dense(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && !t.isContiguous()) return false;
        }
        return true;
    }

    /** Threads of a block that walks a row's H units: whole warps, at most 256. */
    private static int rowThreads(int h) {
        return Math.min(256, (h + 31) / 32 * 32);
    }

    /**
     * The fused steps' one policy: false (nothing done: the caller runs the steps one by one) when they are switched off,
     * the rows are wider than {@link #FUSED_MAX_H} or an operand is not dense; else {@code kernel} launched with a block
     * of {@link #rowThreads} per batch row, unless there is nothing to do.
     */
    private boolean launchRows(String kernel, int b, int h, boolean none, Supplier<CudaDevice.Args> args, Tensor... operands) {
        if (!FUSED_STEPS || h > FUSED_MAX_H || !dense(operands)) return false;
        if (b == 0 || h == 0 || none) return true;
        dev.makeCurrent();
        dev.launch(kernel, b, 1, 1, rowThreads(h), 1, 1, args.get());
        return true;
    }

    /** A chunk of steps in one launch, a block per batch row (sequence.cuh's gru_steps). */
    @Override
    public boolean gruSteps(Tensor gates, Tensor whhT, Tensor bhh, Tensor hAll, Tensor cache, Tensor packed, int d, int dirs,
                            Tensor lengths, int s0, int s1, boolean reverse, boolean zeroState) {
        int steps = gates.size(0), b = gates.size(1), h = hAll.size(2);
        return launchRows("gru_steps", b, h, s1 <= s0, () -> new CudaDevice.Args().ptr(be.addr(gates)).ptr(be.addr(whhT))
                .ptr(be.addr(bhh)).ptr(be.addr(hAll)).ptr(be.addr(cache)).ptr(be.addr(packed) + 4L * d * h).i64((long) b * dirs * h)
                .i32(dirs * h).ptr(be.addr(lengths)).i32(s0).i32(s1).i32(steps).bool(reverse).bool(zeroState).i32(b).i32(h),
                gates, whhT, bhh, hAll, cache, packed);
    }

    /** A chunk of backward steps in one launch, a block per batch row (sequence.cuh's gru_steps_bwd). */
    @Override
    public boolean gruStepsBackward(Tensor cache, Tensor hAll, Tensor dh, Tensor gp, int d, int dirs, Tensor dG, Tensor dHG, Tensor whh,
                                    Tensor lengths, int i0, int i1, boolean reverse, boolean needH0) {
        int steps = dG.size(0), b = dG.size(1), h = dh.size(1);
        return launchRows("gru_steps_bwd", b, h, i1 <= i0, () -> new CudaDevice.Args().ptr(be.addr(cache)).ptr(be.addr(hAll))
                .ptr(be.addr(dh)).ptr(be.addr(gp) + 4L * d * h).i64((long) b * dirs * h).i32(dirs * h).ptr(be.addr(dG))
                .ptr(be.addr(dHG)).ptr(be.addr(whh)).ptr(be.addr(lengths)).i32(i0).i32(i1).i32(steps).bool(reverse).bool(needH0)
                .i32(b).i32(h), cache, hAll, dh, gp, dG, dHG, whh);
    }

    /** A chunk of LSTM steps in one launch, a block per batch row (sequence.cuh's lstm_steps). */
    @Override
    public boolean lstmSteps(Tensor gates, Tensor whhT, Tensor hAll, Tensor cAll, Tensor tanhC, Tensor packed, int d, int dirs,
                             Tensor lengths, int s0, int s1, boolean reverse, boolean zeroState) {
        int steps = gates.size(0), b = gates.size(1), h = hAll.size(2);
        return launchRows("lstm_steps", b, h, s1 <= s0, () -> new CudaDevice.Args().ptr(be.addr(gates)).ptr(be.addr(whhT))
                .ptr(be.addr(hAll)).ptr(be.addr(cAll)).ptr(be.addr(tanhC)).ptr(be.addr(packed) + 4L * d * h).i64((long) b * dirs * h)
                .i32(dirs * h).ptr(be.addr(lengths)).i32(s0).i32(s1).i32(steps).bool(reverse).bool(zeroState).i32(b).i32(h),
                gates, whhT, hAll, cAll, tanhC, packed);
    }

    /** A chunk of LSTM backward steps in one launch (sequence.cuh's lstm_steps_bwd). */
    @Override
    public boolean lstmStepsBackward(Tensor gates, Tensor cAll, Tensor tanhC, Tensor dh, Tensor dc, Tensor gp, int d, int dirs, Tensor dG,
                                     Tensor whh, Tensor lengths, int i0, int i1, boolean reverse, boolean needH0) {
        int steps = dG.size(0), b = dG.size(1), h = dh.size(1);
        return launchRows("lstm_steps_bwd", b, h, i1 <= i0, () -> new CudaDevice.Args().ptr(be.addr(gates)).ptr(be.addr(cAll))
                .ptr(be.addr(tanhC)).ptr(be.addr(dh)).ptr(be.addr(dc)).ptr(be.addr(gp) + 4L * d * h).i64((long) b * dirs * h)
                .i32(dirs * h).ptr(be.addr(dG)).ptr(be.addr(whh)).ptr(be.addr(lengths)).i32(i0).i32(i1).i32(steps).bool(reverse)
                .bool(needH0).i32(b).i32(h), gates, cAll, tanhC, dh, dc, gp, dG, whh);
    }
}
