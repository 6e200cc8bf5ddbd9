package layerlab.tensor;

import java.util.Arrays;
import layerlab.autograd.Autograd;

/** Matrix products on the backend's GEMM; transposed views go to GEMM as flags, never copied. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /** How a (batched) matrix view maps onto GEMM arguments, or null when it must be copied first. */
    private record Layout(Tensor base, boolean trans, int ld, int batchStride) {
        static Layout of(Tensor t) {
            int n = t.dim();
            int[] s = t.shape(), st = t.strides();
            int rows = s[n - 2], cols = s[n - 1];
            int sr = st[n - 2], sc = st[n - 1];
            boolean trans;
            int ld;
            if (sc == 1 || cols == 1) {
                trans = false;
                ld = rows == 1 ? cols : sr;
                if (ld < cols) return null;
            } else if (sr == 1 || rows == 1) {
                trans = true;
                ld = cols == 1 ? rows : sc;
                if (ld < rows) return null;
            } else {
                return null;
            }
            // Batch dims must collapse to one uniform stride.
            int batchStride = rows * cols;
            int expect = -1;
            for (int i = n - 3; i >= 0; i--) {
                if (s[i] == 1) continue;
                if (expect == -1) {
                    batchStride = st[i];
                    expect = st[i] * s[i];
                } else if (st[i] != expect) {
                    return null;
                } else {
                    expect = st[i] * s[i];
                }
            }
            return new Layout(t, trans, ld, batchStride);
        }

        static Layout forced(Tensor t) {
            Layout l = of(t);
            return l != null ? l : of(t.contiguous());
        }
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        Elementwise.requireFloat(a, "matmul");
        Elementwise.requireFloat(b, "matmul");
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException("matmul: tensors on " + a.device() + " and " + b.device());
        }
        if (a.dim() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.dim() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        if (b.dim() == 2 && a.dim() > 2) {
            int[] as = a.shape();
            Tensor flat = a.reshape(-1, as[as.length - 1]);
            int[] outShape = as.clone();
            outShape[outShape.length - 1] = b.size(1);
            return mm(flat, b).reshape(outShape);
        }
        if (a.dim() == 2 && b.dim() == 2) return mm(a, b);
        return bmm(a, b);
    }

    private static void checkInner(Tensor a, Tensor b) {
        if (a.size(-1) != b.size(-2)) {
            throw new IllegalArgumentException("matmul: shapes " + a.shapeString() + " and " + b.shapeString()
                    + " cannot be multiplied (" + a.size(-1) + " != " + b.size(-2) + ")");
        }
    }

    private static Tensor mm(Tensor a, Tensor b) {
        checkInner(a, b);
        int m = a.size(0), k = a.size(1), n = b.size(1);
        Tensor c = Tensor.uninitialized(a.device(), DType.FLOAT32, m, n);
        gemmInto(a, b, c, 0f, 1);
        return Autograd.record("Mm", c, g -> new Tensor[] {
                a.requiresGrad() ? mm(g, b.detach().t()) : null,
                b.requiresGrad() ? mm(a.detach().t(), g) : null}, a, b);
    }

    private static Tensor bmm(Tensor a, Tensor b) {
        checkInner(a, b);
        int[] as = a.shape(), bs = b.shape();
        if (as.length != bs.length) throw new IllegalArgumentException("batched matmul needs equal ranks, got " + a.shapeString() + " and " + b.shapeString());
        int batch = 1;
        for (int i = 0; i < as.length - 2; i++) {
            if (as[i] != bs[i]) throw new IllegalArgumentException("batched matmul: batch dims differ in " + a.shapeString() + " and " + b.shapeString());
            batch *= as[i];
        }
        int[] outShape = as.clone();
        outShape[outShape.length - 1] = bs[bs.length - 1];
        Tensor c = Tensor.uninitialized(a.device(), DType.FLOAT32, outShape);
        gemmInto(a, b, c, 0f, batch);
        return Autograd.record("Bmm", c, g -> new Tensor[] {
                a.requiresGrad() ? bmm(g, b.detach().transpose(-1, -2)) : null,
                b.requiresGrad() ? bmm(a.detach().transpose(-1, -2), g) : null}, a, b);
    }

    /**
     * {@code c_b = alpha·a_b·b_b} for the batched matrices {@code a} {@code [B, m, k]} and {@code b} {@code [B, k, n]}
     * (views as matmul takes them: transposed or strided, copied only when no GEMM layout fits) into {@code c}, a view
     * {@code [B, m, n]} whose rows are contiguous but may lie apart, as may its batches: one head's columns of a wider
     * matrix (multi-head attention writes each head's result beside the others'). Untracked by autograd.
     */
    static void gemmView(Tensor a, Tensor b, float alpha, Tensor c) {
        if (c.strides()[2] != 1 && c.size(2) > 1) throw new IllegalArgumentException("gemmView: the result's rows must be contiguous, got strides " + Arrays.toString(c.strides()));
        if (c.size(0) == 0) return;
        gemm(a, b, alpha, 0f, c, c.strides()[1], c.strides()[0], c.size(0));
    }

    /** {@code c = a·b + beta·c} for (batched) matrices; {@code c} contiguous. */
    static void gemmInto(Tensor a, Tensor b, Tensor c, float beta, int batch) {
        int m = a.size(-2), n = b.size(-1);
        gemm(a, b, 1f, beta, c, n, m * n, batch);
    }

    /** {@code c_b = alpha·a_b·b_b + beta·c_b} for {@code batch} matrices, C's rows {@code ldc} apart and its batches {@code strideC}. */
    private static void gemm(Tensor a, Tensor b, float alpha, float beta, Tensor c, int ldc, int strideC, int batch) {
        Layout la = Layout.forced(a), lb = Layout.forced(b);
        int m = a.size(-2), k = a.size(-1), n = b.size(-1);
        if (m == 0 || n == 0) return;
        a.backend().gemm(la.trans, lb.trans, m, n, k, alpha, la.base, la.ld, lb.base, lb.ld, beta, c, ldc,
                batch, batch == 1 ? 0 : la.batchStride, batch == 1 ? 0 : lb.batchStride, batch == 1 ? 0 : strideC);
    }

    /**
     * A gradient {@code g} the caller just computed into a tensor of its own, for {@code p}: if {@code p} is a leaf with
     * no gradient yet (the step after {@code zeroGrad()}), {@code g} becomes its {@code .grad} as it is and null is
     * returned, saving AccumulateGrad's copy (PyTorch's AccumulateGrad likewise takes a gradient nothing else holds);
     * otherwise {@code g} is returned for the usual accumulation.
     */
    private static Tensor leafGrad(Tensor p, Tensor g) {
        if (!p.isLeaf() || p.grad() != null || !g.isContiguous() || !Arrays.equals(g.shape(), p.shape())) return g;
        p.setGrad(g.detach());
        return null;
    }

    /**
     * {@code y = x·Wᵀ + b} (PyTorch's {@code F.linear}) as one GEMM that adds the bias to each tile as it
     * finishes; x is {@code [..., in]}, W {@code [out, in]}, b {@code [out]} or null.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        return linear(x, w, bias, false);
    }

    /**
     * {@code (g · (y > 0 ? 1 : 0))·w} for a Linear + ReLU's input gradient, {@code g} and its output {@code y}
     * {@code [rows, out]} contiguous, {@code w} {@code [out, in]}: the backend's masked product, or null where it has
     * none.
     */
    private static Tensor reluMaskedProduct(Tensor g, Tensor y, Tensor w) {
        int rows = g.size(0), outF = g.size(1), in = w.size(1);
        Layout lw = Layout.forced(w);
        Tensor c = Tensor.uninitialized(g.device(), DType.FLOAT32, rows, in);
        if (rows == 0 || in == 0) return c;
        return g.backend().gemmReluMasked(false, lw.trans, rows, in, outF, g, y, outF, lw.base, lw.ld, c, in) ? c : null;
    }

    /**
     * {@link #linear(Tensor, Tensor, Tensor)}, then ReLU when {@code relu}: {@code max(x·Wᵀ + b, 0)} in the same
     * pass over the output, what a Linear followed by a ReLU computes without the intermediate tensor. The gradient
     * is the pair's: the ReLU's mask ({@code y > 0}, the same as on the pre-activation) on the way back.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias, boolean relu) {
        int in = w.size(1), outF = w.size(0);
        if (x.size(-1) != in) {
            throw new IllegalArgumentException("linear: input has " + x.size(-1) + " features, weight expects " + in
                    + " (input shape " + x.shapeString() + ", weight " + w.shapeString() + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != outF)) {
            throw new IllegalArgumentException("linear: bias must be [" + outF + "], got " + bias.shapeString());
        }
        int[] xs = x.shape();
        Tensor x2 = x.dim() == 2 ? x : x.reshape(-1, in);
        int rows = x2.size(0);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, rows, outF);
        Layout la = Layout.forced(x2.detach()), lb = Layout.forced(w.detach().t());
        if (rows > 0 && outF > 0) {
            x.backend().linear(la.trans, lb.trans, rows, outF, in, la.base, la.ld, lb.base, lb.ld,
                    bias == null ? null : bias.detach().contiguous(), relu, y);
        }
        int[] outShape = xs.clone();
        outShape[outShape.length - 1] = outF;
        Tensor out = x.dim() == 2 ? y : Tensor.view(y.storage(), 0, outShape, Shapes.contiguousStrides(outShape));
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Autograd.record(relu ? "LinearReLU" : "Linear", out, gOut -> {
            // With the ReLU, the backend may read its mask inside the products (the GPU, as it loads the gradient's
            // tiles); the masked gradient g2 is made only for a product it cannot.
            Tensor raw = relu ? gOut.detach().contiguous().reshape(-1, outF) : null;
            Tensor g2 = relu ? null : gOut.reshape(-1, outF);
            Tensor gx = null;
            if (x.requiresGrad()) {
                gx = relu ? reluMaskedProduct(raw, y, w.detach()) : null;
                if (gx == null) {
                    g2 = g2 != null ? g2 : Elementwise.reluGradFromOutput(y, raw);
                    gx = mm(g2, w.detach());
                }
                gx = gx.reshape(xs);
            }
            if (w.requiresGrad() && bias != null && bias.requiresGrad()) {
                // Both parameters' gradients in one pass where the backend has a kernel for it (the GPU: the weight
                // gradient's SGEMM also sums the bias gradient).
                Tensor acc = w.isLeaf() ? w.grad() : null;
                boolean into = acc != null && acc.isContiguous();
                Tensor[] both = relu ? x.backend().linearGradients(raw, y, x2.detach(), into ? acc : null)
                        : x.backend().linearGradients(g2.detach(), null, x2.detach(), into ? acc : null);
                if (both != null) {
                    return new Tensor[] {gx, into ? null : leafGrad(w, both[0]), leafGrad(bias, both[1])};
                }
            }
            if (g2 == null) g2 = Elementwise.reluGradFromOutput(y, raw);
            Tensor gw = null;
            if (w.requiresGrad()) {
                Tensor acc = w.isLeaf() ? w.grad() : null;
                if (acc != null && acc.isContiguous()) {
                    // Accumulate straight into the existing .grad (GEMM with beta = 1): saves an allocation
                    // and a pass over the weight per step; the sum is the same AccumulateGrad would make.
                    gemmInto(g2.t(), x2.detach(), acc, 1f, 1);
                } else {
                    gw = leafGrad(w, mm(g2.t(), x2.detach()));
                }
            }
            Tensor gb = bias != null && bias.requiresGrad() ? leafGrad(bias, g2.sum(0, false)) : null;
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        }, inputs);
    }
}
