package layerlab.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Ops on constants computed at import time, as ONNX Runtime folds them: torch.onnx.export leaves arithmetic on constant
 * sizes in the graph (F.pad's pads built with ConstantOfShape, Concat, Reshape, Slice with a negative step, Transpose,
 * Cast), which is no layer but a number known before any input is. Small tensors only: sizes, pads, shapes.
 */
final class OnnxFolding {
    static final Set<String> OPS = Set.of("Add", "Cast", "Concat", "ConstantOfShape", "Div", "Gather", "Mul", "Reshape", "Slice", "Squeeze", "Sub",
            "Transpose", "Unsqueeze");

    /** The most values a folded constant may have: the arithmetic on sizes is small, a layer's weights are not ours to fold. */
    private static final int MOST = 1 << 16;

    private OnnxFolding() {}

    /** A small constant's values and shape, whole numbers as longs (int64, int32, bool), others as doubles. */
    private record Values(double[] f, long[] l, int[] shape) {
        static Values of(Tensor t) {
            return t.dtype() == DType.FLOAT32 ? new Values(toDoubles(t.toFloatArray()), null, t.shape()) : new Values(null, t.toLongArray(), t.shape());
        }

        boolean isFloat() {
            return f != null;
        }

        int size() {
            return isFloat() ? f.length : l.length;
        }

        double get(int i) {
            return isFloat() ? f[i] : l[i];
        }

        Values with(int[] newShape, int[] from) {
            if (isFloat()) {
                double[] out = new double[from.length];
                for (int i = 0; i < from.length; i++) out[i] = f[from[i]];
                return new Values(out, null, newShape);
            }
            long[] out = new long[from.length];
            for (int i = 0; i < from.length; i++) out[i] = l[from[i]];
            return new Values(null, out, newShape);
        }

        Tensor tensor() {
            if (isFloat()) {
                float[] out = new float[f.length];
                for (int i = 0; i < f.length; i++) out[i] = (float) f[i];
                return shape.length == 0 ? Tensor.of(out, new int[0]) : Tensor.of(out, shape);
            }
            return shape.length == 0 ? Tensor.ofLongs(l, 1).reshape() : Tensor.ofLongs(l, shape);
        }
    }

    /**
     * {@code n}'s first output when all its inputs are the constants {@code in} (an empty name: an input left out), or
     * null when this op is not one folded here or its form is not understood (the importer then says what it lacks).
     */
    static Tensor fold(OnnxProto.Node n, List<Tensor> in) {
        if (!OPS.contains(n.opType()) || in.isEmpty() || in.get(0) == null) return null;
        for (Tensor t : in) if (t != null && t.numel() > MOST) return null;
        Values x = Values.of(in.get(0));
        Values r = switch (n.opType()) {
            case "Cast" -> cast(x, n);
            case "Concat" -> concat(in, (int) OnnxAttributes.intAttr(n, "axis", 0));
            case "ConstantOfShape" -> constantOfShape(x, n);
            case "Gather" -> in.size() < 2 || in.get(1) == null ? null : gather(x, Values.of(in.get(1)), (int) OnnxAttributes.intAttr(n, "axis", 0));
            case "Reshape" -> in.size() < 2 || in.get(1) == null ? null : reshape(x, in.get(1).toLongArray(), OnnxAttributes.intAttr(n, "allowzero", 0) != 0);
            case "Slice" -> slice(x, in);
            case "Squeeze", "Unsqueeze" -> squeeze(x, axes(n, in), n.opType().equals("Unsqueeze"));
            case "Transpose" -> transpose(x, n.attribute("perm") == null ? null : n.attribute("perm").ints());
            default -> in.size() < 2 || in.get(1) == null ? null : arithmetic(n.opType(), x, Values.of(in.get(1)));
        };
        return r == null || r.size() > MOST ? null : r.tensor();
    }

    private static long[] axes(OnnxProto.Node n, List<Tensor> in) {
        if (n.attribute("axes") != null) return n.attribute("axes").ints();
        return in.size() > 1 && in.get(1) != null ? in.get(1).toLongArray() : null;
    }

    private static Values cast(Values x, OnnxProto.Node n) {
        int to = (int) OnnxAttributes.intAttr(n, "to", -1);
        boolean toFloat = to == OnnxFields.TensorProto.FLOAT || to == 11 /* DOUBLE */;
        boolean toWhole = to == OnnxFields.TensorProto.INT64 || to == 6 /* INT32 */ || to == 9 /* BOOL */;
        if (!toFloat && !toWhole) return null;
        if (toFloat) return x.isFloat() ? x : new Values(Arrays.stream(x.l()).asDoubleStream().toArray(), null, x.shape());
        long[] out = new long[x.size()];
        for (int i = 0; i < out.length; i++) out[i] = to == 9 ? (x.get(i) != 0 ? 1 : 0) : (long) x.get(i);
        return new Values(null, out, x.shape());
    }

    private static Values constantOfShape(Values shape, OnnxProto.Node n) {
        if (shape.isFloat() || shape.shape().length != 1) return null;
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (shape.l()[i] < 0) return null;
            dims[i] = (int) shape.l()[i];
            count *= dims[i];
        }
        if (count > MOST) return null;
        Attribute v = n.attribute("value");
        Values value = v == null || v.t() == null ? new Values(new double[] {0}, null, new int[0]) : Values.of(OnnxAttributes.tensor(v.t()));
        if (value.size() != 1) return null;
        return value.with(dims, new int[(int) count]);
    }

    private static Values concat(List<Tensor> in, int axis) {
        List<Values> parts = new ArrayList<>();
        for (Tensor t : in) {
            if (t == null) return null;
            parts.add(Values.of(t));
        }
        Values first = parts.get(0);
        int rank = first.shape().length;
        if (rank == 0) return null;
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) return null;
        int[] shape = first.shape().clone();
        shape[axis] = 0;
        for (Values p : parts) {
            if (p.isFloat() != first.isFloat() || p.shape().length != rank) return null;
            for (int d = 0; d < rank; d++) if (d != axis && p.shape()[d] != first.shape()[d]) return null;
            shape[axis] += p.shape()[axis];
        }
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < rank; d++) inner *= shape[d];
        int total = outer * shape[axis] * inner;
        double[] f = first.isFloat() ? new double[total] : null;
        long[] l = first.isFloat() ? null : new long[total];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (Values p : parts) {
                int block = p.shape()[axis] * inner;
                for (int i = 0; i < block; i++, at++) {
                    if (f != null) f[at] = p.f()[o * block + i];
                    else l[at] = p.l()[o * block + i];
                }
            }
        }
        return new Values(f, l, shape);
    }

    private static Values gather(Values x, Values idx, int axis) {
        int rank = x.shape().length;
        if (idx.isFloat() || rank == 0) return null;
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) return null;
        int n = x.shape()[axis];
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= x.shape()[d];
        for (int d = axis + 1; d < rank; d++) inner *= x.shape()[d];
        int[] shape = new int[rank - 1 + idx.shape().length];
        System.arraycopy(x.shape(), 0, shape, 0, axis);
        System.arraycopy(idx.shape(), 0, shape, axis, idx.shape().length);
        System.arraycopy(x.shape(), axis + 1, shape, axis + idx.shape().length, rank - axis - 1);
        int[] from = new int[outer * idx.size() * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.size(); k++) {
                long i = idx.l()[k] < 0 ? idx.l()[k] + n : idx.l()[k];
                if (i < 0 || i >= n) return null;
                for (int j = 0; j < inner; j++) from[at++] = (o * n + (int) i) * inner + j;
            }
        }
        return x.with(shape, from);
    }

    private static Values reshape(Values x, long[] spec, boolean allowZero) {
        int[] shape = new int[spec.length];
        int free = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long s = spec[i];
            if (s == 0 && !allowZero) {
                if (i >= x.shape().length) return null;
                s = x.shape()[i];
            }
            if (s == -1) {
                if (free >= 0) return null;
                free = i;
                continue;
            }
            if (s < 0) return null;
            shape[i] = (int) s;
            known *= s;
        }
        if (free >= 0) {
            if (known == 0 || x.size() % known != 0) return null;
            shape[free] = (int) (x.size() / known);
        } else if (known != x.size()) return null;
        int[] from = new int[x.size()];
        for (int i = 0; i < from.length; i++) from[i] = i;
        return x.with(shape, from);
    }

    private static Values squeeze(Values x, long[] axes, boolean unsqueeze) {
        int rank = x.shape().length;
        List<Integer> shape = new ArrayList<>();
        for (int d : x.shape()) shape.add(d);
        if (unsqueeze) {
            if (axes == null) return null;
            int outRank = rank + axes.length;
            long[] sorted = axes.clone();
            for (int i = 0; i < sorted.length; i++) if (sorted[i] < 0) sorted[i] += outRank;
            Arrays.sort(sorted);
            for (long a : sorted) {
                if (a < 0 || a > shape.size()) return null;
                shape.add((int) a, 1);
            }
        } else if (axes == null) {
            shape.removeIf(d -> d == 1);
        } else {
            long[] sorted = axes.clone();
            for (int i = 0; i < sorted.length; i++) if (sorted[i] < 0) sorted[i] += rank;
            Arrays.sort(sorted);
            for (int i = sorted.length - 1; i >= 0; i--) {
                if (sorted[i] < 0 || sorted[i] >= rank || x.shape()[(int) sorted[i]] != 1) return null;
                shape.remove((int) sorted[i]);
            }
        }
        int[] from = new int[x.size()];
        for (int i = 0; i < from.length; i++) from[i] = i;
        return x.with(shape.stream().mapToInt(Integer::intValue).toArray(), from);
    }

    private static Values transpose(Values x, long[] perm) {
        int rank = x.shape().length;
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) p[i] = perm == null ? rank - 1 - i : (int) perm[i];
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = x.shape()[p[i]];
        int[] strides = strides(x.shape());
        int[] from = new int[x.size()];
        int[] pos = new int[rank];
        for (int i = 0; i < from.length; i++) {
            int src = 0;
            for (int d = 0; d < rank; d++) src += pos[d] * strides[p[d]];
            from[i] = src;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < shape[d]) break;
                pos[d] = 0;
            }
        }
        return x.with(shape, from);
    }

    /** ONNX's Slice: starts, ends, axes and steps as inputs, negative indices from the end, ends clamped (INT64_MAX: to the end). */
    private static Values slice(Values x, List<Tensor> in) {
        if (in.size() < 3 || in.get(1) == null || in.get(2) == null) return null;
        int rank = x.shape().length;
        long[] starts = in.get(1).toLongArray(), ends = in.get(2).toLongArray();
        long[] axes = in.size() > 3 && in.get(3) != null ? in.get(3).toLongArray() : null;
        long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongArray() : null;
        int[] begin = new int[rank], step = new int[rank], shape = x.shape().clone();
        Arrays.fill(step, 1);
        for (int k = 0; k < starts.length; k++) {
            int a = (int) (axes == null ? k : axes[k] < 0 ? axes[k] + rank : axes[k]);
            if (a < 0 || a >= rank) return null;
            long dim = x.shape()[a], s = steps == null ? 1 : steps[k];
            if (s == 0) return null;
            long st = starts[k] < 0 ? starts[k] + dim : starts[k], en = ends[k] < 0 ? ends[k] + dim : ends[k];
            if (s > 0) {
                st = Math.max(0, Math.min(st, dim));
                en = Math.max(0, Math.min(en, dim));
            } else {
                st = Math.max(-1, Math.min(st, dim - 1));
                en = Math.max(-1, Math.min(en, dim - 1));
            }
            long count = s > 0 ? Math.max(0, (en - st + s - 1) / s) : Math.max(0, (st - en + (-s) - 1) / (-s));
            begin[a] = (int) st;
            step[a] = (int) s;
            shape[a] = (int) count;
        }
        int[] strides = strides(x.shape());
        int total = 1;
        for (int d : shape) total *= d;
        int[] from = new int[total];
        int[] pos = new int[rank];
        for (int i = 0; i < total; i++) {
            int src = 0;
            for (int d = 0; d < rank; d++) src += (begin[d] + pos[d] * step[d]) * strides[d];
            from[i] = src;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < shape[d]) break;
                pos[d] = 0;
            }
        }
        return x.with(shape, from);
    }

    /** Elementwise on equal shapes or with a single value on either side. */
    private static Values arithmetic(String op, Values a, Values b) {
        if (a.isFloat() != b.isFloat()) return null;
        boolean same = Arrays.equals(a.shape(), b.shape());
        if (!same && a.size() != 1 && b.size() != 1) return null;
        int[] shape = same || b.size() == 1 ? a.shape() : b.shape();
        int size = Math.max(a.size(), b.size());
        if (a.isFloat()) {
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                double u = a.f()[a.size() == 1 ? 0 : i], v = b.f()[b.size() == 1 ? 0 : i];
                out[i] = switch (op) {
                    case "Add" -> u + v;
                    case "Sub" -> u - v;
                    case "Mul" -> u * v;
                    default -> u / v;
                };
            }
            return new Values(out, null, shape);
        }
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            long u = a.l()[a.size() == 1 ? 0 : i], v = b.l()[b.size() == 1 ? 0 : i];
            if (op.equals("Div") && v == 0) return null;
            out[i] = switch (op) {
                case "Add" -> u + v;
                case "Sub" -> u - v;
                case "Mul" -> u * v;
                default -> u / v;
            };
        }
        return new Values(null, out, shape);
    }

    private static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    private static double[] toDoubles(float[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i];
        return out;
    }
}
