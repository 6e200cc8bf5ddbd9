package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.TestGraphs;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An LSTM with proj_size in ONNX, written out step by step in MatMul, Add, Split, Sigmoid, Tanh and Mul (ONNX's LSTM op has
 * no projection): stacked, bidirectional, without biases, and packed by lengths. ONNX Runtime gives LayerLab's out, h_n and
 * c_n within 1e-5; LayerLab's importer reads the ops back as the one LSTM with its weights, predicting the same.
 */
class OnnxProjLstmExportTest {
    /** The graphs; {@link ExportCases#all} takes them too, so that onnx.checker and tools/check_exports.py see them. */
    static List<ExportCases.Case> cases() {
        List<ExportCases.Case> out = new ArrayList<>();
        out.add(ExportCases.of("proj-lstm-stacked", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(5, 4))
                .node("lstm", "LSTM", "hidden_size", 6, "num_layers", 2, "bidirectional", true, "proj_size", 3)
                .node("last", "LastStep")
                .node("fc", "Linear", "out_features", 2)
                .node("y", "Output")
                .node("seq", "Output")
                .node("state", "Output")
                .node("cell", "Output")
                .chain("x", "lstm", "last", "fc", "y")
                .edge("lstm.out", "seq.in").edge("lstm.h_n", "state.in").edge("lstm.c_n", "cell.in")
                .build()));
        out.add(ExportCases.of("proj-lstm-plain", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(7, 3))
                .node("lstm", "LSTM", "hidden_size", 5, "proj_size", 2, "bias", false)
                .node("seq", "Output")
                .node("state", "Output")
                .node("cell", "Output")
                .chain("x", "lstm", "seq")
                .edge("lstm.h_n", "state.in").edge("lstm.c_n", "cell.in")
                .build()));
        // Right-padded token ids (0 pads), each sequence read over its own steps both ways, as pack_padded_sequence reads it.
        out.add(ExportCases.of("proj-lstm-packed", TestGraphs.graph()
                .node("tokens", "Input", "shape", List.of(6), "dtype", "int64")
                .node("len", "Lengths")
                .node("emb", "Embedding", "num_embeddings", 5, "embedding_dim", 4)
                .node("lstm", "LSTM", "hidden_size", 5, "num_layers", 2, "bidirectional", true, "proj_size", 3)
                .node("seq", "Output")
                .node("state", "Output")
                .node("cell", "Output")
                .chain("tokens", "emb", "lstm", "seq")
                .edge("tokens.out", "len.in").edge("len.out", "lstm.lengths")
                .edge("lstm.h_n", "state.in").edge("lstm.c_n", "cell.in")
                .build()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeGivesLayerLabsOutputAndStates(ExportCases.Case c) throws Exception {
        byte[] bytes = OnnxWire.write(OnnxExporter.export(c.graph(), c.weights()));
        Map<String, Tensor> got = Ort.run(bytes, c.inputs());
        assertEquals(c.expected().keySet(), got.keySet(), "the ONNX graph's outputs are the Output nodes");
        OnnxIndicesExportTest.assertSame(c.expected(), got, c.name());
        OnnxExportTest.leaveForTheCheckers(c, bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importsBackAsOneLstm(ExportCases.Case c) throws Exception {
        OnnxImporter.Imported im = OnnxImporter.read(OnnxWire.write(OnnxExporter.export(c.graph(), c.weights())), c.name());
        assertEquals(c.graph().nodes().stream().map(n -> n.name() + ":" + n.kind()).sorted().toList(),
                im.graph().nodes().stream().map(n -> n.name() + ":" + n.kind()).sorted().toList(), c.name() + ": the layers drawn");
        c.graph().nodeByName("lstm").params().forEach((k, v) -> assertEquals(v, im.graph().nodeByName("lstm").params().get(k), "lstm." + k));
        Model back = GraphCompiler.compile(im.graph(), im.weights());
        back.eval();
        Map<String, Tensor> got;
        try (var ng = Autograd.noGrad()) {
            got = back.run(c.inputs(), new ArrayList<>(c.expected().keySet()));
        }
        OnnxIndicesExportTest.assertSame(c.expected(), got, c.name() + " imported back");
    }
}
