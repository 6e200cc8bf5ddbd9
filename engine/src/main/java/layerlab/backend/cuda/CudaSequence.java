package layerlab.backend.cuda;

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
}
