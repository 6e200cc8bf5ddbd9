package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.intAttr;
import static layerlab.io.onnx.OnnxAttributes.unsupported;
import static layerlab.io.onnx.OnnxImportState.near;
import static layerlab.io.onnx.OnnxImportState.other;
import static layerlab.io.onnx.OnnxImportState.rank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.autograd.Autograd;
import layerlab.graph.spec.Registry;
import layerlab.io.onnx.OnnxImportState.INode;
import layerlab.io.onnx.OnnxImportState.Port;
import layerlab.nn.MultiheadAttention;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * Layers written out in several ops, found before the ops are read one by one: GELU's tanh form, LayerNorm before opset 17,
 * LayerLab's composite layers and padding masks ({@link MaskedOps}), and nn.MultiheadAttention. Their ops are taken out
 * ({@link OnnxImportState#fused}), and the last one becomes the layer.
 */
final class OnnxPatterns {
    private final OnnxImportState st;

    /** The last op of each tanh-form GELU found, and the value that GELU reads. */
    final Map<OnnxProto.Node, String> tanhGelus = new HashMap<>();

    /** The last op of each LayerNorm written out in ops (opsets before 17), and what it becomes. */
    final Map<OnnxProto.Node, DecomposedNorm> layerNorms = new HashMap<>();

    /** The last op of each Lengths node and masked LastStep or MeanOverTime as LayerLab's export writes them ({@link MaskedOps}). */
    final Map<OnnxProto.Node, MaskedOps.Match> maskedAt = new HashMap<>();

    record DecomposedNorm(String x, Tensor weight, Tensor bias, float eps, String name) {}

    /** The last op of each nn.MultiheadAttention module torch.onnx.export wrote out in ops, and the layer it is. */
    final Map<OnnxProto.Node, TorchAttention> torchAttentionAt = new HashMap<>();

    /** Modules that looked like nn.MultiheadAttention but were not read as one, and why (said with the op refused there). */
    final Map<String, String> notAttention = new LinkedHashMap<>();

    record TorchAttention(String scope, List<OnnxProto.Node> ops, String query, Map<String, String> outputs, Map<String, Tensor> state) {}

    /** The metadata's composite layers (JSON), or null. */
    String composites;

    /** The last op of each composite layer found ({@link OnnxEmitter#composite}), and the layer. */
    final Map<OnnxProto.Node, Composite> compositeAt = new HashMap<>();

    record Composite(String name, String kind, Map<String, Object> params, Map<String, String> inputs, Map<String, String> outputs,
                             Map<String, Integer> ranks) {}

    private final OnnxLayerOps layers;

    OnnxPatterns(OnnxImportState st, OnnxLayerOps layers) {
        this.st = st;
        this.layers = layers;
    }

    /** Finds every pattern before any op is read, in this order: the later ones take what the earlier left. */
    void findAll() {
        findTanhGelus();
        findLayerNorms();
        findComposites();
        findTorchPoolIndices();
        findMasked();
        findTorchAttentions();
    }

    /** Reads {@code n} when it is the last op of a pattern found; false when it is not one. */
    boolean convertFound(OnnxProto.Node n) {
        if (torchAttentionAt.containsKey(n)) {
            torchAttention(n, torchAttentionAt.get(n));
        } else if (compositeAt.containsKey(n)) {
            composite(n, compositeAt.get(n));
        } else if (maskedAt.containsKey(n)) {
            masked(n, maskedAt.get(n));
        } else if (layerNorms.containsKey(n)) {
            DecomposedNorm d = layerNorms.get(n);
            layers.layerNorm(n, d.name(), st.port(d.x(), n), d.weight(), d.bias(), d.eps());
        } else if (tanhGelus.containsKey(n)) {
            Port x = st.port(tanhGelus.get(n), n);
            st.layer(n, "GELU", x, rank(x), "approximate", "tanh");
        } else {
            return false;
        }
        return true;
    }

    /**
     * Finds GELU's tanh form, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), around each Tanh, as torch.onnx.export writes
     * it (x³ as Mul(x, Mul(x, x)), the 0.5 last) and as {@link layerlab.graph.spec.ActivationSpecs} does (Pow, x·0.5 first),
     * the operands of each Mul and Add in either order: its ops are taken out, and its last one becomes the layer.
     */
    void findTanhGelus() {
        for (OnnxProto.Node tanh : st.graph.nodes()) {
            if (!tanh.opType().equals("Tanh") || st.fused.contains(tanh)) continue;
            List<OnnxProto.Node> ops = new ArrayList<>(List.of(tanh));
            // Backwards: arg = c·inner, inner = x + 0.044715·cube, cube = x³.
            String inner = byConstant(st.producerOf.get(tanh.input(0)), "Mul", Math.sqrt(2 / Math.PI), ops);
            OnnxProto.Node add = inner == null ? null : st.producerOf.get(inner);
            if (add == null || !add.opType().equals("Add") || add.inputs().size() != 2) continue;
            String x = null;
            for (int k = 0; k < 2 && x == null; k++) {
                List<OnnxProto.Node> tried = new ArrayList<>();
                String cube = byConstant(st.producerOf.get(add.input(1 - k)), "Mul", 0.044715, tried);
                if (cube != null && cubeOf(st.producerOf.get(cube), add.input(k), tried)) {
                    x = add.input(k);
                    ops.addAll(tried);
                }
            }
            if (x == null) continue;
            ops.add(add);
            // Forwards: plus = tanh + 1, then x·plus·0.5 in either grouping.
            OnnxProto.Node plus = st.onlyReader(tanh.outputs().get(0));
            if (plus == null || !plus.opType().equals("Add") || !near(st.scalar(other(plus, tanh.outputs().get(0))), 1)) continue;
            ops.add(plus);
            OnnxProto.Node mul = st.onlyReader(plus.outputs().get(0)), last;
            if (mul == null || !mul.opType().equals("Mul")) continue;
            String with = other(mul, plus.outputs().get(0));
            if (with.equals(x)) {
                last = st.onlyReader(mul.outputs().get(0));
                if (last == null || !last.opType().equals("Mul") || !near(st.scalar(other(last, mul.outputs().get(0))), 0.5)) continue;
                ops.add(mul);
            } else {
                OnnxProto.Node half = st.producerOf.get(with);
                if (half == null || !half.opType().equals("Mul") || !x.equals(half.input(0)) && !x.equals(half.input(1))
                        || !near(st.scalar(other(half, x)), 0.5) || st.onlyReader(with) != mul) continue;
                ops.add(half);
                last = mul;
            }
            boolean inside = true;
            for (OnnxProto.Node o : ops) for (String v : o.outputs()) inside &= !st.isOutput(v);
            if (!inside) continue;
            st.fused.addAll(ops);
            tanhGelus.put(last, x);
        }
    }

    /**
     * Finds LayerNorm as opsets before 17 write it (PyTorch's default opset is 14): mean = ReduceMean(x), d = x − mean,
     * d / √(ReduceMean(d²) + eps) · weight + bias over the last dims, the weight's shape. Its ops are taken out, and
     * its last one becomes the layer. Without weight and bias the normalised sizes are not written anywhere: that form
     * stays unread, and the message for its Sqrt says to export with opset 17.
     */
    void findLayerNorms() {
        for (OnnxProto.Node sqrt : st.graph.nodes()) {
            if (!sqrt.opType().equals("Sqrt") || st.fused.contains(sqrt)) continue;
            List<OnnxProto.Node> ops = new ArrayList<>(List.of(sqrt));
            OnnxProto.Node add = st.producerOf.get(sqrt.input(0));
            if (add == null || !add.opType().equals("Add") || st.onlyReader(add.outputs().get(0)) != sqrt) continue;
            String varName = st.scalar(add.input(1)) != null ? add.input(0) : add.input(1);
            Float eps = st.scalar(other(add, varName));
            OnnxProto.Node var = st.producerOf.get(varName);
            if (eps == null || var == null || !var.opType().equals("ReduceMean") || st.onlyReader(varName) != add) continue;
            OnnxProto.Node pow = st.producerOf.get(var.input(0));
            if (pow == null || !pow.opType().equals("Pow") || !near(st.scalar(pow.input(1)), 2) || st.onlyReader(pow.outputs().get(0)) != var) continue;
            String d = pow.input(0);
            OnnxProto.Node sub = st.producerOf.get(d), div = st.onlyReader(sqrt.outputs().get(0));
            if (sub == null || !sub.opType().equals("Sub") || div == null || !div.opType().equals("Div") || !div.input(0).equals(d)
                    || st.consumers.getOrDefault(d, List.of()).size() != 2 || st.isOutput(d)) continue;
            String x = sub.input(0);
            OnnxProto.Node mean = st.producerOf.get(sub.input(1));
            if (mean == null || !mean.opType().equals("ReduceMean") || !mean.input(0).equals(x) || st.onlyReader(mean.outputs().get(0)) != sub) continue;
            long[] axes = st.axes(mean), varAxes = st.axes(var);
            if (axes == null || !Arrays.equals(axes, varAxes) || intAttr(mean, "keepdims", 1) == 0 || intAttr(var, "keepdims", 1) == 0) continue;
            OnnxProto.Node mul = st.onlyReader(div.outputs().get(0));
            Tensor w = mul == null || !mul.opType().equals("Mul") ? null : st.consts.get(other(mul, div.outputs().get(0)));
            OnnxProto.Node plus = w == null ? null : st.onlyReader(mul.outputs().get(0));
            Tensor b = plus == null || !plus.opType().equals("Add") ? null : st.consts.get(other(plus, mul.outputs().get(0)));
            if (b == null || !Arrays.equals(w.shape(), b.shape()) || w.dim() != axes.length) continue;
            // The axes are the last w.dim() ones: negative -k … -1 (positive ones need the rank, read when converting).
            boolean last = true;
            for (int i = 0; i < axes.length; i++) last &= axes[i] == i - axes.length;
            if (!last) continue;
            ops.addAll(List.of(add, var, pow, sub, mean, div, mul));
            st.fused.addAll(ops);
            layerNorms.put(plus, new DecomposedNorm(x, w, b, eps, st.hintOf(mul, other(mul, div.outputs().get(0)))));
        }
    }

    /** The operand of {@code n} (an {@code op} by the constant {@code c}, in either order, read only there), after noting {@code n}; else null. */
    private String byConstant(OnnxProto.Node n, String op, double c, List<OnnxProto.Node> ops) {
        if (n == null || !n.opType().equals(op) || n.inputs().size() != 2 || st.onlyReader(n.outputs().get(0)) == null) return null;
        for (int k = 0; k < 2; k++) {
            Float v = st.scalar(n.input(k));
            if (v != null && Math.abs(v - c) < 1e-5 * Math.max(1, Math.abs(c))) {
                ops.add(n);
                return n.input(1 - k);
            }
        }
        return null;
    }

    /** Whether {@code n} makes x³ (Pow(x, 3), or x·(x·x) in any order), noting its ops. */
    private boolean cubeOf(OnnxProto.Node n, String x, List<OnnxProto.Node> ops) {
        if (n == null || st.onlyReader(n.outputs().get(0)) == null) return false;
        if (n.opType().equals("Pow") && n.input(0).equals(x) && near(st.scalar(n.input(1)), 3)) return ops.add(n);
        if (!n.opType().equals("Mul") || n.inputs().size() != 2) return false;
        String sq = n.input(0).equals(x) ? n.input(1) : n.input(1).equals(x) ? n.input(0) : null;
        if (sq == null) return false;
        OnnxProto.Node m = st.producerOf.get(sq);
        if (m == null || !m.opType().equals("Mul") || !m.input(0).equals(x) || !m.input(1).equals(x) || st.onlyReader(sq) != n) return false;
        ops.add(m);
        return ops.add(n);
    }

    /**
     * The layers LayerLab wrote as several ops (its metadata's {@link OnnxExporter#COMPOSITES}: a MultiheadAttention) whose
     * ops are all still there as written: named after the layer ({@code attn}, {@code attn/MatMul}, …), reading nothing
     * made by another layer's ops but the layer's inputs, and writing its outputs. Their ops are taken out and the last one
     * becomes the layer. An entry that does not fit (the file was changed since) is passed over: its ops then import as
     * ops, or are refused naming them.
     */
    void findComposites() {
        if (composites == null) return;
        ObjectMapper json = new ObjectMapper();
        JsonNode list;
        try {
            list = json.readTree(composites);
        } catch (JsonProcessingException e) {
            return;
        }
        if (list == null || !list.isArray()) return;
        for (JsonNode entry : list) {
            Composite c;
            try {
                c = new Composite(entry.get("name").asText(), entry.get("kind").asText(), json.convertValue(entry.get("params"), new TypeReference<>() {}),
                        json.convertValue(entry.get("inputs"), new TypeReference<>() {}), json.convertValue(entry.get("outputs"), new TypeReference<>() {}),
                        json.convertValue(entry.get("ranks"), new TypeReference<>() {}));
            } catch (RuntimeException e) {
                continue;
            }
            if (Registry.find(c.kind()) == null || c.outputs() == null || c.inputs() == null || c.params() == null || c.ranks() == null) continue;
            List<OnnxProto.Node> ops = st.graph.nodes().stream().filter(n -> n.name().equals(c.name()) || n.name().startsWith(c.name() + "/")).toList();
            Set<OnnxProto.Node> own = new HashSet<>(ops);
            if (ops.isEmpty() || ops.stream().anyMatch(st.fused::contains)) continue;
            Set<String> made = new HashSet<>();
            for (OnnxProto.Node op : ops) made.addAll(op.outputs());
            boolean fits = c.outputs().values().stream().allMatch(made::contains);
            // What the ops read from outside: the layer's inputs and constants only.
            for (OnnxProto.Node op : ops) {
                for (String v : op.inputs()) {
                    if (!v.isEmpty() && !made.contains(v) && !st.consts.containsKey(v) && !c.inputs().containsValue(v)) fits = false;
                }
            }
            // What other ops read of theirs: the layer's outputs only.
            for (String v : made) {
                for (OnnxProto.Node reader : st.consumers.getOrDefault(v, List.of())) if (!own.contains(reader) && !c.outputs().containsValue(v)) fits = false;
                if (st.isOutput(v) && !c.outputs().containsValue(v)) fits = false;
            }
            if (!fits) continue;
            for (OnnxProto.Node op : ops) st.fused.add(op);
            OnnxProto.Node last = ops.get(ops.size() - 1);
            st.fused.remove(last);
            compositeAt.put(last, c);
        }
    }

    /**
     * Finds torch.onnx.export's MaxPool1d/2d with return_indices: the pool's Indices (numbered over the whole tensor) less
     * each plane's start, {@code Sub(indices, Slice(MaxPool(x, kernel 1).Indices, 0, 1, spatial axes))}. The kernel-1 pool,
     * the Slice and the Sub are taken out, and the pool becomes the layer with return_indices, its indices the Sub's output.
     */
    void findTorchPoolIndices() {
        for (OnnxProto.Node pool : st.graph.nodes()) {
            if (!pool.opType().equals("MaxPool") || st.fused.contains(pool) || pool.outputs().size() < 2 || pool.outputs().get(1).isEmpty()) continue;
            OnnxProto.Node sub = st.onlyReader(pool.outputs().get(1));
            if (sub == null || !sub.opType().equals("Sub") || !sub.input(0).equals(pool.outputs().get(1))) continue;
            OnnxProto.Node slice = st.producerOf.get(sub.input(1));
            if (slice == null || !slice.opType().equals("Slice") || slice.inputs().size() < 4 || st.onlyReader(slice.outputs().get(0)) != sub) continue;
            OnnxProto.Node every = st.producerOf.get(slice.input(0));
            if (every == null || !every.opType().equals("MaxPool") || !every.input(0).equals(pool.input(0)) || every.outputs().size() < 2
                    || !slice.input(0).equals(every.outputs().get(1)) || st.onlyReader(every.outputs().get(1)) != slice
                    || !every.outputs().get(0).isEmpty() && (st.consumers.containsKey(every.outputs().get(0)) || st.isOutput(every.outputs().get(0)))) continue;
            int d = pool.attribute("kernel_shape") == null ? 0 : pool.attribute("kernel_shape").ints().length;
            long[] ones = new long[d], zeros = new long[d], axes = new long[d];
            for (int i = 0; i < d; i++) {
                ones[i] = 1;
                axes[i] = 2 + i;
            }
            boolean kernelOne = every.attribute("kernel_shape") != null && Arrays.equals(every.attribute("kernel_shape").ints(), ones)
                    && (every.attribute("strides") == null || Arrays.equals(every.attribute("strides").ints(), ones))
                    && (every.attribute("pads") == null || Arrays.stream(every.attribute("pads").ints()).allMatch(v -> v == 0))
                    && (every.attribute("dilations") == null || Arrays.equals(every.attribute("dilations").ints(), ones));
            if (d == 0 || !kernelOne || !Arrays.equals(st.longs(slice.input(1)), zeros) || !Arrays.equals(st.longs(slice.input(2)), ones)
                    || !Arrays.equals(st.longs(slice.input(3)), axes) || slice.inputs().size() > 4 && !Arrays.equals(st.longs(slice.input(4)), ones)) continue;
            st.fused.addAll(List.of(every, slice, sub));
            st.poolIndices.put(pool, sub.outputs().get(0));
        }
    }

    /** Finds the ops of each Lengths node and masked LastStep or MeanOverTime ({@link MaskedOps}): they are taken out, and the last one becomes the layer. */
    void findMasked() {
        for (MaskedOps.Match m : new MaskedOps(st.graph.nodes(), st.producerOf, st.consumers, st.consts, st::isOutput).find()) {
            if (m.ops().stream().anyMatch(st.fused::contains)) continue;
            st.fused.addAll(m.ops().subList(0, m.ops().size() - 1));
            maskedAt.put(m.last(), m);
        }
    }

    /** A layer {@link #findMasked} found; a mask's steps must be the sequence's. */
    void masked(OnnxProto.Node at, MaskedOps.Match m) {
        INode l = st.add(m.kind(), m.hint());
        l.params.putAll(m.params());
        for (var in : m.inputs().entrySet()) l.inputs.put(in.getKey(), st.port(in.getValue(), at));
        Port x = l.inputs.get("in");
        if (m.steps() > 0) {
            int[] dims = Boolean.TRUE.equals(m.params().get("batch_first")) ? st.sampleDims(x) : null;
            if (rank(x) != 3 || dims != null && dims[0] != m.steps()) {
                throw unsupported(at, "its mask has " + m.steps() + " steps, which its sequence does not");
            }
            if (rank(l.inputs.get("lengths")) != 1) throw unsupported(at, "its lengths are not one per sample");
        }
        l.ranks.put("out", m.rank());
        st.out(at, 0, new Port(l, "out"));
    }

    /** A composite layer ({@link #findComposites}): its settings, inputs, outputs, and its weights, the initializers {@code <name>.<param>}. */
    void composite(OnnxProto.Node at, Composite c) {
        INode l = st.add(c.kind(), c.name());
        l.params.putAll(c.params());
        c.inputs().forEach((p, v) -> {
            if (v != null) l.inputs.put(p, st.port(v, at));
        });
        String prefix = c.name() + ".";
        for (Map.Entry<String, Tensor> e : st.consts.entrySet()) {
            if (e.getKey().startsWith(prefix)) l.state.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        l.ranks.putAll(c.ranks());
        c.outputs().forEach((p, v) -> st.values.put(v, new Port(l, p)));
    }

    /**
     * Finds each nn.MultiheadAttention module as torch.onnx.export writes it: time-major ops named under the module
     * ({@code /encoder/layers.0/self_attn/MatMul}) around a Softmax, the batch and the heads in one dim, which no layer per
     * sample stands for. Self-attention (one input: query, key and value the same) with the packed in-projection
     * (in_proj_weight, or its transpose under another name) and out_proj is taken as one MultiheadAttention layer, with
     * the head count and causal mask under which that layer computes what the ops compute: checked when the layer is
     * made ({@link #torchAttention}), on a random input, against the ops run as written ({@link OnnxEval}).
     */
    void findTorchAttentions() {
        Set<String> seen = new HashSet<>();
        for (OnnxProto.Node soft : st.graph.nodes()) {
            if (!soft.opType().equals("Softmax") || st.fused.contains(soft) || soft.name().lastIndexOf('/') <= 0) continue;
            String scope = soft.name().substring(0, soft.name().lastIndexOf('/'));
            if (!seen.add(scope)) continue;
            List<OnnxProto.Node> ops = new ArrayList<>();
            Set<String> made = new HashSet<>();
            for (OnnxProto.Node n : st.graph.nodes()) {
                if (!n.name().startsWith(scope + "/") || n.opType().equals("Constant")) continue;
                ops.add(n);
                made.addAll(n.outputs());
            }
            String module = "PyTorch's module " + scope.substring(1).replaceAll("^.*/", "");
            Tensor outW = null, outB = null, inW = null, inWt = null, inB = null;
            for (OnnxProto.Node n : ops) {
                for (String v : n.inputs()) {
                    String from = st.origin.getOrDefault(v, v);
                    Tensor c = st.consts.get(v);
                    if (c == null || c.dtype() != DType.FLOAT32) continue;
                    if (from.endsWith("out_proj.weight")) outW = c;
                    else if (from.endsWith("out_proj.bias")) outB = c;
                    else if (from.endsWith("in_proj_weight")) inW = c;
                    else if (from.endsWith("in_proj_bias")) inB = c;
                    else if (n.opType().equals("MatMul") && v.equals(n.input(1)) && c.dim() == 2) inWt = c;
                }
            }
            if (outW == null || outW.dim() != 2) continue; // not an attention module
            int e = outW.size(0);
            if (inW == null && inWt != null && inWt.size(0) == e && inWt.size(1) == 3 * e) inW = inWt.transpose(0, 1).contiguous();
            List<String> external = new ArrayList<>();
            for (OnnxProto.Node n : ops) {
                for (String v : n.inputs()) if (!v.isEmpty() && !made.contains(v) && !st.consts.containsKey(v) && !external.contains(v)) external.add(v);
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            for (OnnxProto.Node n : ops) {
                for (String v : n.outputs()) {
                    boolean read = st.isOutput(v) || st.consumers.getOrDefault(v, List.of()).stream().anyMatch(r -> !ops.contains(r));
                    if (read) outputs.put(v, null);
                }
            }
            String why = null;
            if (external.size() != 1) why = module + ", an nn.MultiheadAttention of " + external.size() + " different inputs; LayerLab reads torch.onnx.export's "
                    + "attention as a layer only where query, key and value are one tensor (self-attention)";
            else if (inW == null || inW.size(0) != 3 * e || inW.size(1) != e || outW.size(1) != e) why = module + ", an nn.MultiheadAttention whose projections "
                    + "are not the packed in_proj_weight [" + 3 * e + ", " + e + "] and out_proj LayerLab's layer has";
            else if (outputs.isEmpty() || outputs.size() > 2) why = module + ", whose ops give " + outputs.size() + " values to the rest of the model (an attention gives its output and perhaps its weights)";
            if (why != null) {
                notAttention.put(scope, why);
                continue;
            }
            OnnxProto.Node last = ops.get(ops.size() - 1);
            // What reads the module's results must come after its last op, where the layer is made.
            int at = st.graph.nodes().indexOf(last);
            boolean inOrder = true;
            for (String v : outputs.keySet()) {
                for (OnnxProto.Node r : st.consumers.getOrDefault(v, List.of())) inOrder &= ops.contains(r) || st.graph.nodes().indexOf(r) > at;
            }
            if (!inOrder) {
                notAttention.put(scope, module + ", whose results are read between its ops");
                continue;
            }
            Map<String, Tensor> state = new LinkedHashMap<>();
            state.put("in_proj_weight", inW);
            if (inB != null) state.put("in_proj_bias", inB);
            state.put("out_proj.weight", outW);
            if (outB != null) state.put("out_proj.bias", outB);
            st.fused.addAll(ops);
            st.fused.remove(last);
            torchAttentionAt.put(last, new TorchAttention(scope, ops, external.get(0), outputs, state));
        }
    }

    /**
     * The MultiheadAttention layer {@code a}'s ops compute: the head count (each divisor of embed_dim, the fewest first) and
     * mask (none, then causal) under which the layer's output (and attention weights, where the model reads them) agree with
     * the ops run as written on a random input of the query's shape; refused, naming the module, when none do.
     */
    void torchAttention(OnnxProto.Node at, TorchAttention a) {
        Port q = st.port(a.query(), at);
        int[] sample = st.sampleDims(q);
        String module = "PyTorch's module " + a.scope().substring(1).replaceAll("^.*/", "") + " (nn.MultiheadAttention)";
        int e = a.state().get("out_proj.weight").size(0);
        if (sample == null || sample.length != 2 || sample[1] != e) {
            throw unsupported(at, module + " reads " + (sample == null ? "a tensor of unknown shape" : java.util.Arrays.toString(sample))
                    + "; LayerLab reads it as a layer of batch-first sequences [N, L, " + e + "]");
        }
        int batch = st.staticBatch != null ? st.staticBatch.intValue() : 1;
        Tensor x;
        Map<String, Tensor> ran;
        try (var g = Autograd.noGrad()) {
            x = Tensor.randn(new Generator(20261203L), batch, sample[0], e);
            Map<String, Tensor> known = new HashMap<>(st.consts);
            known.put(a.query(), x);
            ran = OnnxEval.run(a.ops(), known);
        } catch (OnnxEval.Unsupported | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException ex) {
            throw unsupported(at, module + ": its ops could not be run to check them as one layer (" + ex.getMessage() + ")");
        }
        // The head counts to try: whole numbers the ops use that divide embed_dim first (torch writes num_heads into the
        // reshapes' sizes), then every other divisor.
        java.util.LinkedHashSet<Integer> tries = new java.util.LinkedHashSet<>();
        for (OnnxProto.Node n : a.ops()) {
            for (String v : n.inputs()) {
                Tensor c = st.consts.get(v);
                if (c != null && c.numel() == 1 && c.dtype() != DType.FLOAT32) {
                    long k = c.toLongArray()[0];
                    if (k > 0 && k <= e && e % k == 0) tries.add((int) k);
                }
            }
        }
        for (int k = 1; k <= e; k++) if (e % k == 0) tries.add(k);
        for (int heads : tries) {
            for (boolean causal : new boolean[] {false, true}) {
                MultiheadAttention m;
                try (var own = Generator.use(new Generator(0))) { // its fresh weights, replaced below, leave the global generator be
                    m = new MultiheadAttention(e, heads, 0, a.state().containsKey("in_proj_bias"), causal);
                }
                m.loadStateDict(a.state(), true);
                m.eval();
                Tensor[] got;
                try (var g = Autograd.noGrad()) {
                    got = m.forwardFull(x, x, x, null);
                }
                Map<String, String> ports = new LinkedHashMap<>();
                boolean same = true;
                for (String v : a.outputs().keySet()) {
                    Tensor want = ran.get(v);
                    String port = want != null && java.util.Arrays.equals(want.shape(), got[0].shape()) && close(want, got[0]) ? "out"
                            : want != null && java.util.Arrays.equals(want.shape(), got[1].shape()) && close(want, got[1]) ? "weights" : null;
                    same &= port != null;
                    ports.put(v, port);
                }
                if (!same) continue;
                INode l = st.add("MultiheadAttention", a.scope() + "/MultiheadAttention"); // named as its module
                l.params.put("embed_dim", e);
                l.params.put("num_heads", heads);
                if (!a.state().containsKey("in_proj_bias")) l.params.put("bias", false);
                if (causal) l.params.put("causal", true);
                l.inputs.put("query", q);
                l.state.putAll(a.state());
                l.ranks.put("out", 3);
                l.ranks.put("weights", 3);
                ports.forEach((v, p) -> st.values.put(v, new Port(l, p)));
                return;
            }
        }
        throw unsupported(at, module + ": no MultiheadAttention(" + e + ", num_heads) LayerLab has, with or without a causal mask, computes what its ops compute "
                + "(a mask or dropout of another kind, or key_padding_mask, is not read)");
    }

    /** Whether {@code a} and {@code b} agree to float32's accumulated rounding, relative to {@code b}'s size. */
    private static boolean close(Tensor a, Tensor b) {
        float scale = Math.max(1f, b.abs().max().item());
        return a.sub(b).abs().max().item() <= 1e-4f * scale;
    }
}
