package layerlab.backend.cpu;

import layerlab.backend.BinaryOp;
import layerlab.backend.MathFns;
import layerlab.backend.UnaryOp;
import layerlab.tensor.Tensor;

/**
 * Elementwise CPU kernels. The hot ops get loops of their own so the JIT vectorises them; the rest go
 * through {@link UnaryOp#apply}, the shared reference formula.
 */
final class CpuElementwise {
    private CpuElementwise() {}

    static void unary(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, int n) {
        Parallel.forRange(n, 4, (from, to) -> {
            switch (op) {
                // Math.max vectorises (a branch on the sign mispredicts half the time, 20× slower) and keeps NaN, as torch.relu does.
                case RELU -> { for (int i = from; i < to; i++) y[yo + i] = Math.max(x[xo + i], 0f); }
                case NEG -> { for (int i = from; i < to; i++) y[yo + i] = -x[xo + i]; }
                case MUL_SCALAR -> { for (int i = from; i < to; i++) y[yo + i] = x[xo + i] * p; }
                case ADD_SCALAR -> { for (int i = from; i < to; i++) y[yo + i] = x[xo + i] + p; }
                case RSUB_SCALAR -> { for (int i = from; i < to; i++) y[yo + i] = p - x[xo + i]; }
                case SQUARE -> { for (int i = from; i < to; i++) { float v = x[xo + i]; y[yo + i] = v * v; } }
                case ABS -> { for (int i = from; i < to; i++) y[yo + i] = Math.abs(x[xo + i]); }
                case CLAMP_MIN -> { for (int i = from; i < to; i++) y[yo + i] = Math.max(x[xo + i], p); }
                case CLAMP_MAX -> { for (int i = from; i < to; i++) y[yo + i] = Math.min(x[xo + i], p); }
                case LEAKY_RELU -> { for (int i = from; i < to; i++) { float v = x[xo + i]; y[yo + i] = v > 0f ? v : v * p; } }
                case SQRT -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
                case EXP -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.exp(x[xo + i]); }
                case TANH -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.tanh(x[xo + i]); }
                case SIGMOID -> { for (int i = from; i < to; i++) y[yo + i] = (float) MathFns.sigmoid(x[xo + i]); }
                default -> { for (int i = from; i < to; i++) y[yo + i] = (float) op.apply(x[xo + i], p); }
            }
        });
    }

    static void unaryBackward(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        Parallel.forRange(n, 4, (from, to) -> {
            switch (op) {
                // Selecting int bits compiles to a conditional move; a float select would be a branch that mispredicts half the time.
                case RELU -> {
                    for (int i = from; i < to; i++) {
                        int g = Float.floatToRawIntBits(gy[go + i]); // loaded unconditionally, so the select can be a cmov
                        gx[gxo + i] = Float.intBitsToFloat(x[xo + i] > 0f ? g : 0);
                    }
                }
                case NEG -> { for (int i = from; i < to; i++) gx[gxo + i] = -gy[go + i]; }
                case MUL_SCALAR -> { for (int i = from; i < to; i++) gx[gxo + i] = gy[go + i] * p; }
                case ADD_SCALAR -> System.arraycopy(gy, go + from, gx, gxo + from, to - from);
                case SQUARE -> { for (int i = from; i < to; i++) gx[gxo + i] = gy[go + i] * 2f * x[xo + i]; }
                case TANH -> { for (int i = from; i < to; i++) { float t = y[yo + i]; gx[gxo + i] = gy[go + i] * (1f - t * t); } }
                case SIGMOID -> { for (int i = from; i < to; i++) { float s = y[yo + i]; gx[gxo + i] = gy[go + i] * s * (1f - s); } }
                case EXP -> { for (int i = from; i < to; i++) gx[gxo + i] = gy[go + i] * y[yo + i]; }
                case LEAKY_RELU -> { for (int i = from; i < to; i++) gx[gxo + i] = x[xo + i] > 0f ? gy[go + i] : gy[go + i] * p; }
                default -> {
                    boolean usesY = op.backwardUsesOutput();
                    for (int i = from; i < to; i++) {
                        double xv = usesY ? 0 : x[xo + i];
                        double yv = usesY ? y[yo + i] : 0;
                        gx[gxo + i] = (float) (gy[go + i] * op.derivative(xv, yv, p));
                    }
                }
            }
        });
    }

    /** {@code out = a op b} over views broadcast to out's shape. */
    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shape();
        int[] sa = a.strides(), sb = b.strides();
        // Collapse dims that are contiguous for all three operands.
        int n = out.numel();
        if (n == 0) return;
        int[] ms = new int[Math.max(shape.length, 1)], ma = new int[ms.length], mb = new int[ms.length], mo = new int[ms.length];
        int[] so = out.strides();
        int rank = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            if (rank > 0 && ma[rank - 1] == sa[i] * shape[i] && mb[rank - 1] == sb[i] * shape[i] && mo[rank - 1] == so[i] * shape[i]) {
                ms[rank - 1] *= shape[i];
                ma[rank - 1] = sa[i];
                mb[rank - 1] = sb[i];
                mo[rank - 1] = so[i];
            } else {
                ms[rank] = shape[i];
                ma[rank] = sa[i];
                mb[rank] = sb[i];
                mo[rank] = so[i];
                rank++;
            }
        }
        if (rank == 0) {
            ms[0] = 1;
            ma[0] = 1;
            mb[0] = 1;
            mo[0] = 1;
            rank = 1;
        }
        float[] av = CpuBackend.f(a), bv = CpuBackend.f(b), ov = CpuBackend.f(out);
        int last = ms[rank - 1], ia = ma[rank - 1], ib = mb[rank - 1];
        int rows = n / last, r = rank;
        int a0 = a.offset(), b0 = b.offset(), o0 = out.offset();
        if (rows == 1) {
            // One run (same-shape operands, or one of them a scalar): split the run itself, or a whole
            // activation-sized add would stay on one thread (a residual add of 64×16×28×28 took 870 µs on two cores).
            Parallel.forRange(last, 2, (from, to) -> inner(op, av, a0 + from * ia, ia, bv, b0 + from * ib, ib, ov, o0 + from, to - from));
            return;
        }
        Parallel.forRange(rows, last, (from, to) -> {
            int[] idx = new int[r];
            int rem = from;
            for (int d = r - 2; d >= 0; d--) {
                idx[d] = rem % ms[d];
                rem /= ms[d];
            }
            int pa = a0, pb = b0, po = o0;
            for (int d = 0; d < r - 1; d++) {
                pa += idx[d] * ma[d];
                pb += idx[d] * mb[d];
                po += idx[d] * mo[d];
            }
            for (int row = from; row < to; row++) {
                inner(op, av, pa, ia, bv, pb, ib, ov, po, last);
                for (int d = r - 2; d >= 0; d--) {
                    idx[d]++;
                    pa += ma[d];
                    pb += mb[d];
                    po += mo[d];
                    if (idx[d] < ms[d]) break;
                    pa -= ma[d] * ms[d];
                    pb -= mb[d] * ms[d];
                    po -= mo[d] * ms[d];
                    idx[d] = 0;
                }
            }
        });
    }

    private static void inner(BinaryOp op, float[] a, int pa, int ia, float[] b, int pb, int ib, float[] o, int po, int n) {
        if (ia == 1 && ib == 1) {
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] + b[pb + j]; }
                case SUB -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] - b[pb + j]; }
                case MUL -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] * b[pb + j]; }
                case DIV -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] / b[pb + j]; }
                default -> { for (int j = 0; j < n; j++) o[po + j] = op.apply(a[pa + j], b[pb + j]); }
            }
        } else if (ia == 1 && ib == 0) {
            float s = b[pb];
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] + s; }
                case SUB -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] - s; }
                case MUL -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] * s; }
                case DIV -> { for (int j = 0; j < n; j++) o[po + j] = a[pa + j] / s; }
                default -> { for (int j = 0; j < n; j++) o[po + j] = op.apply(a[pa + j], s); }
            }
        } else if (ia == 0 && ib == 1) {
            float s = a[pa];
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) o[po + j] = s + b[pb + j]; }
                case SUB -> { for (int j = 0; j < n; j++) o[po + j] = s - b[pb + j]; }
                case MUL -> { for (int j = 0; j < n; j++) o[po + j] = s * b[pb + j]; }
                default -> { for (int j = 0; j < n; j++) o[po + j] = op.apply(s, b[pb + j]); }
            }
        } else {
            for (int j = 0; j < n; j++) o[po + j] = op.apply(a[pa + j * ia], b[pb + j * ib]);
        }
    }
}
