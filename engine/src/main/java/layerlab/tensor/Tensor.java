package layerlab.tensor;

import java.util.Arrays;
import layerlab.autograd.Autograd;
import layerlab.autograd.GradFn;
import layerlab.backend.Backend;
import layerlab.backend.Backends;
import layerlab.backend.BinaryOp;
import layerlab.backend.ReduceOp;
import layerlab.backend.Storage;
import layerlab.backend.UnaryOp;

/**
 * An n-dimensional array of float32 (or int64 indices) on one device, with optional gradient tracking.
 * A tensor is a view: storage + offset + shape + strides, so reshape, transpose, slicing and expand are
 * free. The ops (each with its gradient) live in the package's op classes; this class is their front door.
 */
public final class Tensor {
    private final Storage storage;
    private final int offset;
    private final int[] shape;
    private final int[] strides;

    private boolean requiresGrad;
    private Tensor grad;
    private GradFn gradFn;

    Tensor(Storage storage, int offset, int[] shape, int[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // ---------------------------------------------------------------- creation

    /** A raw view onto existing storage (for backends and kernels). */
    public static Tensor view(Storage storage, int offset, int[] shape, int[] strides) {
        return new Tensor(storage, offset, shape.clone(), strides.clone());
    }

    public static Tensor empty(Device device, DType dtype, int... shape) {
        Backend b = Backends.get(device);
        return new Tensor(b.allocate(dtype, Shapes.numel(shape)), 0, shape.clone(), Shapes.contiguousStrides(shape));
    }

    /**
     * A tensor for an op to write every element of before anything reads it (its output): unlike {@link #empty}, not
     * zeroed. Inside a training step (a {@link StepMemory}) it takes a previous step's array as it is; the engine's
     * tests run with {@code -Dlayerlab.poisonUninitialized=true}, which fills it with NaN, so that a kernel that leaves
     * an element unwritten shows in every result that depends on it.
     */
    public static Tensor uninitialized(Device device, DType dtype, int... shape) {
        Backend b = Backends.get(device);
        return new Tensor(b.allocateUninitialized(dtype, Shapes.numel(shape)), 0, shape.clone(), Shapes.contiguousStrides(shape));
    }

    public static Tensor zeros(int... shape) {
        return empty(Device.CPU, DType.FLOAT32, shape);
    }

    public static Tensor zeros(Device device, int... shape) {
        return empty(device, DType.FLOAT32, shape);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        if (value != 0f) t.fill_(value);
        return t;
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** A CPU float tensor holding a copy of {@code data}; no shape means 1-D, an empty shape means a scalar. */
    public static Tensor of(float[] data, int... shape) {
        return adopt(data.clone(), shape);
    }

    /**
     * A CPU float tensor on {@code data} itself, not a copy (shapes as {@link #of}): for a reader that made the array
     * and hands it over, so that a file's weights are on the heap once. Nothing may use the array afterwards.
     */
    public static Tensor adopt(float[] data, int... shape) {
        int[] s = shape.length == 0 && data.length != 1 ? new int[] {data.length} : shape;
        if (Shapes.numel(s) != data.length) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Shapes.str(s));
        }
        return new Tensor(Backends.get(Device.CPU).adopt(data), 0, s.clone(), Shapes.contiguousStrides(s));
    }

    /** A CPU int64 tensor (labels, token ids) holding a copy of {@code data}. */
    public static Tensor ofLongs(long[] data, int... shape) {
        int[] s = shape.length == 0 ? new int[] {data.length} : shape;
        if (Shapes.numel(s) != data.length) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Shapes.str(s));
        }
        Tensor t = empty(Device.CPU, DType.INT64, s);
        t.storage.write(0, data, 0, data.length);
        return t;
    }

    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return of(d, n);
    }

    public static Tensor rand(Generator gen, int... shape) {
        return zeros(shape).uniform_(0, 1, gen);
    }

    public static Tensor randn(Generator gen, int... shape) {
        return zeros(shape).normal_(0, 1, gen);
    }

    // ---------------------------------------------------------------- metadata

    public int[] shape() {
        return shape.clone();
    }

    public int size(int dim) {
        return shape[Shapes.wrapDim(dim, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shapes.numel(shape);
    }

    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    public Storage storage() {
        return storage;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Backend backend() {
        return storage.backend();
    }

    public Device device() {
        return storage.backend().device();
    }

    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    public String shapeString() {
        return Shapes.str(shape);
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as needing a gradient (PyTorch's {@code requires_grad_}). */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) throw new IllegalStateException("cannot clear requires_grad of a non-leaf tensor; use detach()");
        if (value && dtype() != DType.FLOAT32) throw new IllegalStateException("only float tensors can require gradients");
        this.requiresGrad = value;
        return this;
    }

    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        this.grad = g;
    }

    public GradFn gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Called by {@link Autograd#record}; not for general use. */
    public void attachGradFn(GradFn fn) {
        this.gradFn = fn;
        this.requiresGrad = true;
    }

    /** Adds {@code g} into this leaf's {@code grad} (allocating it on first use), like PyTorch's AccumulateGrad. */
    public void accumulateGrad(Tensor g) {
        if (!requiresGrad) return;
        if (grad == null) {
            // A copy, never the incoming tensor: backward rules may hand one tensor to several inputs,
            // and later steps accumulate into this buffer in place.
            grad = Views.copy(g.detach());
        } else {
            backend().axpy(1f, g.contiguous(), grad);
        }
    }

    /** Sets the gradient to zero, keeping its buffer (cheaper than a fresh one on the next backward). */
    public void zeroGrad() {
        if (grad != null) grad.fill_(0f);
    }

    public void backward() {
        if (numel() != 1) throw new IllegalStateException("backward() without a gradient needs a scalar, got shape " + shapeString());
        Tensor one = uninitialized(device(), DType.FLOAT32, shape);
        one.fill_(1f);
        Autograd.backwardFromOnes(this, one);
    }

    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient.to(device()));
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, offset, shape, strides);
    }

    // ---------------------------------------------------------------- data access

    public float[] toFloatArray() {
        Tensor c = contiguous();
        float[] out = new float[c.numel()];
        if (c.dtype() == DType.FLOAT32) {
            c.storage.read(c.offset, out, 0, out.length);
        } else {
            long[] l = c.toLongArray();
            for (int i = 0; i < l.length; i++) out[i] = l[i];
        }
        return out;
    }

    public long[] toLongArray() {
        Tensor c = contiguous();
        long[] out = new long[c.numel()];
        if (c.dtype() == DType.INT64) {
            c.storage.read(c.offset, out, 0, out.length);
        } else {
            float[] f = c.toFloatArray();
            for (int i = 0; i < f.length; i++) out[i] = (long) f[i];
        }
        return out;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) throw new IllegalStateException("item() needs one element, got shape " + shapeString());
        return toFloatArray()[0];
    }

    /** One element by index (slow; for tests and inspectors). */
    public float get(int... index) {
        if (index.length != shape.length) throw new IllegalArgumentException("expected " + shape.length + " indices");
        int pos = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " out of range for dim " + i + " of size " + shape[i]);
            }
            pos += index[i] * strides[i];
        }
        float[] one = new float[1];
        if (dtype() == DType.FLOAT32) storage.read(pos, one, 0, 1);
        else {
            long[] l = new long[1];
            storage.read(pos, l, 0, 1);
            one[0] = l[0];
        }
        return one[0];
    }

    /** This tensor on {@code device} (itself when already there). Differentiable. */
    public Tensor to(Device device) {
        if (device.equals(device())) return this;
        Tensor out = uninitialized(device, dtype(), shape); // written whole below
        Tensor src = contiguous();
        if (dtype() == DType.FLOAT32) {
            float[] host = new float[numel()];
            src.storage.read(src.offset, host, 0, host.length);
            out.storage.write(0, host, 0, host.length);
        } else {
            long[] host = new long[numel()];
            src.storage.read(src.offset, host, 0, host.length);
            out.storage.write(0, host, 0, host.length);
        }
        Device from = device();
        return Autograd.record("To", out, g -> new Tensor[] {g.to(from)}, this);
    }

    // ---------------------------------------------------------------- in-place, never recorded

    public Tensor fill_(float value) {
        if (isContiguous()) backend().fill(this, value);
        else {
            Tensor tmp = empty(device(), dtype(), shape);
            backend().fill(tmp, value);
            backend().copy(tmp, this);
        }
        return this;
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor. */
    public Tensor copy_(Tensor src) {
        Tensor s = src.to(device());
        backend().copy(Views.expandRaw(s, shape), this);
        return this;
    }

    /** {@code this += alpha · other} in place (no history). */
    public Tensor add_(Tensor other, float alpha) {
        if (isContiguous() && other.numel() == numel() && Arrays.equals(shape, other.shape)) {
            backend().axpy(alpha, other.contiguous(), this);
        } else {
            copy_(Elementwise.binaryRaw(BinaryOp.ADD, this, alpha == 1f ? other : other.mul(alpha)));
        }
        return this;
    }

    public Tensor mul_(float s) {
        Tensor c = requireContiguous("mul_");
        backend().unary(UnaryOp.MUL_SCALAR, s, c, c);
        return this;
    }

    public Tensor uniform_(float lo, float hi, Generator gen) {
        requireContiguous("uniform_");
        backend().random(this, false, lo, hi, gen);
        return this;
    }

    public Tensor normal_(float mean, float std, Generator gen) {
        requireContiguous("normal_");
        backend().random(this, true, mean, std, gen);
        return this;
    }

    private Tensor requireContiguous(String op) {
        if (!isContiguous()) throw new IllegalStateException(op + " needs a contiguous tensor");
        return this;
    }

    // ---------------------------------------------------------------- elementwise (recorded)

    public Tensor add(Tensor o) { return Elementwise.binary(BinaryOp.ADD, this, o); }
    public Tensor sub(Tensor o) { return Elementwise.binary(BinaryOp.SUB, this, o); }
    public Tensor mul(Tensor o) { return Elementwise.binary(BinaryOp.MUL, this, o); }
    public Tensor div(Tensor o) { return Elementwise.binary(BinaryOp.DIV, this, o); }
    public Tensor pow(Tensor o) { return Elementwise.binary(BinaryOp.POW, this, o); }
    public Tensor maximum(Tensor o) { return Elementwise.binary(BinaryOp.MAX, this, o); }
    public Tensor minimum(Tensor o) { return Elementwise.binary(BinaryOp.MIN, this, o); }
    public Tensor gt(Tensor o) { return Elementwise.binary(BinaryOp.GT, this, o); }
    public Tensor lt(Tensor o) { return Elementwise.binary(BinaryOp.LT, this, o); }
    public Tensor eq(Tensor o) { return Elementwise.binary(BinaryOp.EQ, this, o); }

    public Tensor add(float s) { return Elementwise.unary(UnaryOp.ADD_SCALAR, s, this); }
    public Tensor sub(float s) { return Elementwise.unary(UnaryOp.ADD_SCALAR, -s, this); }
    public Tensor mul(float s) { return Elementwise.unary(UnaryOp.MUL_SCALAR, s, this); }
    public Tensor div(float s) { return Elementwise.unary(UnaryOp.MUL_SCALAR, 1f / s, this); }
    /** {@code s - this}. */
    public Tensor rsub(float s) { return Elementwise.unary(UnaryOp.RSUB_SCALAR, s, this); }
    public Tensor pow(float p) { return Elementwise.unary(UnaryOp.POW_SCALAR, p, this); }
    public Tensor clampMin(float lo) { return Elementwise.unary(UnaryOp.CLAMP_MIN, lo, this); }
    public Tensor clampMax(float hi) { return Elementwise.unary(UnaryOp.CLAMP_MAX, hi, this); }
    public Tensor clamp(float lo, float hi) { return clampMin(lo).clampMax(hi); }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, 0, this); }
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, 0, this); }
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, 0, this); }
    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, 0, this); }
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, 0, this); }
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, 0, this); }
    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, 0, this); }
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, 0, this); }
    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, 0, this); }
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, 0, this); }

    /**
     * {@link #relu} written over this tensor's storage, for the fresh output of an op fed {@code inputs} that
     * nothing else holds and whose backward does not read it (PyTorch's {@code nn.ReLU(inplace=True)} after a
     * conv, a batch norm or a sum); out of place when this shares storage with an input. Returns the result, which
     * carries the gradient; this tensor's old values are gone.
     */
    public Tensor reluOverOutput(Tensor... inputs) { return Elementwise.reluOverOutput(this, inputs); }
    public Tensor leakyRelu(float slope) { return Elementwise.unary(UnaryOp.LEAKY_RELU, slope, this); }
    public Tensor elu(float alpha) { return Elementwise.unary(UnaryOp.ELU, alpha, this); }
    /** x clamped to [min, max], with PyTorch's hardtanh gradient (0 at the bounds, unlike {@link #clamp}'s 1). */
    public Tensor hardtanh(float min, float max) { return Elementwise.hardtanh(this, min, max); }
    /** PyTorch's hardsigmoid: min(max(x + 3, 0), 6) / 6. */
    public Tensor hardsigmoid() { return Elementwise.hardsigmoid(this); }
    /** PyTorch's hardswish: x · min(max(x + 3, 0), 6) / 6. */
    public Tensor hardswish() { return Elementwise.hardswish(this); }
    public Tensor gelu() { return Elementwise.unary(UnaryOp.GELU, 0, this); }
    public Tensor geluTanh() { return Elementwise.unary(UnaryOp.GELU_TANH, 0, this); }
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, 0, this); }
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, 0, this); }
    public Tensor softplus() { return Elementwise.unary(UnaryOp.SOFTPLUS, 0, this); }
    public Tensor logSigmoid() { return Elementwise.unary(UnaryOp.LOG_SIGMOID, 0, this); }
    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, 0, this); }
    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, 0, this); }

    /** A recorded copy (new storage, contiguous). */
    public Tensor copy() { return Views.copy(this); }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() { return Reductions.reduceAll(ReduceOp.SUM, this); }
    public Tensor mean() { return Reductions.reduceAll(ReduceOp.MEAN, this); }
    public Tensor sum(int dim, boolean keepdim) { return Reductions.reduce(ReduceOp.SUM, this, dim, keepdim); }
    public Tensor mean(int dim, boolean keepdim) { return Reductions.reduce(ReduceOp.MEAN, this, dim, keepdim); }
    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.reduceDims(ReduceOp.SUM, this, dims, keepdim); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.reduceDims(ReduceOp.MEAN, this, dims, keepdim); }
    /** Maximum over {@code dim} (gradient flows to the first maximal element). */
    public Tensor max(int dim, boolean keepdim) { return Reductions.reduce(ReduceOp.MAX, this, dim, keepdim); }
    public Tensor min(int dim, boolean keepdim) { return Reductions.reduce(ReduceOp.MIN, this, dim, keepdim); }
    public Tensor max() { return Reductions.reduceAll(ReduceOp.MAX, this); }
    public Tensor min() { return Reductions.reduceAll(ReduceOp.MIN, this); }
    /** Index (int64) of the first maximum along {@code dim}. */
    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argReduce(ReduceOp.MAX, this, dim, keepdim); }
    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argReduce(ReduceOp.MIN, this, dim, keepdim); }
    /** Sums broadcast dimensions away so the result has {@code target} shape (the backward of broadcasting). */
    public Tensor sumToShape(int... target) { return Reductions.sumToShape(this, target); }
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim, false); }
    public Tensor logSoftmax(int dim) { return Reductions.softmax(this, dim, true); }
    /** Unbiased or biased variance over {@code dims}. */
    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) { return Reductions.var(this, dims, unbiased, keepdim); }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product: 2-D × 2-D, N-D × 2-D (leading dims batched), or batched N-D × N-D with equal batch dims. */
    public Tensor matmul(Tensor o) { return LinearAlgebra.matmul(this, o); }

    // ---------------------------------------------------------------- views and shape

    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape); }
    public Tensor view(int... newShape) { return Views.reshape(this, newShape); }
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
    public Tensor transpose(int d0, int d1) { return Views.transpose(this, d0, d1); }
    /** Transpose of a 2-D tensor. */
    public Tensor t() {
        if (dim() != 2) throw new IllegalStateException("t() expects a 2-D tensor, got " + shapeString());
        return transpose(0, 1);
    }
    public Tensor permute(int... dims) { return Views.permute(this, dims); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    public Tensor expand(int... newShape) { return Views.expand(this, newShape); }
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }
    /** Element {@code index} along {@code dim}, that dimension removed. */
    public Tensor select(int dim, int index) { return narrow(dim, index, 1).squeeze(dim); }
    public Tensor contiguous() { return isContiguous() ? this : Views.copy(this); }
    public static Tensor cat(int dim, Tensor... parts) { return Views.cat(dim, parts); }
    public static Tensor stack(int dim, Tensor... parts) { return Views.stack(dim, parts); }
    public Tensor[] split(int size, int dim) { return Views.split(this, size, dim); }

    // ---------------------------------------------------------------- indexing

    /** Rows of this {@code [V, D]} table picked by an int64 index tensor of any shape: result {@code idx.shape + [D]}. */
    public Tensor indexSelect(Tensor idx) { return Indexing.embedding(this, idx, Long.MIN_VALUE); }
    /** {@code out[..] = this[.., idx[..]]} along the last dimension; this is {@code [..., C]}, idx int64 {@code [...]}. */
    public Tensor gatherLast(Tensor idx) { return Indexing.gatherLast(this, idx, Long.MIN_VALUE); }
    /** This int64 tensor as float32, or a float tensor as int64 (truncating). Not differentiable. */
    public Tensor toDType(DType t) { return Views.cast(this, t); }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
