package layerlab.tensor;

import java.util.Locale;
import java.util.Arrays;
import layerlab.autograd.Autograd;
import layerlab.backend.ReduceOp;

/** Reductions over dimensions, softmax, variance; each forward beside its gradient. */
public final class Reductions {
    private Reductions() {}

    /** {@code [outer, r, inner]} for reducing {@code dim} of {@code shape}. */
    static int[] split(int[] shape, int dim) {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        return new int[] {outer, shape[dim], inner};
    }

    static int[] reducedShape(int[] shape, int dim, boolean keepdim) {
        if (keepdim) {
            int[] s = shape.clone();
            s[dim] = 1;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != dim) s[j++] = shape[i];
        return s;
    }

    static Tensor reduce(ReduceOp op, Tensor x, int dim, boolean keepdim) {
        Elementwise.requireFloat(x, op.name().toLowerCase(Locale.ROOT));
        if (x.dim() == 0) return reduce(op, x.reshape(1), 0, false);
        int d = Shapes.wrapDim(dim, x.dim());
        int[] xs = x.shape();
        if (xs[d] == 0 && op != ReduceOp.SUM) throw new IllegalArgumentException(op + " of an empty dimension");
        int[] ori = split(xs, d);
        Tensor xc = x.contiguous();
        int[] keepShape = reducedShape(xs, d, true);
        Tensor out = Tensor.uninitialized(x.device(), DType.FLOAT32, reducedShape(xs, d, keepdim));
        boolean arg = op == ReduceOp.MAX || op == ReduceOp.MIN;
        Tensor idx = arg ? Tensor.uninitialized(x.device(), DType.INT64, out.shape()) : null;
        x.backend().reduce(op, xc, ori[0], ori[1], ori[2], out, idx);
        return Autograd.record(op.name().charAt(0) + op.name().substring(1).toLowerCase(Locale.ROOT), out, g -> {
            Tensor gk = g.reshape(keepShape);
            if (arg) {
                Tensor gx = Tensor.uninitialized(g.device(), DType.FLOAT32, xs); // scatterReduced clears it
                g.backend().scatterReduced(gk.contiguous(), idx, ori[0], ori[1], ori[2], gx);
                return new Tensor[] {gx};
            }
            Tensor gx = gk.expand(xs).contiguous();
            if (op == ReduceOp.MEAN) gx = gx.mul(1f / ori[1]);
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor reduceAll(ReduceOp op, Tensor x) {
        return reduce(op, x.reshape(x.numel()), 0, false);
    }

    static Tensor reduceDims(ReduceOp op, Tensor x, int[] dims, boolean keepdim) {
        if (op != ReduceOp.SUM && op != ReduceOp.MEAN) throw new IllegalArgumentException(op + " over several dims");
        int[] ds = Arrays.stream(dims).map(d -> Shapes.wrapDim(d, x.dim())).distinct().sorted().toArray();
        Tensor t = x;
        long count = 1;
        for (int i = ds.length - 1; i >= 0; i--) {
            count *= x.size(ds[i]);
            t = reduce(ReduceOp.SUM, t, ds[i], true);
        }
        if (op == ReduceOp.MEAN) t = t.mul(1f / count);
        if (!keepdim) {
            for (int i = ds.length - 1; i >= 0; i--) t = t.squeeze(ds[i]);
        }
        return t;
    }

    static Tensor argReduce(ReduceOp op, Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim(dim, x.dim());
        int[] xs = x.shape();
        int[] ori = split(xs, d);
        Tensor out = Tensor.uninitialized(x.device(), DType.FLOAT32, reducedShape(xs, d, keepdim));
        Tensor idx = Tensor.uninitialized(x.device(), DType.INT64, out.shape());
        x.backend().reduce(op, x.contiguous(), ori[0], ori[1], ori[2], out, idx);
        return idx;
    }

    static Tensor sumToShape(Tensor x, int[] target) {
        int[] xs = x.shape();
        if (Arrays.equals(xs, target)) return x;
        if (Shapes.numel(target) == x.numel() && xs.length >= target.length) return x.reshape(target);
        Tensor t = x;
        int lead = xs.length - target.length;
        for (int i = 0; i < lead; i++) t = reduce(ReduceOp.SUM, t, 0, false);
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 1 && t.size(i) != 1) t = reduce(ReduceOp.SUM, t, i, true);
        }
        return t;
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        Elementwise.requireFloat(x, log ? "log_softmax" : "softmax");
        int d = Shapes.wrapDim(dim, x.dim());
        int[] ori = x.dim() == 0 ? new int[] {1, 1, 1} : split(x.shape(), d);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, x.shape());
        x.backend().softmax(log, x.contiguous(), y, ori[0], ori[1], ori[2]);
        return Autograd.record(log ? "LogSoftmax" : "Softmax", y, g -> {
            Tensor gx = Tensor.uninitialized(g.device(), DType.FLOAT32, g.shape());
            g.backend().softmaxBackward(log, y.detach(), g.contiguous(), gx, ori[0], ori[1], ori[2]);
            return new Tensor[] {gx};
        }, x);
    }

    /** Variance over {@code dims}, composed from differentiable primitives. */
    static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepdim) {
        long n = 1;
        for (int d : dims) n *= x.size(d);
        Tensor centred = x.sub(x.mean(dims, true));
        return centred.square().sum(dims, keepdim).mul(1f / Math.max(unbiased ? n - 1 : n, 1));
    }
}
