package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.data.DataNames;
import layerlab.data.DataSources;
import layerlab.data.NextTokens;
import layerlab.data.TensorDataset;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported script of a next-token model trains on a file of names as LayerLab does: {@code --train names.txt} (no
 * labels), each name read as {@code <bos> t1 … tn} with the target {@code t1 … tn <eos>} and -100 where padded; each
 * epoch's train and validation losses are LayerLab's within 1e-5, and it ends at LayerLab's weights. Its {@code --text}
 * reads {@code <bos>} first. Needs python3 with torch; skipped, saying so, without it.
 */
class NextTokenScriptTest {
    private static final Path NAMES = Path.of("src/test/resources/fixtures/next-token/names.txt");

    @Test
    void theScriptTrainsOnANamesFileAsLayerLabDoes(@TempDir Path dir) throws Exception {
        Torch.assume();
        Map<String, Object> data = Map.of("source", "text", "path", NAMES.toAbsolutePath().toString(), "tokenize", "characters", "next_token", true);
        TensorDataset names = (TensorDataset) DataSources.open(data, Path.of(".")).train();
        Vocabulary v = names.vocabulary();
        int steps = v.length(), tokens = v.size();
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "surname-generator.json"));
        g = g.setParam(g.nodeByName("chars").id(), "shape", List.of(steps)).after();
        g = g.setParam(g.nodeByName("next_chars").id(), "shape", List.of(steps)).after();
        g = g.setParam(g.nodeByName("embedding").id(), "num_embeddings", tokens).after();
        g = g.setParam(g.nodeByName("fc").id(), "out_features", tokens).after();
        // SGD, as the other script-training tests: Adam divides by sqrt(v), so a weight whose gradient is all but 0 takes a
        // whole step from float noise, and its weights would part by more than 1e-5 where the losses agree.
        Map<String, Object> training = Map.of("optimizer", Map.of("name", "SGD", "lr", 0.5, "momentum", 0.9), "epochs", 3, "batch_size", 5, "shuffle", true,
                "seed", 2, "device", "cpu");
        g = Graph.of(g.name(), g.description(), g.nodes(), g.edges(), g.blocks(), g.notes(), g.view(), data, training);
        // The same names validate, so that the validation loss of each epoch is compared too.
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), names, names);
        t.run();
        Map<String, Tensor> want = t.model().stateDict();

        Path script = dir.resolve("names.py");
        PyTorchExport.save(g, want, null, new DataNames(List.of(), List.of(), v), script);
        String text = Files.readString(script);
        assertTrue(text.contains(" --train texts.txt [--val texts.txt] [--epochs N] [--fresh] --save out.safetensors   trains as LayerLab did (on each "
                + "text's next tokens)"), text);
        Path out = dir.resolve("out.safetensors");
        String log = Torch.python(0, script.toString(), "--train", NAMES.toAbsolutePath().toString(), "--val", NAMES.toAbsolutePath().toString(),
                "--fresh", "--save", out.toString());
        Matcher m = Pattern.compile("epoch (\\d+): train loss ([0-9.]+), val loss ([0-9.]+)").matcher(log);
        List<Map<String, Object>> history = t.history();
        int epochs = 0;
        while (m.find()) {
            Map<String, Object> ours = history.get(Integer.parseInt(m.group(1)) - 1);
            double trainLoss = ((Number) ours.get("train_loss")).doubleValue(), valLoss = ((Number) ours.get("val_loss")).doubleValue();
            assertEquals(trainLoss, Double.parseDouble(m.group(2)), 1e-5 * trainLoss + 1e-6, "epoch " + m.group(1) + " train loss\n" + log);
            assertEquals(valLoss, Double.parseDouble(m.group(3)), 1e-5 * valLoss + 1e-6, "epoch " + m.group(1) + " val loss\n" + log);
            epochs++;
        }
        assertEquals(3, epochs, log);
        Map<String, Tensor> got = Safetensors.load(out).tensors();
        assertEquals(want.keySet(), got.keySet());
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), saved = got.get(e.getKey()).toFloatArray();
            double scale = 0;
            for (float x : exp) scale = Math.max(scale, Math.abs(x));
            for (int i = 0; i < exp.length; i++) assertEquals(exp[i], saved[i], 1e-5 * Math.max(scale, 1e-3), e.getKey() + "[" + i + "]\n" + log);
        }

        // A second file is no label file: one file of texts, said so.
        String said = Torch.python(1, script.toString(), "--train", NAMES.toAbsolutePath().toString(), NAMES.toAbsolutePath().toString());
        assertTrue(said.contains("--train takes 1 file: the texts (.txt, a text a line), whose next tokens are the targets (no labels); got 2"), said);
    }

    @Test
    void theScriptsNextTokensAreLayerLabs(@TempDir Path dir) throws Exception {
        Torch.assume();
        Map<String, Object> data = Map.of("source", "text", "path", NAMES.toAbsolutePath().toString(), "tokenize", "characters", "next_token", true);
        TensorDataset names = (TensorDataset) DataSources.open(data, Path.of(".")).train();
        Vocabulary v = names.vocabulary();
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "surname-generator.json"));
        g = g.setParam(g.nodeByName("chars").id(), "shape", List.of(v.length())).after();
        g = g.setParam(g.nodeByName("next_chars").id(), "shape", List.of(v.length())).after();
        g = g.setParam(g.nodeByName("embedding").id(), "num_embeddings", v.size()).after();
        g = g.setParam(g.nodeByName("fc").id(), "out_features", v.size()).after();
        Path script = dir.resolve("names.py");
        PyTorchExport.save(g, layerlab.graph.compile.GraphCompiler.compile(g).stateDict(), null, new DataNames(List.of(), List.of(), v), script);
        Files.writeString(dir.resolve("check.py"), String.join("\n",
                "import sys, importlib.util",
                "spec = importlib.util.spec_from_file_location('names', sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)",
                "x, y = m.next_tokens([t.strip() for t in m.read_texts(sys.argv[2])])",
                "print(' '.join(str(i) for i in x.flatten().tolist()))",
                "print(' '.join(str(i) for i in y.flatten().tolist()))",
                "print(' '.join(str(i) for i in m.next_inputs(['Anna']).flatten().tolist()))", ""));
        List<String> lines = Torch.python(0, dir.resolve("check.py").toString(), script.toString(), NAMES.toAbsolutePath().toString()).strip().lines().toList();
        assertEquals(ids(names.features()), lines.get(lines.size() - 3));
        assertEquals(ids(names.valueTargets()), lines.get(lines.size() - 2));
        // --text "Anna" reads <bos> a n n a, as the first name of the file.
        assertEquals(ids(java.util.Arrays.copyOf(names.features(), v.length())), lines.get(lines.size() - 1));
        assertEquals(NextTokens.bos(v), (int) names.features()[0]);
    }

    private static String ids(float[] values) {
        List<String> s = new ArrayList<>();
        for (float f : values) s.add(String.valueOf((long) f));
        return String.join(" ", s);
    }
}
