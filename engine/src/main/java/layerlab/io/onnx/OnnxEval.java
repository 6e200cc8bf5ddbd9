package layerlab.io.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * A few ONNX ops run on given tensors, in the order given: what the importer needs to check that a stretch of
 * torch.onnx.export's ops computes what the one LayerLab layer it takes them for computes (nn.MultiheadAttention's
 * time-major ops, with the batch and the heads in one dim). Whole-number ops (sizes, shapes) go through {@link OnnxFolding};
 * float ones through the engine's tensors. Not a runtime: an op outside these makes {@link #run} say so, and the importer
 * then keeps to what it says of the ops.
 */
final class OnnxEval {
    private OnnxEval() {}

    /** Thrown for an op or form this evaluator does not run. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    /** Every output of {@code ops}, run in order on {@code known} (the inputs and constants they read), added to a copy of it. */
    static Map<String, Tensor> run(List<OnnxProto.Node> ops, Map<String, Tensor> known) {
        Map<String, Tensor> v = new HashMap<>(known);
        try (var g = Autograd.noGrad()) {
            for (OnnxProto.Node n : ops) {
                List<Tensor> in = new ArrayList<>();
                for (String name : n.inputs()) {
                    if (name.isEmpty()) {
                        in.add(null);
                        continue;
                    }
                    Tensor t = v.get(name);
                    if (t == null) throw new Unsupported("the value " + name + " is not known");
                    in.add(t);
                }
                v.put(n.outputs().get(0), op(n, in));
            }
        }
        return v;
    }

    /** Equal and Where on whole numbers (sizes: torch's x.expand(n, -1, -1) picks its shape so), a scalar stretched to the others' length. */
    private static Tensor select(OnnxProto.Node n, List<Tensor> in) {
        int len = 1;
        for (Tensor t : in) {
            if (t == null || t.dim() > 1) throw new Unsupported(n.opType() + " of other than sizes");
            if (t.numel() != 1) {
                if (len != 1 && len != t.numel()) throw new Unsupported(n.opType() + " of sizes of different lengths");
                len = t.numel();
            }
        }
        boolean vector = in.stream().anyMatch(t -> t.dim() == 1);
        long[][] v = new long[in.size()][];
        for (int i = 0; i < v.length; i++) v[i] = in.get(i).toLongArray();
        long[] out = new long[len];
        for (int i = 0; i < len; i++) {
            long a = v[0][v[0].length == 1 ? 0 : i], b = v[1][v[1].length == 1 ? 0 : i];
            out[i] = n.opType().equals("Equal") ? (a == b ? 1 : 0) : a != 0 ? b : v[2][v[2].length == 1 ? 0 : i];
        }
        return vector ? Tensor.ofLongs(out, len) : Tensor.ofLongs(out, 1).reshape();
    }

    private static Tensor op(OnnxProto.Node n, List<Tensor> in) {
        Tensor x = in.get(0);
        boolean floats = in.stream().anyMatch(t -> t != null && t.dtype() == DType.FLOAT32);
        switch (n.opType()) {
            case "Shape" -> {
                int[] s = x.shape();
                long[] l = new long[s.length];
                for (int i = 0; i < s.length; i++) l[i] = s[i];
                return Tensor.ofLongs(l, l.length);
            }
            case "Identity" -> {
                return x;
            }
            case "Cast" -> {
                if (x.dtype() == DType.FLOAT32 && OnnxAttributes.intAttr(n, "to", 1) == OnnxFields.TensorProto.FLOAT) return x;
            }
            case "MatMul" -> {
                return x.matmul(in.get(1));
            }
            case "Gemm" -> {
                Tensor a = OnnxAttributes.intAttr(n, "transA", 0) != 0 ? x.transpose(0, 1) : x;
                Tensor b = OnnxAttributes.intAttr(n, "transB", 0) != 0 ? in.get(1).transpose(0, 1) : in.get(1);
                if (n.attribute("alpha") != null && n.attribute("alpha").f() != 1f || n.attribute("beta") != null && n.attribute("beta").f() != 1f) {
                    throw new Unsupported("Gemm with alpha or beta other than 1");
                }
                Tensor y = a.matmul(b);
                return in.size() > 2 && in.get(2) != null ? y.add(in.get(2)) : y;
            }
            case "Softmax" -> {
                return x.softmax((int) OnnxAttributes.intAttr(n, "axis", -1));
            }
            case "ReduceMean", "ReduceSum" -> {
                long[] axes = n.attribute("axes") != null ? n.attribute("axes").ints() : in.size() > 1 && in.get(1) != null ? in.get(1).toLongArray() : null;
                if (axes == null) throw new Unsupported(n.opType() + " over every axis");
                int[] a = new int[axes.length];
                for (int i = 0; i < a.length; i++) a[i] = (int) (axes[i] < 0 ? axes[i] + x.dim() : axes[i]);
                boolean keep = OnnxAttributes.intAttr(n, "keepdims", 1) != 0;
                return n.opType().equals("ReduceSum") ? x.sum(a, keep) : x.mean(a, keep);
            }
            default -> {
            }
        }
        if (floats) {
            switch (n.opType()) {
                case "Add" -> {
                    return x.add(in.get(1));
                }
                case "Sub" -> {
                    return x.sub(in.get(1));
                }
                case "Mul" -> {
                    return x.mul(in.get(1));
                }
                case "Div" -> {
                    return x.div(in.get(1));
                }
                case "Transpose" -> {
                    long[] p = n.attribute("perm").ints();
                    int[] perm = new int[p.length];
                    for (int i = 0; i < perm.length; i++) perm[i] = (int) p[i];
                    return x.permute(perm).contiguous();
                }
                case "Reshape" -> {
                    long[] s = in.get(1).toLongArray();
                    int[] shape = new int[s.length];
                    for (int i = 0; i < s.length; i++) shape[i] = s[i] == 0 ? x.size(i) : (int) s[i];
                    return x.contiguous().reshape(shape);
                }
                case "Slice" -> {
                    long[] starts = in.get(1).toLongArray(), ends = in.get(2).toLongArray();
                    long[] axes = in.size() > 3 && in.get(3) != null ? in.get(3).toLongArray() : null;
                    long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongArray() : null;
                    Tensor y = x;
                    for (int i = 0; i < starts.length; i++) {
                        int a = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + x.dim() : axes[i]);
                        if (steps != null && steps[i] != 1) throw new Unsupported("a Slice of floats with step " + steps[i]);
                        long size = x.size(a), from = Math.max(0, Math.min(size, starts[i] < 0 ? starts[i] + size : starts[i]));
                        long to = Math.max(from, Math.min(size, ends[i] < 0 ? ends[i] + size : ends[i]));
                        y = y.narrow(a, (int) from, (int) (to - from));
                    }
                    return y.contiguous();
                }
                default -> throw new Unsupported("the op " + n.opType() + " on floats");
            }
        }
        if (n.opType().equals("Equal") || n.opType().equals("Where")) return select(n, in);
        Tensor folded = OnnxFolding.fold(n, in);
        if (folded == null) throw new Unsupported("the op " + n.opType() + " here");
        return folded;
    }
}
