package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.data.Vocabulary;
import layerlab.io.ModelBundle;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text model whose padding is masked, end to end on the command line: a CSV of short reviews read with
 * {@code "padding": "right"}, a Lengths node feeding a bidirectional GRU and MeanOverTime, checked, trained, saved as a
 * bundle that keeps the padding side, and asked about new texts typed in and explained.
 */
class MaskedTextCommandTest {
    private final CliRunner cli = new CliRunner();

    /** Reviews of 1 to 9 words; the label is the sentiment word's, whatever words stand around it. */
    static String reviews() {
        Random r = new Random(1);
        List<String> good = List.of("good", "great", "fine", "lovely"), bad = List.of("bad", "awful", "poor", "dull");
        List<String> filler = List.of("the", "film", "was", "a", "really", "plot", "it", "so");
        StringBuilder csv = new StringBuilder("review,sentiment\n");
        for (int i = 0; i < 80; i++) {
            boolean pos = i % 2 == 0;
            List<String> words = new ArrayList<>();
            int n = r.nextInt(9);
            for (int k = 0; k < n; k++) words.add(filler.get(r.nextInt(filler.size())));
            words.add(r.nextInt(words.size() + 1), (pos ? good : bad).get(r.nextInt(4)));
            csv.append(String.join(" ", words)).append(',').append(pos ? "pos" : "neg").append('\n');
        }
        return csv.toString();
    }

    static String project(String padding) {
        return """
                {"format": "layerlab-project", "version": 1, "name": "MaskedReviews", "nodes": [
                {"id": "t", "name": "tokens", "kind": "Input", "params": {"shape": [12], "dtype": "int64"}, "position": {"x": 0, "y": 0}},
                {"id": "e", "name": "embedding", "kind": "Embedding", "params": {"num_embeddings": 20, "embedding_dim": 8, "padding_idx": 0}, "position": {"x": 0, "y": 0}},
                {"id": "l", "name": "lengths", "kind": "Lengths", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "g", "name": "gru", "kind": "GRU", "params": {"input_size": 8, "hidden_size": 8, "bidirectional": true}, "position": {"x": 0, "y": 0}},
                {"id": "m", "name": "mean", "kind": "MeanOverTime", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "f", "name": "fc", "kind": "Linear", "params": {"in_features": 16, "out_features": 2}, "position": {"x": 0, "y": 0}},
                {"id": "o", "name": "logits", "kind": "Output", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "y", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 0}},
                {"id": "c", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 0, "y": 0}}
                ], "edges": [
                {"from": "tokens.out", "to": "embedding.in"}, {"from": "tokens.out", "to": "lengths.in"},
                {"from": "embedding.out", "to": "gru.in"}, {"from": "lengths.out", "to": "gru.lengths"},
                {"from": "gru.out", "to": "mean.in"}, {"from": "lengths.out", "to": "mean.lengths"},
                {"from": "mean.out", "to": "fc.in"}, {"from": "fc.out", "to": "logits.in"},
                {"from": "fc.out", "to": "loss.input"}, {"from": "labels.out", "to": "loss.target"}
                ], "blocks": [], "notes": [],
                "dataset": {"source": "text", "path": "reviews.csv", "text_column": "review", "label_column": "sentiment", "length": 12%s,
                  "validation_split": 0.2, "seed": 0},
                "training": {"optimizer": {"name": "Adam", "lr": 0.02}, "epochs": 15, "batch_size": 16, "seed": 0}}
                """.formatted(padding == null ? "" : ", \"padding\": \"" + padding + "\"");
    }

    @Test
    void aMaskedTextModelTrainsChecksPredictsAndExplains(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("reviews.csv"), reviews());
        Path masked = Files.writeString(dir.resolve("masked.json"), project("right"));
        assertEquals(0, cli.run("check", "-q", masked.toString()), cli.err.toString());
        assertEquals("", cli.err.toString());

        // Left padding (the default) would put the text at the end while the lengths count from the start: refused, on the node.
        Path left = Files.writeString(dir.resolve("left.json"), project(null));
        assertEquals(1, cli.run("check", "-q", left.toString()));
        assertEquals(left + ": error: Lengths \"lengths\": counts each text's tokens from its first step, but the text data set pads on the left "
                + "(the text at the end): set the data set's \"padding\" to \"right\".\n", cli.err.toString().replace("\r", ""));
        assertEquals(2, cli.run("train", left.toString(), "--device", "cpu"));
        cli.assertOneLineError("layerlab train: ");
        assertTrue(cli.err.toString().contains("set the data set's \"padding\" to \"right\""), cli.err.toString());

        Path bundle = dir.resolve("masked.llab");
        assertEquals(0, cli.run("train", masked.toString(), "--device", "cpu", "--save-bundle", bundle.toString()), cli.err.toString());
        Vocabulary v = ModelBundle.load(bundle).names().vocabulary();
        assertEquals(Vocabulary.Padding.RIGHT, v.padding(), "the bundle keeps the padding side");

        // Typed texts are padded on the right as in training: the outputs are the model's on those ids, and it learnt the task.
        List<String> texts = List.of("a really great film", "so dull", "", "the plot was awful awful awful really");
        List<String> args = new ArrayList<>(List.of("predict", bundle.toString()));
        for (String t : texts) args.addAll(List.of("--text", t));
        Path typed = dir.resolve("typed.npy");
        args.addAll(List.of("--output", typed.toString()));
        assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err.toString());
        float[] y = Npy.read(typed).toFloatArray();
        TrainedModel m = TrainedModel.load(bundle, null, "cpu");
        float[] ids = v.encode(texts);
        assertEquals(layerlab.data.Vocabulary.PAD_ID, (int) ids[v.length() - 1], "padded on the right");
        Tensor direct = m.evaluator().model().forward(Tensor.of(ids, texts.size(), v.length()).toDType(layerlab.tensor.DType.INT64));
        assertArrayEquals(direct.toFloatArray(), y, 1e-5f);
        // The classes in sorted order: neg, pos.
        assertTrue(y[1] > y[0] && y[2] > y[3] && y[6] > y[7], "great → pos, dull → neg, awful → neg: " + java.util.Arrays.toString(y));

        // --explain: the shares add up to the score's rise from the padding that stands where the text's tokens do, and say so.
        assertEquals(0, cli.run("predict", bundle.toString(), "--text", "a really great film", "--text", "so dull", "--explain"), cli.err.toString());
        Matcher sum = Pattern.compile("\\(sum ([-+0-9.e]+): from ([-0-9.e]+) for padding in its tokens' places to ([-0-9.e]+)\\)").matcher(cli.out.toString());
        int lines = 0;
        while (sum.find()) {
            lines++;
            double s = Double.parseDouble(sum.group(1)), rise = Double.parseDouble(sum.group(3)) - Double.parseDouble(sum.group(2));
            assertEquals(rise, s, 0.02 * Math.max(1, Math.abs(rise)), "shares against the rise: " + sum.group());
        }
        assertEquals(2, lines, cli.out.toString());
        assertTrue(cli.out.toString().contains("great +") || cli.out.toString().contains("great -"), cli.out.toString());

        // eval on a file of reviews: read with the bundle's vocabulary, padded on the right.
        Path test = Files.writeString(dir.resolve("test.csv"), "review,sentiment\ngreat,pos\nthe film was so dull,neg\nreally fine,pos\nawful plot,neg\n");
        assertEquals(0, cli.run("eval", bundle.toString(), "--data", "source=text", "path=" + test, "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("accuracy"), cli.out.toString());

        // The PyTorch script of the bundle: its encode pads on the right, its forward packs the GRU.
        Path script = dir.resolve("masked.py");
        assertEquals(0, cli.run("export", bundle.toString(), "--format", "pytorch", "--output", script.toString()), cli.err.toString());
        String text = Files.readString(script);
        assertTrue(text.contains("padded with 0 on the right") && text.contains("run_packed(self.gru, "), text);
        // ONNX: the masks as ops (ONNX Runtime's numbers are checked in MaskedOnnxTest); the vocabulary, padding side included, in its metadata.
        Path onnx = dir.resolve("masked.onnx");
        assertEquals(0, cli.run("export", bundle.toString(), "--format", "onnx", "--output", onnx.toString()), cli.err.toString());
        assertTrue(new String(Files.readAllBytes(onnx), java.nio.charset.StandardCharsets.UTF_8).contains("\"padding\":\"right\""), "the metadata's vocabulary pads on the right");
        // Imported back: the masks read as the Lengths node and the lengths inputs, the texts padded on the right, the same logits.
        Path imported = dir.resolve("imported.llab");
        assertEquals(0, cli.run("import", onnx.toString(), "--out", imported.toString()), cli.err.toString());
        args.set(1, imported.toString());
        Path again = dir.resolve("again.npy");
        args.set(args.size() - 1, again.toString());
        assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err.toString());
        assertArrayEquals(y, Npy.read(again).toFloatArray(), 1e-5f);
    }
}
