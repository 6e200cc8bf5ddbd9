package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.decimal;
import static layerlab.io.onnx.OnnxAttributes.floatAttr;
import static layerlab.io.onnx.OnnxAttributes.intAttr;
import static layerlab.io.onnx.OnnxAttributes.stringAttr;
import static layerlab.io.onnx.OnnxAttributes.unsupported;
import static layerlab.io.onnx.OnnxImportState.near;
import static layerlab.io.onnx.OnnxImportState.other;
import static layerlab.io.onnx.OnnxImportState.rank;
import static layerlab.io.onnx.OnnxImportState.timeMajorOut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import layerlab.io.onnx.OnnxImportState.Dim;
import layerlab.io.onnx.OnnxImportState.Gelu;
import layerlab.io.onnx.OnnxImportState.INode;
import layerlab.io.onnx.OnnxImportState.Port;
import layerlab.io.onnx.OnnxImportState.SiluGate;
import layerlab.io.onnx.OnnxImportState.Src;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Ops that are a layer with weights or an activation: Linear, Bilinear, normalisations, activations, Dropout (convolutions and
 * pools are {@link OnnxConvOps}').
 */
final class OnnxLayerOps {
    private final OnnxImportState st;

    OnnxLayerOps(OnnxImportState st) {
        this.st = st;
    }

    void gemm(OnnxProto.Node n) {
        Port x = st.port(n.input(0), n);
        Tensor b = st.weight(n, 1);
        if (intAttr(n, "transA", 0) != 0) throw unsupported(n, "transA=1 (a transposed input) is not a Linear layer");
        Tensor w = intAttr(n, "transB", 0) != 0 ? b : b.t().contiguous();
        float alpha = floatAttr(n, "alpha", 1f), beta = floatAttr(n, "beta", 1f);
        if (alpha != 1) w = w.mul(alpha);
        Tensor bias = n.input(2).isEmpty() ? null : st.consts.get(n.input(2));
        if (!n.input(2).isEmpty() && bias == null) throw unsupported(n, "its C input must be a constant bias");
        if (bias != null && bias.numel() != 1 && (bias.numel() != w.size(0) || bias.size(bias.dim() - 1) != w.size(0))) {
            // A C of [N, out] adds another bias to each sample of a fixed batch: no layer per sample does that.
            throw unsupported(n, "its C " + java.util.Arrays.toString(bias.shape()) + " is not a bias: a Linear layer's is one value per output feature (["
                    + w.size(0) + "] or [1, " + w.size(0) + "]) or one value for all");
        }
        if (bias != null) bias = bias.numel() == 1 ? Tensor.full(bias.toFloatArray()[0] * beta, w.size(0)) : bias.reshape(w.size(0)).mul(beta);
        linear(n, x, w, bias, st.hintOf(n, n.input(1)), n.outputs().get(0));
    }

    void matmul(OnnxProto.Node n) {
        Port x = st.port(n.input(0), n);
        Tensor b = st.weight(n, 1);
        if (b.dim() != 2) throw unsupported(n, "only a product with a constant matrix is a Linear layer");
        Tensor w = b.t().contiguous();
        Bias fusedBias = biasAfter(n, w.size(0));
        linear(n, x, w, fusedBias == null ? null : fusedBias.bias, st.hintOf(n, n.input(1)), fusedBias == null ? n.outputs().get(0) : fusedBias.out);
    }

    private record Bias(Tensor bias, String out) {}

    /** The Add of a constant [out] right after {@code n} (MatMul + Add, Einsum + Add), folded in as the bias. */
    private Bias biasAfter(OnnxProto.Node n, int features) {
        List<OnnxProto.Node> next = st.consumers.getOrDefault(n.outputs().get(0), List.of());
        if (next.size() != 1 || !next.get(0).opType().equals("Add") || st.isOutput(n.outputs().get(0))) return null;
        OnnxProto.Node add = next.get(0);
        String other = add.input(0).equals(n.outputs().get(0)) ? add.input(1) : add.input(0);
        Tensor c = st.consts.get(other);
        if (c == null || c.numel() != features) return null;
        st.fused.add(add);
        return new Bias(c.reshape(features), add.outputs().get(0));
    }

    private void linear(OnnxProto.Node n, Port x, Tensor w, Tensor bias, String hint, String out) {
        INode l = st.add("Linear", hint);
        l.params.put("in_features", w.size(1));
        l.params.put("out_features", w.size(0));
        if (bias == null) l.params.put("bias", false);
        l.inputs.put("in", x);
        l.state.put("weight", w);
        if (bias != null) l.state.put("bias", bias);
        l.ranks.put("out", rank(x));
        st.values.put(out, new Port(l, "out"));
    }

    void einsum(OnnxProto.Node n) {
        String eq = stringAttr(n, "equation", "").replace(" ", "");
        if (!eq.equals("bi,oij,bj->bo") && !eq.equals("...i,oij,...j->...o")) throw unsupported(n, "only the Bilinear form x1ᵀ·W·x2 is understood, got \"" + eq + "\"");
        Port a = st.port(n.input(0), n), b = st.port(n.input(2), n);
        Tensor w = st.weight(n, 1);
        Bias bias = biasAfter(n, w.size(0));
        INode l = st.add("Bilinear", st.hintOf(n, n.input(1)));
        l.params.put("in1_features", w.size(1));
        l.params.put("in2_features", w.size(2));
        l.params.put("out_features", w.size(0));
        if (bias == null) l.params.put("bias", false);
        l.inputs.put("in1", a);
        l.inputs.put("in2", b);
        l.state.put("weight", w);
        if (bias != null) l.state.put("bias", bias.bias);
        l.ranks.put("out", rank(a));
        st.values.put(bias == null ? n.outputs().get(0) : bias.out, new Port(l, "out"));
    }

    void elementwise(OnnxProto.Node n) {
        boolean mul = n.opType().equals("Mul");
        Src a = st.values.get(n.input(0)), b = n.inputs().size() > 1 ? st.values.get(n.input(1)) : null;
        if (mul && a instanceof Dim p && b instanceof Dim q && p.of().equals(q.of()) && (p.axes() & q.axes()) == 0) {
            // Sizes of one tensor multiplied (num_flat_features): their product.
            st.out(n, 0, new Dim(p.of(), p.axes() | q.axes()));
            return;
        }
        if (mul && (a instanceof Dim && near(st.scalar(n.input(1)), 1) || b instanceof Dim && near(st.scalar(n.input(0)), 1))) {
            st.out(n, 0, a instanceof Dim ? a : b); // n = 1; n *= size
            return;
        }
        if (mul && (a instanceof SiluGate s && s.x().equals(b) || b instanceof SiluGate t && t.x().equals(a))) {
            Port x = a instanceof SiluGate s ? s.x() : ((SiluGate) b).x();
            st.layer(n, "SiLU", x, rank(x));
            return;
        }
        // GELU's steps: erf(x/√2) + 1, x · that, then · 0.5.
        if (n.opType().equals("Add") && (a instanceof Gelu g && g.stage() == 2 && near(st.scalar(n.input(1)), 1) || b instanceof Gelu h && h.stage() == 2 && near(st.scalar(n.input(0)), 1))) {
            st.out(n, 0, new Gelu(a instanceof Gelu g ? g.x() : ((Gelu) b).x(), 3));
            return;
        }
        if (mul && a instanceof Gelu g && g.stage() == 3 && g.x().equals(b) || mul && b instanceof Gelu h && h.stage() == 3 && h.x().equals(a)) {
            st.out(n, 0, new Gelu(a instanceof Gelu g ? g.x() : ((Gelu) b).x(), 4));
            return;
        }
        if (mul && (a instanceof Gelu g && g.stage() == 4 && near(st.scalar(n.input(1)), 0.5) || b instanceof Gelu h && h.stage() == 4 && near(st.scalar(n.input(0)), 0.5))) {
            Port x = a instanceof Gelu g ? g.x() : ((Gelu) b).x();
            st.layer(n, "GELU", x, rank(x));
            return;
        }
        if (mul && n.inputs().size() == 2 && st.consts.containsKey(n.input(0)) != st.consts.containsKey(n.input(1))) {
            // ConvNeXt's layer scale, gamma · x: taken into the layer that makes x.
            String c = st.consts.containsKey(n.input(0)) ? n.input(0) : n.input(1), x = c.equals(n.input(0)) ? n.input(1) : n.input(0);
            if (st.values.get(x) instanceof Port p && scaleInto(x, p, st.consts.get(c))) {
                st.out(n, 0, p);
                return;
            }
            throw unsupported(n, "multiplying by the constant \"" + c + "\" is not a LayerLab layer (a scale per channel or feature is taken into "
                    + "the Linear or convolution that makes its input, when nothing else reads that)");
        }
        List<Port> ins = new ArrayList<>();
        for (String v : n.inputs()) {
            if (!mul && n.inputs().size() == 2 && st.consts.containsKey(v) && positionEmbedding(n, v)) return;
            if (st.consts.containsKey(v)) throw unsupported(n, (mul ? "multiplying by" : "adding") + " the constant \"" + v + "\" is not a LayerLab layer");
            ins.add(st.port(v, n));
        }
        if (ins.size() == 1) {
            // ONNX's Sum of one input is that input, as torch.cat([x]) is x.
            st.out(n, 0, ins.get(0));
            return;
        }
        INode op = st.add(mul ? "Multiply" : "Add", n.name());
        if (ins.size() != 2) op.params.put("num_inputs", ins.size());
        int r = 0;
        for (int i = 0; i < ins.size(); i++) {
            op.inputs.put("in" + (i + 1), ins.get(i));
            r = Math.max(r, rank(ins.get(i)));
        }
        op.ranks.put("out", r);
        st.out(n, 0, new Port(op, "out"));
    }

    /**
     * Takes a constant {@code scale} that multiplies the value {@code x} (port {@code p}) into the Linear or convolution
     * that makes it, through the Permutes and Transposes between (ConvNeXt's {@code layer_scale * x} after its block's
     * last Linear and permute back): its weight's rows and bias times the scale, when the scale is one number or varies
     * along one axis only, that axis is the layer's outputs (a Linear's last, a convolution's channels), and nothing else
     * reads the values on the way. False, and nothing changed, otherwise.
     */
    private boolean scaleInto(String x, Port p, Tensor scale) {
        int rank = rank(p);
        if (scale.dim() > rank) return false;
        int axis = -1;
        for (int i = 0; i < scale.dim(); i++) {
            if (scale.size(i) == 1) continue;
            if (axis >= 0) return false;
            axis = rank - scale.dim() + i;
        }
        String value = x;
        INode node = p.node();
        while (true) {
            if (st.consumers.getOrDefault(value, List.of()).size() != 1 || st.isOutput(value) || !p.port().equals("out")) return false;
            if (node.kind.equals("Permute") || node.kind.equals("Transpose")) {
                if (axis >= 0) {
                    // Output axis a of a Permute is its input's axis dims[a]; a Transpose swaps two.
                    if (node.kind.equals("Permute")) axis = (Integer) ((List<?>) node.params.get("dims")).get(axis);
                    else {
                        int d0 = (Integer) node.params.get("dim0"), d1 = (Integer) node.params.get("dim1");
                        axis = axis == d0 ? d1 : axis == d1 ? d0 : axis;
                    }
                }
                OnnxProto.Node made = st.producerOf.get(value);
                if (made == null) return false;
                value = made.input(0);
                p = node.inputs.get("in");
                node = p.node();
                continue;
            }
            boolean linear = node.kind.equals("Linear"), conv = node.kind.matches("Conv[123]d");
            int r = node.ranks.getOrDefault("out", -1);
            if (!linear && !conv || axis >= 0 && axis != (linear ? r - 1 : 1)) return false;
            Tensor w = node.state.get("weight"), b = node.state.get("bias");
            float[] g = scale.contiguous().toFloatArray();
            int outs = w.size(0);
            if (g.length != 1 && g.length != outs) return false;
            int[] perRow = new int[w.dim()];
            java.util.Arrays.fill(perRow, 1);
            perRow[0] = g.length;
            Tensor gw = Tensor.of(g, perRow);
            node.state.put("weight", w.mul(gw));
            if (b != null) node.state.put("bias", b.mul(Tensor.of(g, g.length)));
            return true;
        }
    }

    /**
     * {@code x + pos_embedding}, a float constant {@code [1, L, D]} (or {@code [L, D]}) added to a sequence {@code x [N, L, D]}:
     * a Vision Transformer's learned positions (torchvision's {@code Encoder.pos_embedding}), a PositionEmbedding layer with the
     * constant its weights.
     */
    private boolean positionEmbedding(OnnxProto.Node n, String c) {
        String other = n.input(0).equals(c) ? n.input(1) : n.input(0);
        Tensor t = st.consts.get(c);
        if (!(st.values.get(other) instanceof Port x) || rank(x) != 3 || t.dtype() != DType.FLOAT32) return false;
        int[] sizes = st.sampleDims(x);
        if (sizes == null || !(t.dim() == 3 && t.size(0) == 1 && t.size(1) == sizes[0] && t.size(2) == sizes[1]
                || t.dim() == 2 && t.size(0) == sizes[0] && t.size(1) == sizes[1])) return false;
        INode l = st.add("PositionEmbedding", st.hintOf(n, c));
        l.params.put("num_positions", sizes[0]);
        l.params.put("embed_dim", sizes[1]);
        l.state.put("pos_embedding", t.dim() == 3 ? t : t.reshape(1, sizes[0], sizes[1]));
        l.inputs.put("in", x);
        l.ranks.put("out", 3);
        st.out(n, 0, new Port(l, "out"));
        return true;
    }

    void reduceMean(OnnxProto.Node n) {
        long[] axes = st.axes(n);
        Port seq = timeMajorOut(st.values.get(n.input(0)));
        if (seq != null && intAttr(n, "keepdims", 1) == 0 && axes != null && axes.length == 1 && axes[0] == 0) {
            st.layer(n, "MeanOverTime", seq, 2, "batch_first", true);
            return;
        }
        Port p = st.port(n.input(0), n);
        if (axes != null && rank(p) == 4 && axes.length == 2 && Math.floorMod(Math.min(axes[0], axes[1]), 4) == 2
                && Math.floorMod(Math.max(axes[0], axes[1]), 4) == 3 && axes[0] != axes[1]) {
            // x.mean((2, 3)): global average pooling, then (keepdims 0) the two size-1 dims flattened away.
            boolean keep = intAttr(n, "keepdims", 1) != 0;
            INode pool = st.add("AdaptiveAvgPool2d", n.name());
            pool.params.put("output_size", 1);
            pool.inputs.put("in", p);
            pool.ranks.put("out", 4);
            if (keep) {
                st.out(n, 0, new Port(pool, "out"));
                return;
            }
            st.layer(n, "Flatten", new Port(pool, "out"), 2, "start_dim", 1, "end_dim", -1);
            return;
        }
        if (intAttr(n, "keepdims", 1) != 0 || axes == null || axes.length != 1 || rank(p) != 3 || (axes[0] != 1 && axes[0] != 0)) {
            throw unsupported(n, "only a mean over the time axis of a sequence (axes [1] or [0], keepdims 0: MeanOverTime) or over "
                    + "an image's height and width (axes [2, 3]: AdaptiveAvgPool2d(1)) is a layer");
        }
        st.layer(n, "MeanOverTime", p, 2, "batch_first", axes[0] == 1);
    }

    /** What the import says of a BatchNorm whose ONNX momentum is 1.0. */
    static final String MOMENTUM_ONE = "ONNX momentum 1.0, which torch.onnx.export writes for PyTorch's momentum=0 and momentum=None "
            + "alike, imported as momentum 0: training keeps the running statistics the file has (fine-tuning on new data); "
            + "set momentum (0.1, PyTorch's default, or None) for them to follow the new batches";

    void batchNorm(OnnxProto.Node n) {
        Port x = st.port(n.input(0), n);
        if (intAttr(n, "training_mode", 0) != 0) throw unsupported(n, "training_mode=1; LayerLab imports the inference form");
        st.unusedBeyond(n, 1);
        int r = rank(x);
        if (r < 2 || r > 4) throw unsupported(n, "LayerLab has BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]), not rank " + r);
        // Opsets 7 and 8 say spatial=0 for statistics per element of [C, …] rather than per channel: on [N, C] the same
        // thing, otherwise no LayerLab layer (its scale would be read as num_features = C·H·W).
        if (intAttr(n, "spatial", 1) == 0 && r > 2) {
            throw unsupported(n, "spatial=0 (opset 7–8) normalises each element of its [C, …] input on its own; LayerLab's BatchNorm1d/2d "
                    + "normalise per channel (spatial=1)");
        }
        Tensor scale = st.weight(n, 1);
        if (scale.dim() != 1) throw unsupported(n, "its scale has shape " + scale.shapeString() + "; LayerLab's BatchNorm takes one per channel, [C]");
        INode b = st.add(r == 4 ? "BatchNorm2d" : "BatchNorm1d", st.hintOf(n, n.input(1)));
        b.params.put("num_features", scale.numel());
        b.params.put("eps", decimal(floatAttr(n, "epsilon", 1e-5f)));
        double momentum = 1 - floatAttr(n, "momentum", 0.9f);
        if (Math.abs(momentum - 0.1) > 1e-6) b.params.put("momentum", Math.max(0, Math.min(1, Math.round(momentum * 1e6) / 1e6)));
        // torch.onnx.export writes 1 − momentum, and 1 for momentum=None as well (the eval-mode factor it reads is 0 then):
        // the file cannot say which. Frozen statistics (0) keep the file's running mean and variance while fine-tuning,
        // where None would restart its average from the first batch, the count of batches seen not being in the file.
        if (Math.abs(momentum) <= 1e-6) st.note(b, MOMENTUM_ONE);
        b.state.put("weight", scale);
        b.state.put("bias", st.weight(n, 2));
        b.state.put("running_mean", st.weight(n, 3));
        b.state.put("running_var", st.weight(n, 4));
        b.inputs.put("in", x);
        b.ranks.put("out", r);
        st.out(n, 0, new Port(b, "out"));
    }

    void layerNorm(OnnxProto.Node n) {
        Port x = st.port(n.input(0), n);
        st.unusedBeyond(n, 1);
        Tensor scale = st.weight(n, 1);
        long axis = intAttr(n, "axis", -1);
        int r = rank(x);
        if (axis >= 0) axis -= r;
        if (axis <= -r) throw unsupported(n, "axis " + intAttr(n, "axis", -1) + " normalizes across the batch too; a LayerNorm normalizes each sample on its own");
        if (axis != -scale.dim()) throw unsupported(n, "its scale's shape does not match the normalised dims (axis " + axis + ")");
        layerNorm(n, st.hintOf(n, n.input(1)), x, scale, n.input(2).isEmpty() ? Tensor.zeros(scale.shape()) : st.weight(n, 2), floatAttr(n, "epsilon", 1e-5f));
    }

    /** A LayerNorm over the last dims, the scale's shape, as {@code n}'s output: the LayerNormalization op, or its ops. */
    void layerNorm(OnnxProto.Node n, String hint, Port x, Tensor scale, Tensor bias, float eps) {
        INode l = st.add("LayerNorm", hint);
        List<Integer> shape = new ArrayList<>();
        for (int s : scale.shape()) shape.add(s);
        l.params.put("normalized_shape", shape);
        l.params.put("eps", decimal(eps));
        l.state.put("weight", scale);
        l.state.put("bias", bias);
        l.inputs.put("in", x);
        l.ranks.put("out", rank(x));
        st.out(n, 0, new Port(l, "out"));
    }

    /** x/√2, GELU's first step in its erf form: any other Div is refused. */
    void geluDiv(OnnxProto.Node n) {
        Float c = st.scalar(n.input(1));
        if (c == null || Math.abs(c - Math.sqrt(2)) > 1e-4) throw unsupported(n, "only x/√2 (a step of GELU) is understood");
        st.out(n, 0, new Gelu(st.port(n.input(0), n), 1));
    }

    /** erf(x/√2), GELU's second step: any other Erf is refused. */
    void geluErf(OnnxProto.Node n) {
        if (!(st.values.get(n.input(0)) instanceof Gelu g && g.stage() == 1)) throw unsupported(n, "only erf(x/√2) (a step of GELU) is understood");
        st.out(n, 0, new Gelu(g.x(), 2));
    }

    void activation(OnnxProto.Node n, String kind, Object... kv) {
        Port x = st.port(n.input(0), n);
        st.layer(n, kind, x, rank(x), kv);
    }

    void sigmoid(OnnxProto.Node n) {
        List<OnnxProto.Node> readers = st.consumers.getOrDefault(n.outputs().get(0), List.of());
        boolean silu = readers.size() == 1 && readers.get(0).opType().equals("Mul") && !st.isOutput(n.outputs().get(0))
                && readers.get(0).inputs().size() == 2 && readers.get(0).inputs().contains(n.input(0));
        if (silu) st.out(n, 0, new SiluGate(st.port(n.input(0), n)));
        else activation(n, "Sigmoid");
    }

    void hardSigmoid(OnnxProto.Node n) {
        float alpha = floatAttr(n, "alpha", 0.2f), beta = floatAttr(n, "beta", 0.5f);
        if (Math.abs(alpha - 1 / 6f) > 1e-6 || beta != 0.5f) {
            throw unsupported(n, "only PyTorch's Hardsigmoid (alpha 1/6, beta 0.5) is a LayerLab layer, not alpha " + alpha + ", beta " + beta);
        }
        activation(n, "Hardsigmoid");
    }

    /**
     * {@code Clip(x, min, max)}, bounds as constant inputs (opset 11 on) or attributes (before): ReLU6 from 0 to 6 (MobileNet's
     * {@code nn.ReLU6}, which torch.onnx.export writes so), ReLU for a lower bound of 0 alone, Hardtanh for any other two.
     */
    void clip(OnnxProto.Node n) {
        Float lo, hi;
        if (n.inputs().size() > 1 || n.attribute("min") == null && n.attribute("max") == null) {
            String min = n.inputs().size() > 1 ? n.input(1) : "", max = n.inputs().size() > 2 ? n.input(2) : "";
            lo = min.isEmpty() ? null : st.scalar(min);
            hi = max.isEmpty() ? null : st.scalar(max);
            if (!min.isEmpty() && lo == null || !max.isEmpty() && hi == null) throw unsupported(n, "only bounds that are constants are understood");
        } else {
            lo = n.attribute("min") == null ? null : n.attribute("min").f();
            hi = n.attribute("max") == null ? null : n.attribute("max").f();
        }
        if (lo != null && hi != null && lo == 0f && hi == 6f) activation(n, "ReLU6");
        else if (lo != null && hi != null) activation(n, "Hardtanh", "min_val", decimal(lo), "max_val", decimal(hi));
        else if (lo != null && lo == 0f) activation(n, "ReLU");
        else throw unsupported(n, "only a clip to two bounds (Hardtanh, ReLU6) or at 0 from below (ReLU) is understood, not [" + lo + ", " + hi + "]");
    }

    void softmax(OnnxProto.Node n) {
        // Before opset 13 the op sees its input as 2-D, [dims before axis, dims from axis on], and normalises over all
        // of the latter at once (axis 1 by default): the same as a layer's dim only when axis is the last dim.
        boolean flattening = st.opset > 0 && st.opset < 13;
        long axis = intAttr(n, "axis", flattening ? 1 : -1);
        Port x = st.port(n.input(0), n);
        int r = rank(x);
        if (flattening && Math.floorMod(axis, r) != r - 1) {
            throw unsupported(n, "in opset " + st.opset + " it normalises over every dim from axis " + axis + " of its rank-" + r
                    + " input at once, which no layer does (Softmax's dim is one dim); export with opset 13 or later");
        }
        st.layer(n, n.opType(), x, r, "dim", (int) axis);
    }

    void dropout(OnnxProto.Node n) {
        Port p = st.port(n.input(0), n);
        if (!n.input(2).isEmpty() && (st.scalar(n.input(2)) == null || st.scalar(n.input(2)) != 0)) throw unsupported(n, "only inference Dropout (training_mode false) is understood");
        // The ratio is an attribute before opset 12, an input from then on.
        Float ratio = n.attribute("ratio") != null ? Float.valueOf(floatAttr(n, "ratio", 0.5f))
                : n.input(1).isEmpty() ? Float.valueOf(0.5f) : st.scalar(n.input(1));
        if (ratio == null) throw unsupported(n, "its ratio must be a constant");
        st.unusedBeyond(n, 1);
        st.layer(n, "Dropout", p, rank(p), "p", decimal(ratio));
    }
}
