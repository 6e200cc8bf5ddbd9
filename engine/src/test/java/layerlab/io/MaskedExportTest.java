package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.DataNames;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose padding is masked (a Lengths node feeding the lengths inputs) exported: the PyTorch script pads texts on
 * the right as its vocabulary says, packs the recurrent layer's sequences, masks the attention and the mean, and gives
 * LayerLab's logits (ONNX: {@code layerlab.io.onnx.MaskedOnnxTest}).
 */
class MaskedExportTest {
    private static final List<String> TEXTS = List.of("a good film", "a bad bad film", "not good at all , not at all", "", "film", "good good good good good good good good good good good good good");

    private static Map<String, Tensor> weights() {
        Fixtures fx = Fixtures.load("masking/gru_attention.json");
        return layerlab.train.MaskedTextTest.tensors(fx.json().get("params"));
    }

    @Test
    void theScriptOfAMaskedTextModelGivesLayerLabsLogits(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = ProjectJson.read(layerlab.train.MaskedTextTest.gruAttention(12, true), "masked.json");
        Vocabulary v = Vocabulary.build(TEXTS, Vocabulary.Level.WORDS, true, 12, 20).withPadding(Vocabulary.Padding.RIGHT);
        Model m = layerlab.train.MaskedTextTest.model(layerlab.train.MaskedTextTest.gruAttention(12, true), weights());
        m.eval();
        Path script = dir.resolve("masked.py");
        PyTorchExport.save(g, m.stateDict(), null, new DataNames(List.of(), List.of("neg", "neu", "pos"), v), script);
        String text = Files.readString(script);
        assertTrue(text.contains("a shorter text is padded with 0 on the right") && text.contains("ids[row, :len(kept)] = "), text);
        assertTrue(text.contains("\ndef run_packed(rnn, x, lengths):\n") && text.contains("= run_packed(self.gru, embedding, lengths)"), text);
        assertTrue(text.contains("lengths = (tokens != 0).sum(dim=1).clamp(min=1)"), text);
        assertTrue(text.contains("key_padding_mask="), text);

        List<String> args = new ArrayList<>(List.of(script.toString()));
        for (String t : TEXTS) args.addAll(List.of("--text", t));
        args.addAll(List.of("--output", dir.resolve("y.npy").toString()));
        Torch.python(0, args.toArray(String[]::new));
        Tensor want = m.forward(Tensor.of(v.encode(TEXTS), TEXTS.size(), 12).toDType(layerlab.tensor.DType.INT64));
        Fixtures.assertClose(want, Npy.read(dir.resolve("y.npy")), 1e-5, 1e-6, "the script's logits against LayerLab's");
    }
}
