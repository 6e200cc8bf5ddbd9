package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.BinaryOp;
import layerlab.backend.MathFns;
import layerlab.backend.UnaryOp;
import layerlab.tensor.Tensor;

/**
 * Elementwise CPU kernels. The hot ops get Vector API loops of their own (each op rounds exactly as its scalar
 * form, so results are bit-identical to the scalar tail); the rest go through {@link UnaryOp#apply}, the shared
 * reference formula.
 *
 * <p>Why not plain loops: on JDK 17, C2 does not vectorise {@code y[yo + i] = f(x[xo + i])} when the offsets are
 * variables (it cannot rule out that x and y are one array with overlapping ranges): a ReLU over 131k floats
 * took 62 µs against 12 µs for the same loop without offsets.
 */
final class CpuElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuElementwise() {}

    /** The end of the whole vectors of {@code [from, to)}. */
    private static int vend(int from, int to) {
        return from + S.loopBound(to - from);
    }

    static void unary(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, int n) {
        Parallel.forRange(n, 4, (from, to) -> unaryRange(op, p, x, xo, y, yo, from, to));
    }

    /** {@link #unary} over {@code [from, to)} on the calling thread. */
    private static void unaryRange(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, int from, int to) {
        switch (op) {
            // Math.max vectorises (a branch on the sign mispredicts half the time, 20× slower) and keeps NaN, as torch.relu does.
            case RELU -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = Math.max(x[xo + i], 0f);
            }
            case NEG -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) FloatVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = -x[xo + i];
            }
            case MUL_SCALAR -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) FloatVector.fromArray(S, x, xo + i).mul(p).intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = x[xo + i] * p;
            }
            case ADD_SCALAR -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) FloatVector.fromArray(S, x, xo + i).add(p).intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = x[xo + i] + p;
            }
            case RSUB_SCALAR -> {
                int i = from;
                FloatVector pv = FloatVector.broadcast(S, p);
                for (int e = vend(from, to); i < e; i += L) pv.sub(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = p - x[xo + i];
            }
            case SQUARE -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.mul(v).intoArray(y, yo + i);
                }
                for (; i < to; i++) { float v = x[xo + i]; y[yo + i] = v * v; }
            }
            case ABS -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = Math.abs(x[xo + i]);
            }
            case CLAMP_MIN -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) FloatVector.fromArray(S, x, xo + i).max(p).intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = Math.max(x[xo + i], p);
            }
            case CLAMP_MAX -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) FloatVector.fromArray(S, x, xo + i).min(p).intoArray(y, yo + i);
                for (; i < to; i++) y[yo + i] = Math.min(x[xo + i], p);
            }
            case LEAKY_RELU -> {
                int i = from;
                for (int e = vend(from, to); i < e; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.mul(p).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
                }
                for (; i < to; i++) { float v = x[xo + i]; y[yo + i] = v > 0f ? v : v * p; }
            }
            case GELU, GELU_TANH -> CpuGelu.forward(op == UnaryOp.GELU_TANH, x, xo, y, yo, from, to);
            case SQRT -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
            case EXP -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.exp(x[xo + i]); }
            case TANH -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.tanh(x[xo + i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) y[yo + i] = (float) MathFns.sigmoid(x[xo + i]); }
            default -> { for (int i = from; i < to; i++) y[yo + i] = (float) op.apply(x[xo + i], p); }
        }
    }

    static void unaryBackward(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        Parallel.forRange(n, 4, (from, to) -> {
            switch (op) {
                case RELU -> {
                    // 0 where x <= 0, else gy: a NaN x passes gy, as PyTorch's threshold_backward does; blend copies gy's bits.
                    int i = from;
                    FloatVector zero = FloatVector.zero(S);
                    for (int e = vend(from, to); i < e; i += L) {
                        FloatVector xv = FloatVector.fromArray(S, x, xo + i);
                        FloatVector.fromArray(S, gy, go + i).blend(zero, xv.compare(VectorOperators.LE, 0f)).intoArray(gx, gxo + i);
                    }
                    for (; i < to; i++) {
                        // Selecting int bits compiles to a conditional move; a float select would be a branch that mispredicts half the time.
                        int g = Float.floatToRawIntBits(gy[go + i]);
                        gx[gxo + i] = Float.intBitsToFloat(x[xo + i] <= 0f ? 0 : g);
                    }
                }
                // Linear ops: the gradient is the op applied to gy.
                case NEG, MUL_SCALAR -> unaryRange(op, p, gy, go, gx, gxo, from, to);
                case ADD_SCALAR -> System.arraycopy(gy, go + from, gx, gxo + from, to - from);
                case SQUARE -> {
                    int i = from;
                    for (int e = vend(from, to); i < e; i += L) {
                        FloatVector.fromArray(S, gy, go + i).mul(2f).mul(FloatVector.fromArray(S, x, xo + i)).intoArray(gx, gxo + i);
                    }
                    for (; i < to; i++) gx[gxo + i] = gy[go + i] * 2f * x[xo + i];
                }
                case GELU, GELU_TANH -> CpuGelu.backward(op == UnaryOp.GELU_TANH, x, xo, gy, go, gx, gxo, from, to);
                case TANH -> { for (int i = from; i < to; i++) { float t = y[yo + i]; gx[gxo + i] = gy[go + i] * (1f - t * t); } }
                case SIGMOID -> { for (int i = from; i < to; i++) { float s = y[yo + i]; gx[gxo + i] = gy[go + i] * s * (1f - s); } }
                case EXP -> { for (int i = from; i < to; i++) gx[gxo + i] = gy[go + i] * y[yo + i]; }
                case LEAKY_RELU -> {
                    int i = from;
                    for (int e = vend(from, to); i < e; i += L) {
                        FloatVector g = FloatVector.fromArray(S, gy, go + i);
                        g.mul(p).blend(g, FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(gx, gxo + i);
                    }
                    for (; i < to; i++) gx[gxo + i] = x[xo + i] > 0f ? gy[go + i] : gy[go + i] * p;
                }
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
        int e = S.loopBound(n);
        if (ia == 1 && ib == 1) {
            switch (op) {
                case ADD -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).add(FloatVector.fromArray(S, b, pb + j)).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] + b[pb + j];
                }
                case SUB -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).sub(FloatVector.fromArray(S, b, pb + j)).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] - b[pb + j];
                }
                case MUL -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).mul(FloatVector.fromArray(S, b, pb + j)).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] * b[pb + j];
                }
                case DIV -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).div(FloatVector.fromArray(S, b, pb + j)).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] / b[pb + j];
                }
                default -> { for (int j = 0; j < n; j++) o[po + j] = op.apply(a[pa + j], b[pb + j]); }
            }
        } else if (ia == 1 && ib == 0) {
            float s = b[pb];
            switch (op) {
                case ADD -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).add(s).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] + s;
                }
                case SUB -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).sub(s).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] - s;
                }
                case MUL -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).mul(s).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] * s;
                }
                case DIV -> {
                    int j = 0;
                    for (; j < e; j += L) FloatVector.fromArray(S, a, pa + j).div(s).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = a[pa + j] / s;
                }
                default -> { for (int j = 0; j < n; j++) o[po + j] = op.apply(a[pa + j], s); }
            }
        } else if (ia == 0 && ib == 1) {
            float s = a[pa];
            FloatVector sv = FloatVector.broadcast(S, s);
            switch (op) {
                case ADD -> {
                    int j = 0;
                    for (; j < e; j += L) sv.add(FloatVector.fromArray(S, b, pb + j)).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = s + b[pb + j];
                }
                case SUB -> {
                    int j = 0;
                    for (; j < e; j += L) sv.sub(FloatVector.fromArray(S, b, pb + j)).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = s - b[pb + j];
                }
                case MUL -> {
                    int j = 0;
                    for (; j < e; j += L) sv.mul(FloatVector.fromArray(S, b, pb + j)).intoArray(o, po + j);
                    for (; j < n; j++) o[po + j] = s * b[pb + j];
                }
                default -> { for (int j = 0; j < n; j++) o[po + j] = op.apply(s, b[pb + j]); }
            }
        } else {
            for (int j = 0; j < n; j++) o[po + j] = op.apply(a[pa + j * ia], b[pb + j * ib]);
        }
    }
}
