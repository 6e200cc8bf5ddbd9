package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
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
 * logits on right-padded texts, an empty one among them; MultiheadAttention's lengths as its key_padding_mask.
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
            Tensor tokens = padded(fx.tensor("tokens"), length);
            Model at = length == 9 ? m : MaskedTextTest.model(json.replace("\"shape\": [9]", "\"shape\": [" + length + "]"), state);
            byte[] onnx = OnnxWire.write(OnnxExporter.export(ProjectJson.read(json.replace("\"shape\": [9]", "\"shape\": [" + length + "]"), "m.json"), state));
            Map<String, Tensor> got = Ort.run(onnx, Map.of("tokens", tokens));
            Fixtures.assertClose(at.forward(tokens), got.get("logits"), 1e-5, 1e-6, fixture + " at " + length + ": ONNX Runtime against LayerLab");
        }
        assertEquals(List.of(), layerlab.graph.analysis.Analysis.of(g).errors());
    }

    private static Tensor padded(Tensor tokens, int length) {
        int b = tokens.size(0), t = tokens.size(1);
        long[] ids = tokens.toLongArray(), out = new long[b * length];
        for (int i = 0; i < b; i++) System.arraycopy(ids, i * t, out, i * length, t);
        return Tensor.ofLongs(out, b, length);
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

    /** LayerLab's importer does not read the masking back: it says so rather than import a model that would read the padding. */
    @Test
    void importingAMaskedModelIsRefusedSayingWhy() throws Exception {
        Fixtures fx = Fixtures.load("masking/lstm_last.json");
        byte[] onnx = OnnxWire.write(OnnxExporter.export(ProjectJson.read(MaskedTextTest.lstmLast(9), "m.json"), MaskedTextTest.tensors(fx.json().get("params"))));
        Exception e = assertThrows(IllegalArgumentException.class, () -> OnnxImporter.read(onnx, "masked.onnx"));
        assertEquals(true, e.getMessage().contains("Not") || e.getMessage().contains("sequence_lens"), e.getMessage());
    }
}
