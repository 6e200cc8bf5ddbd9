package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.DataNames;
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
 * The command line of a text model's script trains too: {@code --train texts.txt labels.txt} (a text a line, encoded as
 * LayerLab encodes it; a class name a line) with {@code --val} and {@code --fresh} ends at the weights LayerLab's run on
 * the same texts ended at; labels it cannot read are named. Needs python3 with torch; skipped, saying so, without it.
 */
class PyTorchTrainCommandTest {
    private static final List<String> CLASSES = List.of("Czech", "English", "German", "Italian", "Polish", "Romanian", "Spanish", "Turkish");

    @Test
    void aTextModelTrainsFromItsCommandLine(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph sample = ProjectJson.load(Path.of("..", "sample-projects", "surname-classifier.json"));
        Map<String, Object> training = Map.of("optimizer", Map.of("name", "SGD", "lr", 0.5, "momentum", 0.9), "epochs", 3, "batch_size", 4,
                "shuffle", true, "seed", 4, "device", "cpu");
        Graph g = Graph.of(sample.name(), sample.description(), sample.nodes(), sample.edges(), sample.blocks(), sample.notes(), sample.view(),
                sample.dataset(), training);
        List<String> names = List.of("Rossi", "Müller", "Nakamura", "Kowalski", "Smith", "Novák", "Popescu", "García", "Yılmaz", "Schmidt",
                "Bianchi", "Nowak");
        long[] labels = {3, 2, 1, 4, 1, 0, 5, 6, 7, 2, 3, 4};
        List<String> others = List.of("Ferrari", "Wagner", "Dvořák", "Öztürk", "Jones");
        long[] otherLabels = {3, 2, 0, 7, 1};
        Vocabulary v = Vocabulary.build(names, Vocabulary.Level.CHARACTERS, true, 24, 100);
        TensorDataset train = TensorDataset.classification("names", v.encode(names), new int[] {24}, labels, CLASSES);
        TensorDataset validation = TensorDataset.classification("others", v.encode(others), new int[] {24}, otherLabels, CLASSES);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        t.run();
        Map<String, Tensor> want = t.model().stateDict();

        Path script = dir.resolve("names.py");
        PyTorchExport.save(g, want, null, new DataNames(List.of(), CLASSES, v), script);
        // Blank lines are no samples, in the texts and in the labels alike.
        write(dir.resolve("texts.txt"), names.subList(0, 6), "", names.subList(6, 12));
        write(dir.resolve("labels.txt"), classes(labels, 0, 6), "", classes(labels, 6, 12));
        write(dir.resolve("val.txt"), others);
        write(dir.resolve("val_labels.txt"), classes(otherLabels, 0, 5));
        Path out = dir.resolve("out.safetensors");
        String log = Torch.python(0, script.toString(), "--train", dir.resolve("texts.txt").toString(), dir.resolve("labels.txt").toString(),
                "--val", dir.resolve("val.txt").toString(), dir.resolve("val_labels.txt").toString(), "--fresh", "--save", out.toString());
        assertTrue(log.contains("epoch 3: train loss ") && log.contains(", val loss "), log);
        Map<String, Tensor> got = Safetensors.load(out).tensors();
        assertEquals(want.keySet(), got.keySet());
        double moved = 0;
        Map<String, Tensor> fresh = layerlab.graph.compile.GraphCompiler.compile(g).stateDict();
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), saved = got.get(e.getKey()).toFloatArray(), init = fresh.get(e.getKey()).toFloatArray();
            double scale = 0;
            for (float x : exp) scale = Math.max(scale, Math.abs(x));
            for (int i = 0; i < exp.length; i++) {
                moved = Math.max(moved, Math.abs(exp[i] - init[i]));
                assertEquals(exp[i], saved[i], 1e-5 * Math.max(scale, 1e-3), e.getKey() + "[" + i + "]\n" + log);
            }
        }
        assertTrue(moved > 1e-2, "the weights moved at most " + moved);

        write(dir.resolve("bad.txt"), List.of("Italian", "Klingon"));
        String said = Torch.python(1, script.toString(), "--train", dir.resolve("texts.txt").toString(), dir.resolve("bad.txt").toString());
        assertTrue(said.contains("bad.txt: label 2, 'Klingon', is none of the classes (Czech, English, German, Italian, Polish, Romanian, Spanish, "
                + "Turkish) nor a number"), said);
        write(dir.resolve("short.txt"), List.of("Italian"));
        said = Torch.python(1, script.toString(), "--train", dir.resolve("texts.txt").toString(), dir.resolve("short.txt").toString());
        assertTrue(said.contains("--train: " + dir.resolve("texts.txt") + " holds 12 texts but " + dir.resolve("short.txt") + " 1 labels"), said);
    }

    private static List<String> classes(long[] labels, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(CLASSES.get((int) labels[i]));
        return out;
    }

    private static void write(Path file, Object... parts) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof List<?> l) for (Object line : l) sb.append(line).append('\n');
            else sb.append(p).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
