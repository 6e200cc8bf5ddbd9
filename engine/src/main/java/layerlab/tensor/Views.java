package layerlab.tensor;

import java.util.Arrays;
import layerlab.autograd.Autograd;

/** Shape ops: views that share storage (reshape, transpose, expand, narrow) and the copies they sometimes need. */
final class Views {
    private Views() {}

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] shape = resolve(newShape, x.numel(), x.shape());
        int[] xs = x.shape();
        if (Arrays.equals(shape, xs)) return x;
        Tensor src = x.contiguous();
        Tensor out = Tensor.view(src.storage(), src.offset(), shape, Shapes.contiguousStrides(shape));
        return Autograd.record("Reshape", out, g -> new Tensor[] {g.reshape(xs)}, x);
    }

    private static int[] resolve(int[] shape, int numel, int[] from) {
        int[] s = shape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one dimension can be -1 in " + Shapes.str(shape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("invalid dimension " + s[i] + " in " + Shapes.str(shape));
            } else known *= s[i];
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("shape " + Shapes.str(shape) + " is invalid for input of size " + numel);
            }
            s[infer] = numel / known;
        }
        if (Shapes.numel(s) != numel) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.str(from) + " (" + numel + " elements) to " + Shapes.str(shape));
        }
        return s;
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) return x.reshape(1);
        int s = Shapes.wrapDim(startDim, x.dim()), e = Shapes.wrapDim(endDim, x.dim());
        if (s > e) throw new IllegalArgumentException("flatten: start_dim " + startDim + " is after end_dim " + endDim);
        int[] xs = x.shape();
        int[] out = new int[xs.length - (e - s)];
        int j = 0, prod = 1;
        for (int i = 0; i < xs.length; i++) {
            if (i < s || i > e) out[j++] = xs[i];
            else {
                prod *= xs[i];
                if (i == e) out[j++] = prod;
            }
        }
        return x.reshape(out);
    }

    static Tensor transpose(Tensor x, int d0, int d1) {
        int a = Shapes.wrapDim(d0, x.dim()), b = Shapes.wrapDim(d1, x.dim());
        int[] perm = new int[x.dim()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    static Tensor permute(Tensor x, int[] dims) {
        int n = x.dim();
        if (dims.length != n) throw new IllegalArgumentException("permute needs " + n + " dims, got " + dims.length);
        int[] xs = x.shape(), xst = x.strides();
        int[] shape = new int[n], strides = new int[n], inverse = new int[n];
        boolean[] used = new boolean[n];
        for (int i = 0; i < n; i++) {
            int d = Shapes.wrapDim(dims[i], n);
            if (used[d]) throw new IllegalArgumentException("permute: dimension " + d + " repeated");
            used[d] = true;
            shape[i] = xs[d];
            strides[i] = xst[d];
            inverse[d] = i;
        }
        Tensor out = Tensor.view(x.storage(), x.offset(), shape, strides);
        return Autograd.record("Permute", out, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim() + 1);
        int[] xs = x.shape();
        int[] s = new int[xs.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) s[i] = i == d ? 1 : xs[j++];
        return viewWithShape(x, s);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.size(d) != 1) return x;
        int[] xs = x.shape();
        int[] s = new int[xs.length - 1];
        for (int i = 0, j = 0; i < xs.length; i++) if (i != d) s[j++] = xs[i];
        return viewWithShape(x, s);
    }

    /** A reshape that only adds or removes size-1 dims: keeps strides, so it works on non-contiguous views too. */
    private static Tensor viewWithShape(Tensor x, int[] s) {
        int[] xs = x.shape(), xst = x.strides();
        int[] st = new int[s.length];
        int j = 0;
        for (int i = 0; i < s.length; i++) {
            while (j < xs.length && xs[j] == 1 && s[i] != 1) j++;
            if (j < xs.length && xs[j] == s[i]) st[i] = xst[j++];
            else st[i] = 1; // an inserted size-1 dim: any stride works
        }
        Tensor out = Tensor.view(x.storage(), x.offset(), s, st);
        return Autograd.record("View", out, g -> new Tensor[] {g.reshape(xs)}, x);
    }

    /** A broadcast view, not recorded (kernels read it through stride 0). */
    static Tensor expandRaw(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape(), shape)) return x;
        Shapes.broadcast(x.shape(), shape);
        return Tensor.view(x.storage(), x.offset(), shape, Shapes.broadcastStrides(x.shape(), x.strides(), shape));
    }

    static Tensor expand(Tensor x, int[] shape) {
        int[] xs = x.shape();
        int[] target = shape.clone();
        int off = target.length - xs.length;
        if (off < 0) throw new IllegalArgumentException("expand: target " + Shapes.str(shape) + " has fewer dims than " + Shapes.str(xs));
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) target[i] = i < off ? 1 : xs[i - off];
            if (i >= off && xs[i - off] != 1 && xs[i - off] != target[i]) {
                throw new IllegalArgumentException("cannot expand " + Shapes.str(xs) + " to " + Shapes.str(shape));
            }
        }
        if (Arrays.equals(xs, target)) return x;
        Tensor out = expandRaw(x, target);
        return Autograd.record("Expand", out, g -> new Tensor[] {g.sumToShape(xs)}, x);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        if (start < 0 || length < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("narrow(" + dim + ", " + start + ", " + length + ") out of range for size " + size);
        }
        int[] s = x.shape();
        s[d] = length;
        int[] st = x.strides();
        Tensor out = Tensor.view(x.storage(), x.offset() + start * st[d], s, st);
        int[] xs = x.shape();
        return Autograd.record("Narrow", out, g -> {
            Tensor gx = Tensor.empty(g.device(), DType.FLOAT32, xs);
            g.backend().copy(g, rawNarrow(gx, d, start, length));
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor rawNarrow(Tensor x, int d, int start, int length) {
        int[] s = x.shape();
        s[d] = length;
        int[] st = x.strides();
        return Tensor.view(x.storage(), x.offset() + start * st[d], s, st);
    }

    static Tensor copy(Tensor x) {
        Tensor out = Tensor.uninitialized(x.device(), x.dtype(), x.shape());
        x.backend().copy(x, out);
        return Autograd.record("Copy", out, g -> new Tensor[] {g}, x);
    }

    static Tensor cast(Tensor x, DType t) {
        if (x.dtype() == t) return x;
        Tensor out = Tensor.empty(x.device(), t, x.shape());
        x.backend().copy(x, out);
        return out;
    }

    static Tensor cat(int dim, Tensor[] parts) {
        if (parts.length == 0) throw new IllegalArgumentException("cat of no tensors");
        Tensor first = parts[0];
        int d = Shapes.wrapDim(dim, first.dim());
        int[] shape = first.shape();
        int total = 0;
        for (Tensor p : parts) {
            int[] ps = p.shape();
            if (ps.length != shape.length) throw new IllegalArgumentException("cat: tensors must have the same rank, got " + Shapes.str(shape) + " and " + Shapes.str(ps));
            for (int i = 0; i < ps.length; i++) {
                if (i != d && ps[i] != shape[i]) {
                    throw new IllegalArgumentException("cat along dim " + d + ": sizes must match except in that dim, got " + Shapes.str(shape) + " and " + Shapes.str(ps));
                }
            }
            if (!p.device().equals(first.device())) throw new IllegalArgumentException("cat: tensors on different devices");
            total += ps[d];
        }
        shape[d] = total;
        Tensor out = Tensor.empty(first.device(), first.dtype(), shape);
        int[] starts = new int[parts.length];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            starts[i] = at;
            int len = parts[i].size(d);
            first.backend().copy(parts[i], rawNarrow(out, d, at, len));
            at += len;
        }
        return Autograd.record("Cat", out, g -> {
            Tensor[] gs = new Tensor[parts.length];
            for (int i = 0; i < parts.length; i++) gs[i] = g.narrow(d, starts[i], parts[i].size(d)).contiguous();
            return gs;
        }, parts);
    }

    static Tensor stack(int dim, Tensor[] parts) {
        int d = Shapes.wrapDim(dim, parts[0].dim() + 1);
        Tensor[] u = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) u[i] = parts[i].unsqueeze(d);
        return cat(d, u);
    }

    static Tensor[] split(Tensor x, int size, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        int n = x.size(d);
        int count = (n + size - 1) / size;
        Tensor[] out = new Tensor[count];
        for (int i = 0; i < count; i++) out[i] = x.narrow(d, i * size, Math.min(size, n - i * size));
        return out;
    }
}
