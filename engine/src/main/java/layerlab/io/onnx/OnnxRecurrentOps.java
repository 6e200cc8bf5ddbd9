package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.intAttr;
import static layerlab.io.onnx.OnnxAttributes.stringAttr;
import static layerlab.io.onnx.OnnxAttributes.unsupported;
import static layerlab.io.onnx.OnnxImportState.rank;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import layerlab.io.onnx.OnnxImportState.INode;
import layerlab.io.onnx.OnnxImportState.Port;
import layerlab.io.onnx.OnnxImportState.RnnC;
import layerlab.io.onnx.OnnxImportState.RnnH;
import layerlab.io.onnx.OnnxImportState.RnnSeq;
import layerlab.io.onnx.OnnxImportState.RnnSeqB;
import layerlab.io.onnx.OnnxImportState.RnnStateB;
import layerlab.io.onnx.OnnxImportState.RnnY;
import layerlab.io.onnx.OnnxImportState.RnnYB;
import layerlab.io.onnx.OnnxImportState.SequenceLens;
import layerlab.io.onnx.OnnxImportState.Src;
import layerlab.io.onnx.OnnxImportState.TimeMajor;
import layerlab.io.onnx.OnnxImportState.Zeros;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.tensor.Tensor;

/** ONNX's RNN, LSTM and GRU ops, each one layer of a LayerLab recurrent node, and their sequence lengths. */
final class OnnxRecurrentOps {
    private final OnnxImportState st;

    OnnxRecurrentOps(OnnxImportState st) {
        this.st = st;
    }

    /** One ONNX recurrent op is one layer (both directions): a new LayerLab node, or the next layer of the one feeding it. */
    void recurrent(OnnxProto.Node n) {
        String kind = n.opType();
        int[] order = switch (kind) {
            case "LSTM" -> new int[] {0, 3, 1, 2};
            case "GRU" -> new int[] {1, 0, 2};
            default -> new int[] {0};
        };
        int h = (int) intAttr(n, "hidden_size", -1);
        String direction = stringAttr(n, "direction", "forward");
        if (h <= 0) throw unsupported(n, "it has no hidden_size");
        if (direction.equals("reverse")) throw unsupported(n, "a reverse-only recurrent layer is not a LayerLab layer");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (n.attribute("clip") != null || intAttr(n, "input_forget", 0) != 0) throw unsupported(n, "clip and input_forget are not understood");
        long layout = intAttr(n, "layout", 0);
        if (layout != 0 && layout != 1) throw unsupported(n, "layout " + layout + " is neither 0 (time major) nor 1 (batch first)");
        // layout=1 (tf2onnx, Keras) reads X [N, T, F] and writes Y [N, T, D, H], Y_h [N, D, H]: a batch-first layer.
        boolean batchMajor = layout == 1;
        if (kind.equals("GRU") && intAttr(n, "linear_before_reset", 0) != 1) {
            throw unsupported(n, "linear_before_reset=0 differs from PyTorch's GRU (which applies the reset gate after the hidden projection)");
        }
        String nonlinearity = "tanh";
        Attribute acts = n.attribute("activations");
        if (acts != null) {
            Set<String> set = new HashSet<>(acts.strings());
            boolean ok = switch (kind) {
                case "RNN" -> set.size() == 1 && (set.contains("Tanh") || set.contains("Relu"));
                case "LSTM" -> acts.strings().equals(dirs == 2 ? List.of("Sigmoid", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh") : List.of("Sigmoid", "Tanh", "Tanh"));
                default -> acts.strings().equals(dirs == 2 ? List.of("Sigmoid", "Tanh", "Sigmoid", "Tanh") : List.of("Sigmoid", "Tanh"));
            };
            if (!ok) throw unsupported(n, "activations " + acts.strings() + " differ from PyTorch's " + kind);
            if (set.contains("Relu")) nonlinearity = "relu";
        }
        Port lengths = null;
        if (!n.input(4).isEmpty()) {
            if (!(st.values.get(n.input(4)) instanceof SequenceLens q)) {
                throw unsupported(n, "only sequence_lens cast from a LayerLab lengths tensor (int64 [N], as a Lengths node gives) is understood");
            }
            lengths = q.lengths();
        }
        for (int i = 5; i <= 6; i++) {
            if (n.input(i).isEmpty()) continue;
            Tensor t = st.consts.get(n.input(i));
            if (st.values.get(n.input(i)) instanceof Zeros) continue;
            if (t == null || t.abs().max().item() != 0) throw unsupported(n, "a non-zero initial state is not a LayerLab layer");
        }
        if (!n.input(7).isEmpty()) throw unsupported(n, "peepholes are not understood");
        Tensor w = st.weight(n, 1), r = st.weight(n, 2), b = n.input(3).isEmpty() ? null : st.weight(n, 3);
        Src s = st.values.get(n.input(0));
        INode node, prev = null;
        int layer, prevLayer = -1;
        if (!batchMajor && s instanceof RnnSeq q) {
            prev = q.node();
            prevLayer = q.layer();
        } else if (batchMajor && s instanceof RnnSeqB q) {
            prev = q.node();
            prevLayer = q.layer();
        }
        if (prev != null && prevLayer == prev.layers - 1 && !prev.frozen && prev.kind.equals(kind)
                && prev.params.get("hidden_size").equals(h) && (dirs == 2) == prev.params.containsKey("bidirectional")
                && (b == null) == prev.params.containsKey("bias") && java.util.Objects.equals(lengths, prev.inputs.get("lengths"))) {
            node = prev;
            layer = node.layers++;
            node.params.put("num_layers", node.layers);
        } else {
            boolean bf = batchMajor || s instanceof TimeMajor;
            Port x = s instanceof TimeMajor t && !batchMajor ? t.src() : st.port(n.input(0), n);
            if (rank(x) != 3) throw unsupported(n, "its input is not a sequence");
            if (!bf && x.node().kind.equals("Input")) {
                // ONNX's layout 0 reads X as [T, N, features], but a LayerLab input's first dim is the batch.
                throw unsupported(n, "it reads the model input \"" + n.input(0) + "\" time-major ([T, N, features]), and a LayerLab input puts the batch "
                        + "first; a model that takes [N, T, features] and transposes it for the op (x.transpose(0, 1), as PyTorch writes a time-major "
                        + "layer) imports");
            }
            node = st.add(kind, n.name());
            node.params.put("input_size", w.size(2));
            node.params.put("hidden_size", h);
            if (kind.equals("RNN") && nonlinearity.equals("relu")) node.params.put("nonlinearity", "relu");
            if (b == null) node.params.put("bias", false);
            node.params.put("batch_first", bf);
            if (dirs == 2) node.params.put("bidirectional", true);
            node.inputs.put("in", x);
            if (lengths != null) node.inputs.put("lengths", lengths);
            node.ranks.put("out", 3);
            node.ranks.put("h_n", 3);
            node.ranks.put("c_n", 3);
            node.layers = 1;
            layer = 0;
        }
        for (int d = 0; d < dirs; d++) {
            String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
            node.state.put("weight_ih" + sfx, ungate(w.select(0, d), order, h));
            node.state.put("weight_hh" + sfx, ungate(r.select(0, d), order, h));
            if (b != null) {
                Tensor bd = b.select(0, d);
                int g = order.length * h;
                node.state.put("bias_ih" + sfx, ungate(bd.narrow(0, 0, g), order, h));
                node.state.put("bias_hh" + sfx, ungate(bd.narrow(0, g, g), order, h));
            }
        }
        if (batchMajor) {
            st.out(n, 0, new RnnYB(node, layer));
            st.out(n, 1, new RnnStateB(node, layer, "h_n"));
            st.out(n, 2, new RnnStateB(node, layer, "c_n"));
            return;
        }
        st.out(n, 0, new RnnY(node, layer));
        st.out(n, 1, new RnnH(node, layer));
        st.out(n, 2, new RnnC(node, layer));
    }

    /**
     * A Cast of lengths to int32 whose readers are all recurrent ops' sequence_lens, as LayerLab's export writes a
     * recurrent layer's lengths input; any other Cast is refused.
     */
    void sequenceLens(OnnxProto.Node n) {
        List<OnnxProto.Node> readers = st.consumers.getOrDefault(n.outputs().get(0), List.of());
        if (readers.stream().noneMatch(r -> Set.of("RNN", "LSTM", "GRU").contains(r.opType()))) throw unsupported(n, "LayerLab has no layer for it");
        boolean lens = intAttr(n, "to", -1) == OnnxFields.TensorProto.INT32 && !st.isOutput(n.outputs().get(0))
                && readers.stream().allMatch(r -> Set.of("RNN", "LSTM", "GRU").contains(r.opType()) && r.input(4).equals(n.outputs().get(0))
                && r.inputs().indexOf(n.outputs().get(0)) == 4);
        Port p = lens && st.values.get(n.input(0)) instanceof Port q ? q : null;
        if (p == null || rank(p) != 1) {
            throw unsupported(n, "only lengths (int64 [N]) cast to int32 for recurrent ops' sequence_lens, as LayerLab's export writes them, are understood");
        }
        st.out(n, 0, new SequenceLens(p));
    }

    /** ONNX's gate blocks back in PyTorch's order: PyTorch block {@code order[j]} is ONNX block {@code j}. */
    private static Tensor ungate(Tensor t, int[] order, int h) {
        Tensor[] parts = new Tensor[order.length];
        for (int j = 0; j < order.length; j++) parts[order[j]] = t.narrow(0, j * h, h);
        return Tensor.cat(0, parts).contiguous();
    }
}
