package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.autograd.Autograd;
import layerlab.graph.Node;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recurrent ops with layout=1 (batch first), as tf2onnx and Keras write them (src/test/python/make_onnx_layout_fixtures.py
 * builds them from PyTorch layers' weights): they import as batch-first layers that predict what PyTorch did. ONNX
 * Runtime itself refuses layout=1 on the CPU, so PyTorch's numbers are the only reference.
 */
class OnnxLayoutImportTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"onnx_layout1_lstm_bidirectional", "onnx_layout1_gru_stacked_hidden", "onnx_layout1_rnn_state"})
    void predictsWhatPyTorchPredicted(String name) throws Exception {
        Tensor x = Npy.read(OnnxImportTest.FIXTURES.resolve(name + ".input.npy"));
        Tensor want = Npy.read(OnnxImportTest.FIXTURES.resolve(name + ".expected.npy"));
        OnnxImporter.Imported im = OnnxImporter.load(OnnxImportTest.FIXTURES.resolve(name + ".onnx"));
        Model m = GraphCompiler.compile(im.graph());
        m.loadStateDict(im.weights(), true);
        m.eval();
        Tensor y;
        try (var g = Autograd.noGrad()) {
            y = m.forward(x);
        }
        assertClose(want, y, name);
        for (Node n : im.graph().nodes()) {
            if (List.of("RNN", "LSTM", "GRU").contains(n.kind())) assertEquals(true, n.params().get("batch_first"), name + ": " + n.name());
        }
    }

    /** Two layout=1 ops, the second reading the first's squeezed Y, are one two-layer GRU, as in PyTorch. */
    @Test
    void stackedOpsAreOneLayer() throws Exception {
        var g = OnnxImporter.load(OnnxImportTest.FIXTURES.resolve("onnx_layout1_gru_stacked_hidden.onnx")).graph();
        assertEquals(List.of("Input", "GRU", "FinalHidden", "Linear", "Output"), g.nodes().stream().map(Node::kind).toList());
        Node gru = g.nodes().stream().filter(n -> n.kind().equals("GRU")).findFirst().orElseThrow();
        assertEquals(2, gru.params().get("num_layers"));
    }

    /** A layout other than 0 (time major) and 1 (batch first) is refused by name. */
    @Test
    void anUnknownLayoutIsNamed() throws Exception {
        OnnxProto.Model m = OnnxWire.read(OnnxImportTest.FIXTURES.resolve("onnx_layout1_rnn_state.onnx"));
        List<OnnxProto.Node> ops = m.graph().nodes().stream().map(n -> new OnnxProto.Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(),
                n.attributes().stream().map(a -> a.name().equals("layout") ? OnnxProto.Attribute.ofInt("layout", 2) : a).toList())).toList();
        OnnxProto.Graph g = new OnnxProto.Graph("g", ops, m.graph().initializers(), m.graph().inputs(), m.graph().outputs());
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.convert(new OnnxProto.Model(8, "test", "", m.opsets(), g), "g"));
        assertEquals("node \"rnn\" (RNN): layout 2 is neither 0 (time major) nor 1 (batch first)", e.getMessage());
    }

    /** Within 1e-5 of PyTorch's numbers, relative to values above 1. */
    private static void assertClose(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] a = want.toFloatArray(), b = got.toFloatArray();
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
        assertTrue(worst <= 1e-5, what + ": differs by " + worst);
    }
}
