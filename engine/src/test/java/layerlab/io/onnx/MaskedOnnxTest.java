package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.train.MaskedTextTest;
import org.junit.jupiter.api.Test;

/**
 * A model that masks its padding, in ONNX: the Lengths node as ops (ids not 0, counted, at least 1), the recurrent
 * layers' lengths as ONNX's sequence_lens, LastStep and MeanOverTime as masked sums, attention's padded keys at −∞;
 * ONNX Runtime gives LayerLab's
 * logits on right-padded texts, an empty one among them; MultiheadAttention's lengths as its key_padding_mask. LayerLab's
 * importer reads each back as the layers it came from, with the same logits.
 */
class MaskedOnnxTest {
    private static void sameAsLayerLab(String fixture, String json, boolean dropAttention) throws Exception {
        Fixtures fx = Fixtures.load("masking/" + fixture + ".json");
        Map<String, Tensor> state = new HashMap<>(MaskedTextTest.tensors(fx.json().get("params")));
        if (dropAttention) state.keySet().removeIf(k -> k.startsWith("attn."));
        if (json.contains("\"bias\": false")) state.keySet().removeIf(k -> k.startsWith("gru.bias"));
        Model m = MaskedTextTest.model(json, state);
        m.eval();
        Graph g = ProjectJson.read(json, "masked.json");
        for (int length : new int[] {9, 20}) {
            Tensor tokens = MaskedTextTest.padded(fx.tensor("tokens"), length);
            Model at = length == 9 ? m : MaskedTextTest.model(json.replace("\"shape\": [9]", "\"shape\": [" + length + "]"), state);
            byte[] onnx = OnnxWire.write(OnnxExporter.export(ProjectJson.read(json.replace("\"shape\": [9]", "\"shape\": [" + length + "]"), "m.json"), state));
            Map<String, Tensor> got = Ort.run(onnx, Map.of("tokens", tokens));
            Fixtures.assertClose(at.forward(tokens), got.get("logits"), 1e-5, 1e-6, fixture + " at " + length + ": ONNX Runtime against LayerLab");
            // LayerLab's importer reads the export back: the same layers, lengths wired as before, the same logits.
            OnnxImporter.Imported im = OnnxImporter.read(onnx, "masked.onnx");
            assertEquals(lengthsInputs(g), lengthsInputs(im.graph()), fixture + ": the layers reading lengths");
            Model back = GraphCompiler.compile(im.graph());
            back.loadStateDict(im.weights(), true);
            back.eval();
            Fixtures.assertClose(at.forward(tokens), back.forward(tokens), 1e-5, 1e-6, fixture + " at " + length + ": imported against LayerLab");
        }
        assertEquals(List.of(), layerlab.graph.analysis.Analysis.of(g).errors());
    }

    /** Each edge into a lengths port, as "kind name -> kind name", sorted. */
    private static List<String> lengthsInputs(Graph g) {
        List<String> kinds = new java.util.ArrayList<>();
        for (Edge e : g.edges()) {
            if (e.toPort().equals("lengths")) {
                kinds.add(g.node(e.fromNode()).kind() + " " + g.node(e.fromNode()).name() + " -> " + g.node(e.toNode()).kind() + " " + g.node(e.toNode()).name());
            }
        }
        kinds.sort(null);
        return kinds;
    }

    @Test
    void aPackedTwoLayerBidirectionalLstmAndItsLastStepsRunInOnnxRuntime() throws Exception {
        sameAsLayerLab("lstm_last", MaskedTextTest.lstmLast(9), false);
    }

    @Test
    void aPackedBidirectionalGruAndAMaskedMeanRunInOnnxRuntime() throws Exception {
        sameAsLayerLab("gru_attention", MaskedTextTest.gruMean(9, true), true);
        sameAsLayerLab("gru_attention", MaskedTextTest.gruMean(9, false), true);
    }

    /** Attention's key_padding_mask as −∞ added to the padded keys' scores, with everything else masked. */
    @Test
    void aMaskedSelfAttentionRunsInOnnxRuntime() throws Exception {
        sameAsLayerLab("gru_attention", MaskedTextTest.gruAttention(9, true), false);
    }

    /** A file whose masking ops differ from what LayerLab writes (a constant, a cast) is refused, naming an op, not read as something else. */
    @Test
    void masksChangedInTheFileAreRefusedNamingTheOp() throws Exception {
        Fixtures fx = Fixtures.load("masking/gru_attention.json");
        Map<String, Tensor> state = new HashMap<>(MaskedTextTest.tensors(fx.json().get("params")));
        state.keySet().removeIf(k -> k.startsWith("attn."));
        OnnxProto.Model m = OnnxExporter.export(ProjectJson.read(MaskedTextTest.gruMean(9, true), "m.json"), state);
        for (String constant : new String[] {"/one", "/steps"}) {
            List<OnnxProto.TensorData> inits = new java.util.ArrayList<>();
            boolean changed = false;
            for (OnnxProto.TensorData t : m.graph().initializers()) {
                if (!changed && t.name().endsWith(constant) && t.longs() != null) {
                    long[] v = t.longs().clone();
                    v[v.length - 1] += 1;
                    t = new OnnxProto.TensorData(t.name(), t.dataType(), t.dims(), null, v);
                    changed = true;
                }
                inits.add(t);
            }
            assertTrue(changed, constant);
            OnnxProto.Graph g = m.graph();
            OnnxProto.Model tampered = new OnnxProto.Model(m.irVersion(), m.producerName(), m.producerVersion(), m.opsets(),
                    new OnnxProto.Graph(g.name(), g.nodes(), inits, g.inputs(), g.outputs()), m.metadata());
            OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.read(OnnxWire.write(tampered), "tampered.onnx"));
            assertTrue(e.getMessage().matches("node \"(lengths|mean)\" \\((Equal|Unsqueeze)\\): padding masks are understood only as LayerLab's export writes .*"),
                    constant + ": " + e.getMessage());
        }
        // A recurrent op's sequence_lens cast to another type than LayerLab writes (int32).
        List<OnnxProto.Node> nodes = new java.util.ArrayList<>();
        for (OnnxProto.Node n : m.graph().nodes()) {
            boolean lens = n.opType().equals("Cast") && n.outputs().get(0).endsWith("sequence_lens");
            nodes.add(lens ? new OnnxProto.Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), List.of(OnnxProto.Attribute.ofInt("to", 7))) : n);
        }
        OnnxProto.Graph g = m.graph();
        OnnxProto.Model cast = new OnnxProto.Model(m.irVersion(), m.producerName(), m.producerVersion(), m.opsets(),
                new OnnxProto.Graph(g.name(), nodes, g.initializers(), g.inputs(), g.outputs()), m.metadata());
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.read(OnnxWire.write(cast), "cast.onnx"));
        assertTrue(e.getMessage().matches("node \"gru\" \\(Cast\\): only lengths \\(int64 \\[N\\]\\) cast to int32 .*"), e.getMessage());
    }
}
