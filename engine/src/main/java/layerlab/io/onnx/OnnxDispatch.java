package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.decimal;
import static layerlab.io.onnx.OnnxAttributes.floatAttr;
import static layerlab.io.onnx.OnnxAttributes.unsupported;
import static layerlab.io.onnx.OnnxImportState.MASK_OPS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.tensor.Tensor;

/**
 * Which converter reads each ONNX op: one table from op type to the converter method, over one import's state. Before the
 * table, an op may be the last of a layer written out in several ops ({@link OnnxPatterns}), or arithmetic on constants and
 * sizes that folds to a constant ({@link OnnxFolding}).
 */
final class OnnxDispatch {
    /** What reads one ONNX op into the import's state. */
    @FunctionalInterface
    interface Converter {
        void convert(OnnxProto.Node n);
    }

    final OnnxImportState st;
    final OnnxShapeOps shapes;
    final OnnxLayerOps layers;
    final OnnxConvOps convs;
    final OnnxRecurrentOps recurrent;
    final OnnxPatterns patterns;
    private final Map<String, Converter> byOp = new HashMap<>();

    OnnxDispatch(OnnxImportState st) {
        this.st = st;
        shapes = new OnnxShapeOps(st);
        layers = new OnnxLayerOps(st);
        convs = new OnnxConvOps(st);
        recurrent = new OnnxRecurrentOps(st);
        patterns = new OnnxPatterns(st, layers);
        on(st::constant, "Constant");
        on(shapes::identity, "Identity");
        on(layers::gemm, "Gemm");
        on(layers::matmul, "MatMul");
        on(layers::einsum, "Einsum");
        on(layers::elementwise, "Add", "Sum", "Mul");
        on(layers::geluDiv, "Div");
        on(layers::geluErf, "Erf");
        on(shapes::flatten, "Flatten");
        on(shapes::reshape, "Reshape");
        on(convs::conv, "Conv", "ConvTranspose");
        on(convs::pad, "Pad");
        on(convs::pool, "MaxPool", "AveragePool");
        on(convs::globalPool, "GlobalAveragePool", "GlobalMaxPool");
        on(new OnnxResize(st)::resize, "Resize");
        on(layers::batchNorm, "BatchNormalization");
        on(layers::layerNorm, "LayerNormalization");
        on(layers::dropout, "Dropout");
        on(shapes::gather, "Gather");
        on(layers::reduceMean, "ReduceMean");
        on(n -> layers.activation(n, "ReLU"), "Relu");
        on(layers::sigmoid, "Sigmoid");
        on(n -> layers.activation(n, "Tanh"), "Tanh");
        on(n -> layers.activation(n, "LeakyReLU", "negative_slope", decimal(floatAttr(n, "alpha", 0.01f))), "LeakyRelu");
        on(n -> layers.activation(n, "ELU", "alpha", decimal(floatAttr(n, "alpha", 1f))), "Elu");
        on(layers::softmax, "Softmax", "LogSoftmax");
        on(layers::clip, "Clip");
        on(n -> layers.activation(n, "Hardswish"), "HardSwish");
        on(layers::hardSigmoid, "HardSigmoid");
        on(shapes::concat, "Concat");
        on(shapes::transpose, "Transpose");
        on(shapes::squeeze, "Squeeze");
        on(recurrent::recurrent, "RNN", "LSTM", "GRU");
        on(shapes::shape, "Shape");
        on(shapes::unsqueeze, "Unsqueeze");
        on(shapes::constantOfShape, "ConstantOfShape");
        on(shapes::expand, "Expand");
        on(shapes::slice, "Slice");
        on(recurrent::sequenceLens, "Cast");
        // Ops read only as parts of what the patterns and the normalization find: alone, each is refused with what is understood.
        on(refused("only (input - offset) / scale right on a model input (its normalization) is understood"), "Sub");
        on(refused("only a LayerNorm with weight and bias written out in ops (opsets before 17) is understood; export with opset_version=17, "
                + "which has a LayerNormalization op"), "Sqrt");
        on(refused("only x³ in GELU's tanh form and d² in a LayerNorm written out in ops are understood"), "Pow");
        on(refused(MASK_OPS), "Equal", "Not", "Less", "Max");
        on(refused("only as LayerLab's export writes a MaxUnpool2d (its per-plane indices, PyTorch's numbering, made whole-tensor "
                + "first) is understood: ONNX's MaxUnpool numbers its indices over the whole tensor, which no LayerLab layer reads"), "MaxUnpool");
        on(refused("only inside a layer LayerLab's export wrote out in ops (an LSTM with proj_size) is it understood"), "Split");
        on(refused("only filling a graph input's missing values, Where(IsNaN(x), constant, x) right on the input, is understood"), "IsNaN", "Where");
    }

    private void on(Converter c, String... ops) {
        for (String op : ops) if (byOp.put(op, c) != null) throw new IllegalStateException("two converters for " + op);
    }

    private static Converter refused(String why) {
        return n -> {
            throw unsupported(n, why);
        };
    }

    /** The op types the table reads. */
    java.util.Set<String> ops() {
        return java.util.Collections.unmodifiableSet(byOp.keySet());
    }

    /** Reads {@code n}: as the last op of a pattern found, as a fold to a constant, else by its op type's converter. */
    void convert(OnnxProto.Node n) {
        if (patterns.convertFound(n)) return;
        if (OnnxFolding.OPS.contains(n.opType()) && (n.inputs().stream().allMatch(v -> v.isEmpty() || st.consts.containsKey(v)) || shapes.sizeArithmetic(n))) {
            List<Tensor> in = new ArrayList<>();
            for (String v : n.inputs()) in.add(v.isEmpty() ? null : shapes.known(v));
            Tensor folded = OnnxFolding.fold(n, in);
            if (folded != null) {
                st.consts.put(n.outputs().get(0), folded);
                if (st.origin.containsKey(n.input(0))) st.origin.put(n.outputs().get(0), st.origin.get(n.input(0)));
                return;
            }
        }
        if (shapes.batchArithmetic(n)) return;
        Converter c = byOp.get(n.opType());
        if (c == null) throw unsupported(n, "LayerLab has no layer for it");
        c.convert(n);
    }
}
