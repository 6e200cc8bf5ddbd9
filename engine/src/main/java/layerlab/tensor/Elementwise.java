package layerlab.tensor;

import layerlab.autograd.Autograd;
import layerlab.backend.BinaryOp;
import layerlab.backend.UnaryOp;

/** Elementwise ops with broadcasting; each forward sits beside its gradient. */
final class Elementwise {
    private Elementwise() {}

    static Tensor unary(UnaryOp op, float p, Tensor x) {
        requireFloat(x, op.name());
        Tensor xc = x.contiguous();
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, x.shape());
        x.backend().unary(op, p, xc, y);
        boolean usesY = op.backwardUsesOutput();
        return Autograd.record(op.name(), y, g -> {
            Tensor gx = Tensor.uninitialized(g.device(), DType.FLOAT32, g.shape());
            xc.backend().unaryBackward(op, p, usesY ? null : xc, usesY ? y.detach() : null, g.contiguous(), gx);
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * ReLU written over {@code out}'s own storage, for the output of an op that nothing else holds and whose backward
     * never reads it (a convolution's, a batch norm's, a sum's): what PyTorch's {@code nn.ReLU(inplace=True)} does
     * after them, one tensor and one allocation fewer. Out of place instead when {@code out} shares storage with one
     * of {@code inputs} (a forward that returned its input), is not contiguous, or is a leaf that requires grad.
     */
    static Tensor reluOverOutput(Tensor out, Tensor... inputs) {
        requireFloat(out, "RELU");
        boolean inPlace = out.isContiguous() && !(out.isLeaf() && out.requiresGrad());
        for (Tensor in : inputs) inPlace &= in == null || in.storage() != out.storage();
        if (!inPlace) return unary(UnaryOp.RELU, 0f, out);
        out.backend().unary(UnaryOp.RELU, 0f, out, out);
        Tensor y = Tensor.view(out.storage(), out.offset(), out.shape(), out.strides());
        return Autograd.record("ReLU", y, g -> new Tensor[] {reluGradFromOutput(y, g)}, out);
    }

    /**
     * PyTorch's {@code hardtanh(x, min, max)}: x clamped to [min, max]. Its gradient is PyTorch's, not clamp's: g strictly
     * inside (min, max) and 0 at the bounds too (so ReLU6's at 0 is 0, as ReLU's is), read off the output: y equals a
     * bound exactly where x was at or beyond it.
     */
    static Tensor hardtanh(Tensor x, float min, float max) {
        requireFloat(x, "Hardtanh");
        Tensor xc = x.contiguous();
        Tensor y = clampedRaw(xc, 0f, min, max);
        return Autograd.record("Hardtanh", y, g -> {
            Tensor yd = y.detach();
            Tensor lo = Tensor.scalar(min).to(y.device()), hi = Tensor.scalar(max).to(y.device());
            Tensor inside = binaryRaw(BinaryOp.MUL, binaryRaw(BinaryOp.GT, yd, lo), binaryRaw(BinaryOp.LT, yd, hi));
            return new Tensor[] {binaryRaw(BinaryOp.MUL, g, inside)};
        }, x);
    }

    /**
     * PyTorch's {@code hardsigmoid(x) = min(max(x + 3, 0), 6) / 6}, in its order of operations; the gradient is g/6 strictly
     * inside (−3, 3), 0 elsewhere.
     */
    static Tensor hardsigmoid(Tensor x) {
        requireFloat(x, "Hardsigmoid");
        Tensor xc = x.contiguous();
        Tensor y = clampedRaw(xc, 3f, 0f, 6f);
        Tensor six = Tensor.scalar(6f).to(x.device());
        y = binaryRaw(BinaryOp.DIV, y, six);
        return Autograd.record("Hardsigmoid", y, g -> {
            Tensor inside = binaryRaw(BinaryOp.MUL, binaryRaw(BinaryOp.GT, xc.detach(), Tensor.scalar(-3f).to(g.device())),
                    binaryRaw(BinaryOp.LT, xc.detach(), Tensor.scalar(3f).to(g.device())));
            return new Tensor[] {binaryRaw(BinaryOp.DIV, binaryRaw(BinaryOp.MUL, g, inside), six)};
        }, x);
    }

    /**
     * PyTorch's {@code hardswish(x) = x · min(max(x + 3, 0), 6) / 6}, in its order of operations; its gradient is PyTorch's
     * CPU vectorised path's (a tensor of 16 values or more): 0 below −3, g·(x/3 + 1/2) from −3 (included) to 3 (not), g from
     * 3 on, NaN at NaN. (PyTorch's scalar loop, for smaller tensors and a chunk's tail, and its CUDA kernel give 1.5·g at 3.)
     */
    static Tensor hardswish(Tensor x) {
        requireFloat(x, "Hardswish");
        Tensor xc = x.contiguous();
        Tensor y = binaryRaw(BinaryOp.DIV, binaryRaw(BinaryOp.MUL, xc, clampedRaw(xc, 3f, 0f, 6f)), Tensor.scalar(6f).to(x.device()));
        return Autograd.record("Hardswish", y, g -> {
            Tensor xd = xc.detach();
            Tensor from = binaryRaw(BinaryOp.GE, xd, Tensor.scalar(-3f).to(g.device()));
            Tensor within = binaryRaw(BinaryOp.LT, xd, Tensor.scalar(3f).to(g.device()));
            // The slope of x clamped to [−3, 3]: finite at ±inf, whose factor the masks then make 0 or 1 (inf·0 would be NaN); NaN stays NaN.
            Tensor slope = binaryRaw(BinaryOp.ADD, binaryRaw(BinaryOp.DIV, clampedRaw(xd, 0f, -3f, 3f), Tensor.scalar(3f).to(g.device())),
                    Tensor.scalar(0.5f).to(g.device()));
            // from·(within·slope + (1 − within)): 0 below −3, the slope in [−3, 3), 1 from 3 on.
            Tensor factor = binaryRaw(BinaryOp.MUL, from, binaryRaw(BinaryOp.ADD, binaryRaw(BinaryOp.MUL, within, slope),
                    binaryRaw(BinaryOp.SUB, Tensor.scalar(1f).to(g.device()), within)));
            return new Tensor[] {binaryRaw(BinaryOp.MUL, g, factor)};
        }, x);
    }

    /** {@code min(max(x + shift, lo), hi)} without recording, for the hard activations (no addition when shift is 0). */
    private static Tensor clampedRaw(Tensor xc, float shift, float lo, float hi) {
        Tensor t = Tensor.uninitialized(xc.device(), DType.FLOAT32, xc.shape());
        Tensor from = xc;
        if (shift != 0f) {
            xc.backend().unary(UnaryOp.ADD_SCALAR, shift, xc, t);
            from = t;
        }
        xc.backend().unary(UnaryOp.CLAMP_MIN, lo, from, t);
        xc.backend().unary(UnaryOp.CLAMP_MAX, hi, t, t);
        return t;
    }

    /** ReLU's input gradient from its output {@code y}: 0 where y <= 0 (exactly where the input was <= 0), else g (NaN too, as PyTorch's). */
    static Tensor reluGradFromOutput(Tensor y, Tensor g) {
        Tensor gx = Tensor.uninitialized(g.device(), DType.FLOAT32, g.shape());
        g.backend().unaryBackward(UnaryOp.RELU, 0f, y.detach(), null, g.contiguous(), gx);
        return gx;
    }

    /** The forward of a broadcasting binary op without recording (int64 inputs are read as float). */
    static Tensor binaryRaw(BinaryOp op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException("expected both tensors on one device, got " + a.device() + " and " + b.device());
        }
        if (a.dtype() != DType.FLOAT32) a = a.toDType(DType.FLOAT32);
        if (b.dtype() != DType.FLOAT32) b = b.toDType(DType.FLOAT32);
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        Tensor out = Tensor.uninitialized(a.device(), DType.FLOAT32, shape);
        a.backend().binary(op, Views.expandRaw(a, shape), Views.expandRaw(b, shape), out);
        return out;
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = binaryRaw(op, a, b);
        int[] sa = a.shape(), sb = b.shape();
        return switch (op) {
            case ADD -> Autograd.record("Add", out, g -> new Tensor[] {g.sumToShape(sa), g.sumToShape(sb)}, a, b);
            case SUB -> Autograd.record("Sub", out, g -> new Tensor[] {g.sumToShape(sa), g.neg().sumToShape(sb)}, a, b);
            case MUL -> Autograd.record("Mul", out, g -> new Tensor[] {
                    a.requiresGrad() ? g.mul(b.detach()).sumToShape(sa) : null,
                    b.requiresGrad() ? g.mul(a.detach()).sumToShape(sb) : null}, a, b);
            case DIV -> Autograd.record("Div", out, g -> new Tensor[] {
                    a.requiresGrad() ? g.div(b.detach()).sumToShape(sa) : null,
                    b.requiresGrad() ? g.mul(out.detach()).div(b.detach()).neg().sumToShape(sb) : null}, a, b);
            case POW -> Autograd.record("Pow", out, g -> new Tensor[] {
                    a.requiresGrad() ? g.mul(b.detach()).mul(a.detach().pow(b.detach().sub(1f))).sumToShape(sa) : null,
                    b.requiresGrad() ? g.mul(out.detach()).mul(a.detach().log()).sumToShape(sb) : null}, a, b);
            case MAX, MIN -> Autograd.record(op == BinaryOp.MAX ? "Maximum" : "Minimum", out, g -> {
                // Ties split the gradient in half, as PyTorch's maximum/minimum do.
                Tensor ad = a.detach(), bd = b.detach();
                Tensor win = (op == BinaryOp.MAX ? binaryRaw(BinaryOp.GT, ad, bd) : binaryRaw(BinaryOp.LT, ad, bd))
                        .add(binaryRaw(BinaryOp.EQ, ad, bd).mul(0.5f));
                return new Tensor[] {g.mul(win).sumToShape(sa), g.mul(win.rsub(1f)).sumToShape(sb)};
            }, a, b);
            case GT, GE, LT, LE, EQ -> out;
        };
    }

    static void requireFloat(Tensor x, String op) {
        if (x.dtype() != DType.FLOAT32) throw new IllegalArgumentException(op + " expects a float tensor, got " + x.dtype().pyName);
    }
}
