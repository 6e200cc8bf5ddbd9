package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.data.DataSources;
import layerlab.io.ModelBundle;
import layerlab.io.Npy;
import layerlab.io.Safetensors;
import layerlab.tensor.Tensor;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrainCommandTest {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    private final CliRunner cli = new CliRunner();

    /**
     * PyTorch parity through the command line: the NeuralNetwork sample, the fixture's data as .npy files, its initial
     * weights as safetensors, 20 SGD steps in order; the saved weights are PyTorch's within 1e-4 (see
     * {@code engine/src/test/python/make_train_fixtures.py} for the formulas).
     */
    @Test
    void autoSaysWhyItChoseTheCpu() {
        assertEquals(0, cli.run("train", SAMPLES.resolve("spirals.json").toString(), "--steps", "1", "--device", "auto"), cli.err.toString());
        var cuda = layerlab.backend.Backends.availability(layerlab.tensor.Device.Kind.CUDA);
        if (cuda.available()) assertFalse(cli.out.toString().contains("auto chose the CPU"), cli.out.toString());
        else assertTrue(cli.out.toString().contains("device: auto chose the CPU; CUDA is unavailable: " + cuda.detail() + "\n"), cli.out.toString());
        assertEquals(0, cli.run("train", SAMPLES.resolve("spirals.json").toString(), "--steps", "1", "--device", "cpu"), cli.err.toString());
        assertFalse(cli.out.toString().contains("auto chose"), "a CPU asked for needs no reason: " + cli.out);
    }

    /** Data that do not fit the model are described before the refusal: what was read (here, the targets' column) says why. */
    @Test
    void theDataAreDescribedBeforeTheyMeetTheModel(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("first.csv"), "label,a,b,c,d\n0,1,2,3,4.5\n1,2,3,4,5.5\n2,3,4,5,6.5\n");
        assertEquals(2, cli.run("train", SAMPLES.resolve("iris.json").toString(), "--steps", "1", "--device", "cpu", "--data", "source=csv", "path=" + csv));
        assertTrue(cli.out.toString().startsWith("data: first.csv (the label is the last column, \"d\"; for the column \"label\" give label_column): "),
                cli.out.toString());
        assertTrue(cli.err.toString().contains("takes class indices, but the data set's targets are numbers"), cli.err.toString());
    }

    /** min_freq typed as --data KEY=VALUE: the text set's vocabulary keeps the common words, and the data line says how many. */
    @Test
    void minFreqOnTheCommandLineKeepsTheCommonWords(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("reviews.csv"), "text,label\ngood film,pos\ngood plot,pos\nbad film,neg\nbad acting,neg\ngood good,pos\nawful,neg\n");
        assertEquals(0, cli.run("train", SAMPLES.resolve("lstm-text-classifier.json").toString(), "--steps", "1", "--device", "cpu", "--data", "source=text",
                "path=" + csv, "length=20", "min_freq=2"), cli.err.toString());
        assertTrue(cli.out.toString().startsWith("data: reviews.csv (words (lower-cased), 5 tokens, 20 a text; kept 3 of 6 tokens (min_freq 2)): "),
                cli.out.toString());
    }

    /**
     * A project trained from the command line is kept in its run log (under the test's user.home), as the window keeps
     * it: numbered, compared with the run before, its epochs and end; the window's runs table reads the same log.
     */
    @Test
    void runsFromTheCommandLineAreKeptForTheWindow(@TempDir Path dir) throws Exception {
        Path project = Files.copy(SAMPLES.resolve("iris.json"), dir.resolve("iris.json"));
        assertTrue(System.getProperty("user.home").contains("test-home"), "tests keep their runs in the build folder: " + System.getProperty("user.home"));
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2", "--device", "cpu"), cli.err.toString());
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2", "--lr", "0.5", "--device", "cpu"), cli.err.toString());
        List<layerlab.train.RunLog.Run> runs = new layerlab.train.RunLog(layerlab.train.RunLog.defaultDir()).load(project);
        assertEquals(2, runs.size());
        assertEquals("first run", runs.get(0).changes());
        assertEquals("optimizer.lr 0.01 → 0.5", runs.get(1).changes());
        assertEquals(2, runs.get(1).number());
        assertEquals(2, runs.get(1).epochs().size());
        assertTrue(runs.get(1).epochs().get(1).metrics().containsKey("val_accuracy"));
        assertEquals(TrainingEvent.Reason.COMPLETED, ((TrainingEvent.RunFinished) runs.get(1).end()).reason());
    }

    /**
     * A run stopped inside an epoch (--steps, as Ctrl-C stops it) and resumed from its bundle ends with the weights of the
     * run that was never stopped, bit for bit; the bundle is written back, and the run log says where it went on from.
     */
    @Test
    void aStoppedRunGoesOnFromItsBundle(@TempDir Path dir) throws Exception {
        Path project = Files.copy(SAMPLES.resolve("iris.json"), dir.resolve("iris.json"));
        String p = project.toString();
        Path whole = dir.resolve("whole.safetensors"), part = dir.resolve("part.llab");
        assertEquals(0, cli.run("train", p, "--epochs", "6", "--device", "cpu", "--save-weights", whole.toString()), cli.err.toString());
        assertEquals(0, cli.run("train", p, "--epochs", "6", "--device", "cpu", "--steps", "21", "--save-bundle", part.toString()), cli.err.toString());
        assertTrue(cli.out.toString().contains("wrote " + part + " (in epoch 3 after batch 5 of 8, step 21)"), cli.out.toString());
        assertTrue(cli.out.toString().contains("to go on: layerlab train " + p + " --resume " + part), cli.out.toString());

        assertEquals(0, cli.run("train", p, "--resume", part.toString(), "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("resuming " + part + ": in epoch 3 after batch 5 of 8, step 21 (6 epochs in all)"), cli.out.toString());
        assertTrue(cli.out.toString().contains("finished after 6 epochs, 48 steps"), cli.out.toString());
        assertTrue(cli.out.toString().contains("wrote " + part + "\n"), cli.out.toString());
        ModelBundle b = ModelBundle.load(part);
        Map<String, Tensor> expected = layerlab.io.Safetensors.load(whole).tensors();
        for (var e : expected.entrySet()) assertArrayEquals(e.getValue().toFloatArray(), b.weights().get(e.getKey()).toFloatArray(), 0f, e.getKey());
        assertEquals(6, b.metrics().size(), "the bundle's metrics hold every epoch, before and after the resume");
        List<layerlab.train.RunLog.Run> runs = new layerlab.train.RunLog(layerlab.train.RunLog.defaultDir()).load(project);
        assertEquals("from part.llab in epoch 3 after batch 5 of 8, step 21", runs.get(runs.size() - 1).changes());
        assertEquals(6, runs.get(runs.size() - 1).epochs().size(), "the row holds the epochs before the resume too");

        // Finished: more epochs are asked for; an option that would change the run is refused; a bundle without a state is named.
        assertEquals(2, cli.run("train", p, "--resume", part.toString()));
        assertTrue(cli.err.toString().contains("has trained all 6 epochs its run asked for: give --epochs N (more than 6)"), cli.err.toString());
        assertEquals(2, cli.run("train", p, "--resume", part.toString(), "--epochs", "8", "--lr", "0.1"));
        assertTrue(cli.err.toString().contains("--lr does not go with --resume"), cli.err.toString());
        ModelBundle.save(part, b.withoutResume());
        assertEquals(2, cli.run("train", p, "--resume", part.toString(), "--epochs", "8"));
        assertTrue(cli.err.toString().contains("holds a trained model but not where its run stood"), cli.err.toString());
        // Its weights still start a new run.
        assertEquals(0, cli.run("train", p, "--init-weights", part.toString(), "--epochs", "1", "--device", "cpu"), cli.err.toString());
    }

    /**
     * Going on with more epochs than a run's cosine schedule spans is said in a note (the rate climbs back past T_max, as
     * in PyTorch), with the command that trains one curve; a run that goes on within its T_max gets no note.
     */
    @Test
    void goingOnPastACosineScheduleSaysTheRateClimbsBack(@TempDir Path dir) throws Exception {
        Path project = Files.copy(SAMPLES.resolve("spirals.json"), dir.resolve("spirals.json"));
        String p = project.toString();
        Path one = dir.resolve("one.llab");
        assertEquals(0, cli.run("train", p, "--epochs", "1", "--device", "cpu", "--save-bundle", one.toString()), cli.err.toString());
        assertEquals(0, cli.run("train", p, "--resume", one.toString(), "--epochs", "3", "--device", "cpu"), cli.err.toString());
        assertEquals("layerlab train: note: one.llab's run anneals the rate by CosineAnnealingLR over T_max 1 epoch; going on to 3, the rate climbs "
                + "back and falls again, as PyTorch's does past T_max (eta_min at epoch 1, 3, …); for one curve over 3 epochs, train afresh: "
                + "layerlab train " + p + " --epochs 3\n", cli.err.toString());
        Path part = dir.resolve("part.llab");
        assertEquals(0, cli.run("train", p, "--epochs", "2", "--steps", "3", "--device", "cpu", "--save-bundle", part.toString()),
                cli.err.toString());
        assertEquals(0, cli.run("train", p, "--resume", part.toString(), "--device", "cpu"), cli.err.toString());
        assertEquals("", cli.err.toString());
    }

    /** --init-weights holding infinities or NaN is read as PyTorch reads it, and a note names the tensors (here one the model does not take). */
    @Test
    void initialWeightsThatAreNotFiniteAreNamedInANote(@TempDir Path dir) throws Exception {
        Path project = Files.copy(SAMPLES.resolve("iris.json"), dir.resolve("iris.json"));
        Map<String, Tensor> w = new LinkedHashMap<>(layerlab.graph.compile.GraphCompiler.compile(layerlab.graph.json.ProjectJson.load(project)).stateDict());
        w.put("mask", Tensor.of(new float[] {0f, Float.NEGATIVE_INFINITY}, 2));
        Path init = dir.resolve("init.safetensors");
        Safetensors.save(init, w);
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--init-weights", init.toString(), "--partial-init"),
                cli.err.toString());
        assertTrue(cli.err.toString().contains("layerlab train: note: init.safetensors: mask holds 1 infinite value of 2: "), cli.err.toString());
    }

    /**
     * Fine-tuning from the command line: a trained model's weights, the head replaced (fc2 renamed: not in the file) and
     * loaded with --partial-init, fc1 kept with --freeze; the saved fc1 is the file's bit for bit and the run log says so.
     */
    @Test
    void aFineTuneLoadsWhatFitsAndKeepsTheFrozenLayers(@TempDir Path dir) throws Exception {
        Path project = Files.copy(SAMPLES.resolve("iris.json"), dir.resolve("iris.json"));
        Path first = dir.resolve("first.safetensors"), second = dir.resolve("second.safetensors");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2", "--save-weights", first.toString()), cli.err.toString());

        Path tuned = dir.resolve("tuned.json");
        Files.writeString(tuned, Files.readString(project).replace("\"fc2\"", "\"head\"").replace("fc2.", "head."));
        // Strict by default: the missing fc2 is named, and the way to load the rest.
        assertEquals(2, cli.run("train", tuned.toString(), "--epochs", "1", "--init-weights", first.toString()));
        assertTrue(cli.err.toString().contains("does not fit the model") && cli.err.toString().contains("--partial-init loads the tensors that fit"), cli.err.toString());

        assertEquals(0, cli.run("train", tuned.toString(), "--epochs", "3", "--init-weights", first.toString(), "--partial-init", "--freeze", "fc1",
                "--save-weights", second.toString()), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("weights: from " + first + "; fresh: head (not in the file)\n"), out);
        assertTrue(out.contains("frozen: fc1 (80 of 131 parameters keep their values)\n"), out);
        assertTrue(out.contains("Iris: 51 parameters on cpu"), "the run trains 51: " + out);
        Map<String, Tensor> a = Safetensors.load(first).tensors(), b = Safetensors.load(second).tensors();
        assertTrue(java.util.Arrays.equals(a.get("fc1.weight").toFloatArray(), b.get("fc1.weight").toFloatArray()), "fc1 kept bit for bit");
        assertTrue(java.util.Arrays.equals(a.get("fc1.bias").toFloatArray(), b.get("fc1.bias").toFloatArray()));
        List<layerlab.train.RunLog.Run> runs = new layerlab.train.RunLog(layerlab.train.RunLog.defaultDir()).load(tuned);
        assertEquals(true, runs.get(runs.size() - 1).settings().get("frozen fc1"), "the log keeps what the run froze");

        // Names that are not layers with weights are refused with the ones that are.
        assertEquals(2, cli.run("train", tuned.toString(), "--freeze", "relu"));
        assertTrue(cli.err.toString().contains("--freeze: relu (ReLU) has no weights; layers with weights: fc1, head"), cli.err.toString());
        assertEquals(2, cli.run("train", tuned.toString(), "--unfreeze", "fc9"));
        assertTrue(cli.err.toString().contains("--unfreeze: no node is named \"fc9\""), cli.err.toString());
        assertEquals(2, cli.run("train", tuned.toString(), "--freeze", "fc1,head"));
        assertTrue(cli.err.toString().contains("every layer with weights is frozen"), cli.err.toString());
    }

    /** A cross-validation from the command line is kept in the run log with its scores, as the window keeps it. */
    @Test
    void aCrossValidationIsKeptForTheWindow(@TempDir Path dir) throws Exception {
        Path project = Files.copy(SAMPLES.resolve("iris.json"), dir.resolve("iris.json"));
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2", "--folds", "3"), cli.err.toString());
        String line = cli.out.toString().lines().filter(l -> l.startsWith("3-fold cross-validation: ")).findFirst().orElseThrow();
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2"), cli.err.toString());
        List<layerlab.train.RunLog.Run> runs = new layerlab.train.RunLog(layerlab.train.RunLog.defaultDir()).load(project);
        assertEquals(2, runs.size());
        layerlab.train.RunLog.Folds folds = runs.get(0).folds();
        assertEquals(3, folds.k());
        assertEquals(3, folds.done());
        assertTrue(line.contains("val_accuracy " + folds.headline()), folds.headline() + " / " + line);
        // The device "auto" chose, not "auto": a row of one model keeps the same, so the two compare.
        assertEquals("cpu", runs.get(0).settings().get(layerlab.train.RunLog.RAN_ON));
        assertEquals("cpu", runs.get(1).settings().get(layerlab.train.RunLog.RAN_ON));
        assertEquals("one split", runs.get(1).changes());
    }

    @Test
    void trainingFromTheCommandLineMatchesPyTorch(@TempDir Path dir) throws Exception {
        JsonNode f = new ObjectMapper().readTree(Path.of("..", "engine", "src", "test", "resources", "fixtures", "train", "neural_network_sgd.json").toFile());
        int n = f.get("steps").asInt() * f.get("batch_size").asInt();
        float[] x = new float[n * 784];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 784; j++) x[i * 784 + j] = (float) (0.5 + 0.5 * Math.sin(0.37 * i + 0.0113 * j));
            y[i] = (7L * i + 3) % 10;
        }
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n, 1, 28, 28));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(y, n));
        String[] names = {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"};
        int[][] shapes = {{512, 784}, {512}, {512, 512}, {512}, {10, 512}, {10}};
        int[] fanIn = {784, 784, 512, 512, 512, 512};
        Map<String, Tensor> init = new LinkedHashMap<>();
        for (int p = 0; p < names.length; p++) {
            float[] v = new float[shapes[p].length == 2 ? shapes[p][0] * shapes[p][1] : shapes[p][0]];
            for (int k = 0; k < v.length; k++) v[k] = (float) (Math.sin(1.7 * k + p) / Math.sqrt(fanIn[p]));
            init.put(names[p], Tensor.of(v, shapes[p]));
        }
        Safetensors.save(dir.resolve("init.safetensors"), init);
        Path trained = dir.resolve("trained.safetensors");
        int code = cli.run("train", SAMPLES.resolve("neural-network.json").toString(), "--data", "source=npy", "features=" + dir.resolve("x.npy"),
                "labels=" + dir.resolve("y.npy"), "--init-weights", dir.resolve("init.safetensors").toString(), "--no-shuffle",
                "--optimizer", "SGD", "--lr", f.get("lr").asText(), "--batch-size", f.get("batch_size").asText(), "--epochs", "1", "--device", "cpu",
                "--save-weights", trained.toString(), "--metrics", dir.resolve("m.jsonl").toString());
        assertEquals(0, code, cli.err.toString());
        Map<String, Tensor> w = Safetensors.load(trained).tensors();
        for (String name : names) {
            JsonNode p = f.get("params").get(name);
            float[] got = w.get(name).toFloatArray();
            for (int k = 0; k < p.get("indices").size(); k++) {
                int i = p.get("indices").get(k).asInt();
                assertEquals(p.get("values").get(k).asDouble(), got[i], 1e-4, name + "[" + i + "]");
            }
        }
        List<String> log = Files.readAllLines(dir.resolve("m.jsonl"));
        assertEquals(1 + 20 + 2, log.size(), "how the run was made, 20 batches, the epoch and the end");
        assertTrue(log.get(0).startsWith("{\"event\":\"started\""), log.get(0));
        JsonNode first = new ObjectMapper().readTree(log.get(1));
        assertEquals("batch", first.get("event").asText());
        assertEquals(f.get("losses").get(0).asDouble(), first.get("loss").asDouble(), 1e-5);
        assertTrue(log.get(22).contains("\"event\":\"finished\""), log.get(22));
    }

    static List<Path> samples() throws Exception {
        try (var files = Files.list(SAMPLES)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertTrue(all.size() >= 10, all.toString());
            return all;
        }
    }

    /** Every sample trains a couple of steps from the command line, and eval and predict use the bundle it writes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleTrainsAndItsBundleEvaluatesAndPredicts(Path sample, @TempDir Path dir) throws Exception {
        String name = sample.getFileName().toString().replace(".json", "");
        Map<String, Object> dataset = layerlab.graph.json.ProjectJson.load(sample).dataset();
        // Less data where the source has a size, a smaller validation split where it has not: the walk takes seconds.
        String smaller = dataset.containsKey("n") ? "n=120" : "validation_split=0.02";
        Path bundle = dir.resolve(name + ".llab");
        assertEquals(0, cli.run("train", sample.toString(), "--steps", "2", "--batch-size", "8", "--device", "cpu", "--data", smaller,
                "--save-bundle", bundle.toString()), cli.err.toString());
        assertTrue(cli.out.toString().contains("epoch 1/"), cli.out.toString());
        assertTrue(cli.out.toString().contains("finished after 1 epoch, 2 steps"), cli.out.toString());
        ModelBundle b = ModelBundle.load(bundle);
        assertEquals(1, b.metrics().size());

        assertEquals(0, cli.run("eval", bundle.toString(), "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("loss "), cli.out.toString());
        // A regression (no classes: the sine, the sunspots' windows) and an autoencoder (the digits' classes kept, unused: it
        // remakes its pictures) are scored by their errors, a classifier by its accuracy, a next-token model by its per-token
        // loss, perplexity and next-token accuracy (its confusion matrix, a token a step, would be noise: EvalCommand).
        boolean nextTokens = layerlab.data.NextTokens.isNextToken(b.names().vocabulary());
        if (nextTokens) assertTrue(cli.out.toString().contains("per-token loss ") && cli.out.toString().contains("perplexity ")
                && cli.out.toString().contains("next-token accuracy ") && !cli.out.toString().contains("confusion matrix"), cli.out.toString());
        else if (b.names().classes().isEmpty() || layerlab.train.Losses.reconstructs(b.graph())) assertTrue(cli.out.toString().contains("mae ") && cli.out.toString().contains("  rmse ") && cli.out.toString().contains("  r2 "), cli.out.toString());
        else assertTrue(cli.out.toString().contains("accuracy ") && cli.out.toString().contains("confusion matrix"), cli.out.toString());

        Tensor x = sampleInputs(b, 5);
        Path xs = dir.resolve(name + "-x.npy"), ys = dir.resolve(name + "-y.npy");
        Npy.write(xs, x);
        assertEquals(0, cli.run("predict", bundle.toString(), "--input", xs.toString(), "--output", ys.toString(), "--device", "cpu"), cli.err.toString());
        assertEquals(5, Npy.read(ys).size(0));
        assertTrue(cli.out.toString().startsWith("wrote " + ys), cli.out.toString());
    }

    /** Five samples of the bundle's data set before normalization, as a user's .npy would hold them. */
    private static Tensor sampleInputs(ModelBundle b, int count) throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>(b.graph().dataset());
        settings.put("normalize", "none");
        if (settings.containsKey("n")) settings.put("n", 20);
        var split = DataSources.open(settings, SAMPLES);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        return split.train().batch(idx).inputs();
    }

    @Test
    void aRunThatTurnsNaNFailsWithExitCode1NamingTheNode(@TempDir Path dir) {
        int code = cli.run("train", SAMPLES.resolve("regression.json").toString(), "--optimizer", "SGD", "--lr", "1e12", "--device", "cpu",
                "--save-weights", dir.resolve("w.safetensors").toString());
        assertEquals(1, code, cli.out.toString());
        cli.assertOneLineError("layerlab train: " + SAMPLES.resolve("regression.json") + ": training failed: the loss became ");
        assertTrue(cli.err.toString().contains("\"loss\" (MSELoss)") && cli.err.toString().contains("Hint: lower the learning rate"), cli.err.toString());
        assertFalse(Files.exists(dir.resolve("w.safetensors")), "nothing is saved from a failed run");
    }

    @Test
    void badInputIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        String spirals = SAMPLES.resolve("spirals.json").toString();
        assertEquals(2, cli.run("train", dir.resolve("missing.json").toString()));
        cli.assertOneLineError("layerlab train: " + dir.resolve("missing.json") + ": no such file");
        assertEquals(2, cli.run("train", spirals, "--optimizer", "Adamm"));
        cli.assertOneLineError("layerlab train: --optimizer is \"Adamm\" (did you mean Adam?); choose one of SGD, Adam, AdamW, RMSprop, Adagrad, NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD, LBFGS");
        assertEquals(2, cli.run("train", spirals, "--epochs", "0"));
        cli.assertOneLineError("layerlab train: --epochs must be an integer of at least 1, got 0");
        assertEquals(2, cli.run("train", spirals, "--data", "nosie=0.1"));
        cli.assertOneLineError("layerlab train: " + spirals + ": dataset: unknown key \"nosie\"");
        assertEquals(2, cli.run("train", spirals, "--data", "source=sine"));
        cli.assertOneLineError("layerlab train: " + spirals + ": the data does not fit the model: Input \"points\": takes [2] per sample (2 values) but the data set's samples "
                + "are [1] (1 value): set the shape to [1].");
        Path badLr = dir.resolve("bad-lr.json");
        Files.writeString(badLr, Files.readString(SAMPLES.resolve("spirals.json")).replaceFirst("\"lr\": [0-9.]+", "\"lr\": -1"));
        assertEquals(2, cli.run("train", badLr.toString()));
        cli.assertOneLineError("layerlab train: " + badLr + ":");
        assertTrue(cli.err.toString().matches("(?s)layerlab train: .*bad-lr\\.json:\\d+:\\d+: training\\.optimizer\\.lr must be at least 0, got -1\\s*"),
                "said at its line in the file: " + cli.err);
        assertEquals(2, cli.run("train", spirals, "--device", "cuda:7"));
        cli.assertOneLineError("layerlab train: " + spirals + ": cuda:7 is unavailable");
        Safetensors.save(dir.resolve("w.safetensors"), Map.of("fc1.weight", Tensor.zeros(3, 3)));
        assertEquals(2, cli.run("train", spirals, "--init-weights", dir.resolve("w.safetensors").toString()));
        cli.assertOneLineError("layerlab train: " + spirals + ": " + dir.resolve("w.safetensors") + " does not fit the model: Error(s) in loading state_dict: ");

        assertEquals(2, cli.run("eval", spirals));
        cli.assertOneLineError("layerlab eval: " + spirals + " is a project: give its trained weights with --weights");
        assertEquals(2, cli.run("predict", dir.resolve("nope.llab").toString(), "--input", "x.npy", "--output", "y.npy"));
        cli.assertOneLineError("layerlab predict: " + dir.resolve("nope.llab") + ": no such file");
    }

    @Test
    void predictTakesAProjectWithWeightsAndChecksTheInputShape(@TempDir Path dir) throws Exception {
        String spirals = SAMPLES.resolve("spirals.json").toString();
        Path w = dir.resolve("w.safetensors");
        assertEquals(0, cli.run("train", spirals, "--steps", "3", "--data", "n=100", "--save-weights", w.toString(), "--device", "cpu"), cli.err.toString());
        Npy.write(dir.resolve("x.npy"), Tensor.of(new float[] {0.1f, 0.2f, -0.5f, 0.3f, 0f, 0f}, 3, 2));
        assertEquals(0, cli.run("predict", spirals, "--weights", w.toString(), "--input", dir.resolve("x.npy").toString(), "--output",
                dir.resolve("y.npy").toString(), "--device", "cpu"), cli.err.toString());
        assertEquals("[3, 2]", java.util.Arrays.toString(Npy.read(dir.resolve("y.npy")).shape()));
        Npy.write(dir.resolve("bad.npy"), Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertEquals(2, cli.run("predict", spirals, "--weights", w.toString(), "--input", dir.resolve("bad.npy").toString(), "--output",
                dir.resolve("y.npy").toString(), "--device", "cpu"));
        cli.assertOneLineError("layerlab predict: " + dir.resolve("bad.npy") + " does not fit the model: ");
    }

    /** Pictures channels last ([N, 28, 28, 3] from NumPy) for a model of [3, 28, 28] are refused, not reshaped into scrambled pixels. */
    @Test
    void predictRefusesPicturesChannelsLast(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("rgb.llab");
        assertEquals(0, cli.run("train", SAMPLES.resolve("conv-batchnorm-rgb.json").toString(), "--steps", "1", "--device", "cpu", "--data", "n=64",
                "normalize=none", "--save-bundle", bundle.toString()), cli.err.toString());
        Npy.write(dir.resolve("hwc.npy"), Tensor.zeros(2, 28, 28, 3));
        assertEquals(2, cli.run("predict", bundle.toString(), "--input", dir.resolve("hwc.npy").toString(), "--device", "cpu"));
        cli.assertOneLineError("layerlab predict: " + dir.resolve("hwc.npy") + " does not fit the model: Input \"images\" takes [3, 28, 28] per sample but "
                + "the data set's samples are [28, 28, 3]: the same sizes in another order");
    }

    @Test
    void anInputThatTheNormalizationCannotTakeIsNamedAgainstTheModelsInput(@TempDir Path dir) throws Exception {
        String cnn = SAMPLES.resolve("simple-cnn.json").toString();
        Path w = dir.resolve("w.safetensors");
        assertEquals(0, cli.run("train", cnn, "--steps", "1", "--save-weights", w.toString(), "--device", "cpu"), cli.err.toString());
        Npy.write(dir.resolve("rgb.npy"), Tensor.zeros(2, 3, 28, 28));
        assertEquals(2, cli.run("predict", cnn, "--weights", w.toString(), "--input", dir.resolve("rgb.npy").toString(), "--output",
                dir.resolve("y.npy").toString(), "--device", "cpu"));
        cli.assertOneLineError("layerlab predict: " + dir.resolve("rgb.npy") + " does not fit the model: samples of [3, 28, 28] (Input \"x\" takes [1, 28, 28]");
    }

    /**
     * A test file that lacks one of the model's classes is scored by class name, not by its own numbering; its columns
     * are found by the model's feature names, in whatever order the file has them; a class the model does not know is
     * said with its line and column.
     */
    @Test
    void evalMatchesTheDataClassesToTheModelsByName(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("iris.llab");
        assertEquals(0, cli.run("train", SAMPLES.resolve("iris.json").toString(), "--epochs", "60", "--device", "cpu", "--save-bundle", bundle.toString()),
                cli.err.toString());
        // Clear setosa and virginica flowers only: numbered alone, virginica would be class 1, the model's versicolor.
        Path part = Files.writeString(dir.resolve("part.csv"), "sepal_length,sepal_width,petal_length,petal_width,species\n"
                + "5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa\n7.7,3.8,6.7,2.2,virginica\n7.2,3.6,6.1,2.5,virginica\n");
        assertEquals(0, cli.run("eval", bundle.toString(), "--data", "source=csv", "path=" + part, "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("accuracy 100.00%"), cli.out.toString());
        assertTrue(cli.out.toString().contains("true\\pred      setosa versicolor  virginica\nsetosa              2          0          0\n"), cli.out.toString());

        // The same flowers, their columns in another order (the label first): read by the columns' names, not their places.
        Path reordered = Files.writeString(dir.resolve("reordered.csv"), "species,petal_width,petal_length,sepal_width,sepal_length\n"
                + "setosa,0.2,1.4,3.5,5.1\nsetosa,0.2,1.4,3.0,4.9\nvirginica,2.2,6.7,3.8,7.7\nvirginica,2.5,6.1,3.6,7.2\n");
        assertEquals(0, cli.run("eval", bundle.toString(), "--data", "source=csv", "path=" + reordered, "label_column=species", "--device", "cpu"),
                cli.err.toString());
        assertTrue(cli.out.toString().contains("accuracy 100.00%"), cli.out.toString());

        Path daisy = Files.writeString(dir.resolve("daisy.csv"), "sepal_length,sepal_width,petal_length,petal_width,species\n5,3,1,0.2,daisy\n");
        assertEquals(2, cli.run("eval", bundle.toString(), "--data", "source=csv", "path=" + daisy, "--device", "cpu"));
        cli.assertOneLineError("layerlab eval: " + daisy + ":2: column 5 (\"species\"): \"daisy\" is not one of the training set's classes (setosa, versicolor, "
                + "virginica)");
    }

    /** restore_best: the run says whose weights it kept, and the bundle holds them (its eval gives that epoch's val_loss). */
    @Test
    void earlyStoppingKeepsTheBestWeightsWhenAsked(@TempDir Path dir) throws Exception {
        String project = Files.readString(SAMPLES.resolve("iris.json")).replace("\"optimizer\": {\"name\": \"Adam\", \"lr\": 0.01},",
                "\"optimizer\": {\"name\": \"SGD\", \"lr\": 0.5}, \"early_stopping\": {\"metric\": \"train_loss\", \"mode\": \"max\", \"patience\": 2, "
                        + "\"restore_best\": true},");
        assertTrue(project.contains("restore_best"));
        Path json = Files.writeString(dir.resolve("iris-best.json"), project), bundle = dir.resolve("best.llab");
        assertEquals(0, cli.run("train", json.toString(), "--device", "cpu", "--save-bundle", bundle.toString()), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("\nstopped early after 3 epochs, "), out);
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("\nkept the weights of epoch 1, the best \\(restore_best\\): train_loss [0-9.]+  "
                + "train_accuracy [0-9.]+%  val_loss ([0-9.]+)").matcher(out);
        assertTrue(kept.find(), out);
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("epoch 1/\\d+: .*val_loss ([0-9.]+)").matcher(out);
        assertTrue(first.find(), out);
        assertEquals(first.group(1), kept.group(1));
        cli.out.getBuffer().setLength(0);
        assertEquals(0, cli.run("eval", bundle.toString(), "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().matches("(?s).*loss " + java.util.regex.Pattern.quote(kept.group(1).substring(0, 5)) + ".*"), cli.out.toString());
    }

    @Test
    void evalPrintsLossAccuracyAndAConfusionMatrix(@TempDir Path dir) throws Exception {
        Path b = dir.resolve("moons.llab");
        assertEquals(0, cli.run("train", SAMPLES.resolve("binary-classifier.json").toString(), "--epochs", "50", "--data", "n=400", "--save-bundle",
                b.toString(), "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("epoch 50/50: train_loss "), cli.out.toString());
        assertEquals(0, cli.run("eval", b.toString(), "--device", "cpu"), cli.err.toString());
        String text = cli.out.toString();
        assertTrue(text.contains("validation split: 80 samples"), text);
        assertTrue(text.matches("(?s).*loss 0\\.\\d{4}  accuracy (9\\d|100)\\.\\d\\d%.*"), text);
        assertTrue(text.contains("confusion matrix (rows: true class, columns: predicted class):\ntrue\\pred    0    1\n0        "), text);
        // Per class, as scikit-learn prints it; its accuracy is the one above, to two decimals.
        assertTrue(text.contains("per class (as scikit-learn's classification_report):\n              precision    recall  f1-score   support\n\n"
                + "           0       "), text);
        java.util.regex.Matcher acc = java.util.regex.Pattern.compile("accuracy (\\d+\\.\\d\\d)%").matcher(text);
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("\n    accuracy +(\\d\\.\\d\\d) +80\n   macro avg ").matcher(text);
        assertTrue(acc.find() && line.find(), text);
        assertEquals(Double.parseDouble(acc.group(1)) / 100, Double.parseDouble(line.group(1)), 0.0051, text);
        // Two classes: the area under the ROC curve too, a well-trained moons model's near 1.
        java.util.regex.Matcher auc = java.util.regex.Pattern.compile("\nROC AUC (\\d\\.\\d{4}) \\(as scikit-learn's roc_auc_score; positive class: 1\\)\n")
                .matcher(text);
        assertTrue(auc.find(), text);
        assertTrue(Double.parseDouble(auc.group(1)) > 0.9, text);

        // The split evaluated, named as it is: both splits together, or a data file that has none, all of it.
        assertEquals(0, cli.run("eval", b.toString(), "--split", "all", "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("data: moons (n=400, noise=0.1, seed=0): 400 samples of [2], 2 classes (0, 1), all (train and validation splits): "
                + "400 samples\n"), cli.out.toString());
        Path test = Files.writeString(dir.resolve("test.csv"), "x,y,label\n0.0,0.5,1\n1.0,0.0,0\n");
        assertEquals(0, cli.run("eval", b.toString(), "--data", "source=csv", "path=" + test, "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("data: test.csv: 2 samples of [2], 2 classes (0, 1), all (no validation split): 2 samples\n"), cli.out.toString());
    }

    /**
     * --folds K: K fresh models, each validated on one fold (every sample validating once), their validation scores
     * printed and averaged as scikit-learn's cross_val_score(...).mean() and .std() (population) would; the same seed
     * gives the same folds. It keeps no model, so asking to save one is refused.
     */
    @Test
    void crossValidationTrainsAModelPerFoldAndAveragesTheirScores() {
        String iris = SAMPLES.resolve("iris.json").toString();
        assertEquals(0, cli.run("train", iris, "--folds", "3", "--epochs", "8"), cli.err.toString());
        String text = cli.out.toString();
        Matcher fold = Pattern.compile("fold (\\d)/3: (\\d+) for training, (\\d+) for validation, 8 epochs: .*val_accuracy (\\d+\\.\\d+)%").matcher(text);
        double[] acc = new double[3];
        int folds = 0, held = 0;
        while (fold.find()) {
            assertEquals(folds + 1, Integer.parseInt(fold.group(1)));
            assertEquals(150, Integer.parseInt(fold.group(2)) + Integer.parseInt(fold.group(3)));
            held += Integer.parseInt(fold.group(3));
            acc[folds++] = Double.parseDouble(fold.group(4));
        }
        assertEquals(3, folds, text);
        assertEquals(150, held, "every sample validates once");
        double mean = (acc[0] + acc[1] + acc[2]) / 3, std = 0;
        for (double a : acc) std += (a - mean) * (a - mean) / 3;
        std = Math.sqrt(std);
        Matcher summary = Pattern.compile("3-fold cross-validation: val_accuracy (\\d+\\.\\d+)% ± (\\d+\\.\\d+)%").matcher(text);
        assertTrue(summary.find(), text);
        assertEquals(mean, Double.parseDouble(summary.group(1)), 0.006, text);
        assertEquals(std, Double.parseDouble(summary.group(2)), 0.006, text);
        assertTrue(text.contains("per class, over the folds' predictions (as scikit-learn's classification_report of cross_val_predict):\n"), text);
        assertTrue(text.matches("(?s).*\n {4}accuracy +\\d\\.\\d\\d +150\n.*"), text);
        assertEquals(0, cli.run("train", iris, "--folds", "3", "--epochs", "8"));
        assertEquals(text.replaceAll("\\(\\d+\\.\\d s\\)", ""), cli.out.toString().replaceAll("\\(\\d+\\.\\d s\\)", ""), "the same folds, the same scores");

        assertEquals(2, cli.run("train", iris, "--folds", "3", "--save-bundle", "x.llab"));
        assertTrue(cli.err.toString().contains("--folds measures the design on 3 models and keeps none"), cli.err.toString());
        assertEquals(2, cli.run("train", iris, "--folds", "1"));
        assertTrue(cli.err.toString().contains("--folds must be at least 2, got 1"), cli.err.toString());
        assertEquals(2, cli.run("train", iris, "--folds", "151"));
        assertTrue(cli.err.toString().contains("iris: 151 folds, but no class has 151 samples (the most: 50)"), cli.err.toString());
    }

    /**
     * A project with a shape error is refused before its data set is read (here a CSV that is not there: it is never asked
     * for), with the errors as check says them (file, node, message) and check's exit code.
     */
    @Test
    void theProjectsOwnErrorsComeFirstAsCheckSaysThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("simple-cnn.json")).replace("\"in_features\": 3136", "\"in_features\": 3000")
                .replace("\"source\": \"mnist\"", "\"source\": \"csv\", \"path\": \"gone.csv\""));
        assertEquals(1, cli.run("check", "--no-data", "-q", file.toString()));
        String check = cli.err.toString();
        assertTrue(check.startsWith(file + ": error: Linear \"fc\": in_features is 3000"), check);
        for (String command : List.of("train", "lr-find", "profile")) {
            assertEquals(1, cli.run(command, file.toString(), "--device", "cpu"), command + ": " + cli.err);
            assertEquals(check, cli.err.toString(), command);
            assertFalse(cli.out.toString().contains("data:"), cli.out.toString());
        }
    }

    /** A bad value typed as an option is said by the option's name, not as the training setting it sets. */
    @Test
    void aBadOptionIsNamedAsTyped() {
        String iris = SAMPLES.resolve("iris.json").toString();
        assertEquals(2, cli.run("train", iris, "--batch-size", "0", "--device", "cpu"));
        cli.assertOneLineError("layerlab train: --batch-size must be an integer of at least 1, got 0");
        assertEquals(2, cli.run("train", iris, "--epochs", "0", "--device", "cpu"));
        cli.assertOneLineError("layerlab train: --epochs must be an integer of at least 1, got 0");
        assertEquals(2, cli.run("train", iris, "--lr", "-1", "--device", "cpu"));
        cli.assertOneLineError("layerlab train: --lr ");
        assertEquals(2, cli.run("lr-find", iris, "--batch-size", "0", "--device", "cpu"));
        cli.assertOneLineError("layerlab lr-find: --batch-size must be an integer of at least 1, got 0");
        assertEquals(2, cli.run("train", iris, "--optimizer", "Adamm", "--device", "cpu"));
        cli.assertOneLineError("layerlab train: --optimizer");
    }

    /**
     * A mistyped --device is refused at once by every command that takes one, before anything is opened (here the files
     * do not even exist): one line naming the option and what it may be, the exit code of the other bad options.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cuda:x", "cuda0", "gpu", "cuda:-1", "cpu0"})
    void aMistypedDeviceIsRefusedAtOnceNamingTheOption(String device) {
        for (List<String> command : List.of(List.of("train", "no-such-project.json"), List.of("lr-find", "no-such-project.json"),
                List.of("profile", "no-such-project.json"), List.of("eval", "no-such-model.llab"),
                List.of("predict", "no-such-model.llab", "--input", "x.npy"), List.of("bench", "--case", "mlp_train"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--device", device));
            assertEquals(2, cli.run(args.toArray(String[]::new)), String.join(" ", args));
            cli.assertOneLineError("layerlab " + command.get(0) + ": --device is \"" + device + "\"; choose cpu, cuda, cuda:N or auto");
        }
    }

    /** A device named right, in any case, passes the check: what stops these runs is the missing file, as before. */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "CUDA", "cuda:1", "Auto"})
    void aDeviceNamedRightGoesOnToTheFiles(String device) {
        assertEquals(2, cli.run("train", "no-such-project.json", "--device", device));
        cli.assertOneLineError("layerlab train: no-such-project.json");
        assertEquals(2, cli.run("eval", "no-such-model.llab", "--device", device));
        cli.assertOneLineError("layerlab eval: no-such-model.llab");
    }
}
