package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** The feature space view's projections of a layer's outputs, on the {@link TestDevice} (a GPU in the GPU runs). */
class FeatureSpaceTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");

    private static Graph sample(String name) throws Exception {
        return ProjectJson.load(SAMPLES.resolve(name + ".json"));
    }

    private static Evaluator untrained(Graph g) {
        Device device = TestDevice.device();
        var model = GraphCompiler.compile(g);
        model.to(device);
        return new Evaluator(model, TrainingConfig.fromMap(g.training()).loss(), device);
    }

    /** Every sample's outputs at {@code layer} in one batch, flattened. */
    private static float[] outputs(Evaluator e, Dataset ds, String layer, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        e.model().eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            Tensor x = ds.batch(idx).inputs();
            return TestDevice.cpu(e.model().run(e.feeds().inputs(x, e.device()), List.of(layer)).get(layer)).contiguous().toFloatArray();
        }
    }

    /** What the Inspector shows of a layer: its outputs for a few samples, in eval mode, the model's mode kept. */
    @Test
    void aLayersActivationsForSomeSamples() throws Exception {
        Graph g = sample("spirals");
        DataSplit data = DataSources.open(g.dataset(), SAMPLES);
        Evaluator e = untrained(g);
        e.model().train();
        Tensor a = e.activations(data.validation(), "relu2", 5, 10);
        assertArrayEquals(new int[] {10, 32}, a.shape());
        float[] all = outputs(e, data.validation(), "relu2", 15);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 5 * 32, 15 * 32), a.contiguous().toFloatArray());
        e.model().train();
        assertEquals(List.of(3, 32), java.util.Arrays.stream(e.activations(data.validation(), "relu2", data.validation().size() - 3, 10).shape())
                .boxed().toList(), "as many as there are from first");
        assertTrue(e.model().isTraining(), "the model's mode is kept");
        assertNull(e.activations(data.validation(), "no such layer", 0, 4));
    }

    @Test
    void projectsALayersOutputsForTheFirstSamplesWithTheirClasses() throws Exception {
        Graph g = sample("spirals");
        DataSplit data = DataSources.open(g.dataset(), SAMPLES);
        Evaluator e = untrained(g);
        assertEquals(List.of("points", "fc1", "relu1", "fc2", "relu2", "fc3"), FeatureSpace.layers(e));
        assertEquals("relu2", FeatureSpace.defaultLayer(e));
        // 300 samples: two chunks through the model, the same numbers as one batch.
        FeatureSpace f = FeatureSpace.of(e, data.validation(), "relu2", 300);
        assertEquals(300, f.samples());
        assertArrayEquals(new int[] {32}, f.shape());
        Pca direct = Pca.of(outputs(e, data.validation(), "relu2", 300), 300, 32, 3);
        assertEquals(3, f.pca().k());
        assertArrayEquals(direct.points(), f.pca().points(), 1e-5f);
        assertArrayEquals(direct.ratios(), f.pca().ratios(), 1e-9);
        int[] idx = new int[300];
        for (int i = 0; i < 300; i++) idx[i] = i;
        long[] labels = data.validation().batch(idx).targets().toLongArray();
        for (int i = 0; i < 300; i++) assertEquals(labels[i], f.classes()[i], "sample " + i);
        assertNull(f.targets());
        assertEquals(data.validation().classNames(), f.classNames());
        assertTrue(f.describe().startsWith("relu2: 32 values a sample, 300 samples, " + f.misclassifiedCount() + " misclassified; PC1 holds "),
                f.describe());
        assertTrue(f.describe().contains(", PC3 "), f.describe());
        // No more samples than the data set has.
        assertEquals(data.validation().size(), FeatureSpace.of(e, data.validation(), "points", 1_000_000).samples());
    }

    /**
     * The predicted classes are those the model's Output gives (its largest score; a binary model's output above its
     * threshold), and the samples it gets wrong are as many as its accuracy leaves — for a trained and an untrained model,
     * a multi-class and a binary one.
     */
    @Test
    void marksTheSamplesTheModelGetsWrong() throws Exception {
        for (String name : List.of("iris", "binary-classifier")) {
            Graph g = sample(name);
            DataSplit data = DataSources.open(g.dataset(), SAMPLES);
            Map<String, Object> settings = new HashMap<>(g.training());
            settings.put("device", TestDevice.device().toString());
            settings.put("epochs", 3);
            Trainer t = new Trainer(g, TrainingConfig.fromMap(settings), data.train(), data.validation());
            for (int round = 0; round < 2; round++) {
                Evaluator e = t.evaluator();
                Dataset val = data.validation();
                FeatureSpace f = FeatureSpace.of(e, val, FeatureSpace.defaultLayer(e), 1_000_000);
                assertEquals(val.size(), f.samples());
                int[] idx = new int[val.size()];
                for (int i = 0; i < idx.length; i++) idx[i] = i;
                float[] out = e.predict(val.batch(idx).inputs(), 64).toFloatArray();
                int per = out.length / idx.length;
                for (int i = 0; i < idx.length; i++) {
                    int expected = 0;
                    if (per == 1) {
                        expected = out[i] > (e.task() == Metrics.Task.BINARY_LOGIT ? 0f : 0.5f) ? 1 : 0;
                    } else {
                        for (int c = 1; c < per; c++) if (out[i * per + c] > out[i * per + expected]) expected = c;
                    }
                    assertEquals(expected, f.predicted()[i], name + " sample " + i);
                    assertEquals(expected != f.classes()[i], f.misclassified(i), name + " sample " + i);
                }
                double accuracy = e.evaluate(val, 64, false).accuracy();
                assertEquals(Math.round((1 - accuracy) * val.size()), f.misclassifiedCount(), name + " round " + round);
                List<String> rows = f.csv().lines().toList();
                assertEquals("sample,pc1,pc2,pc3,class,predicted", rows.get(0));
                String[] last = rows.get(rows.size() - 1).split(",");
                assertEquals(f.className(f.predicted()[val.size() - 1]), last[last.length - 1]);
                if (round == 0) t.run();
            }
        }
    }

    /**
     * What training does to the picture: the spirals' two classes are wound into each other at the Input (their means in
     * the plane of the first two components nearly coincide), and a trained network's scores pull them apart. Measured by
     * Fisher's ratio in that plane (the distance between the class means squared over the mean within-class variance):
     * 0.10 at the Input, 0.09 at fc3 before training and 25 after 40 epochs. (Its hidden layers stay folded in their
     * first two components: 0.09 at relu2 even after the sample's 100 epochs; PCA shows the directions of largest
     * variance, which need not be those that separate.)
     */
    @Test
    void aTrainedLayerPullsTheClassesApart() throws Exception {
        Graph g = sample("spirals");
        DataSplit data = DataSources.open(g.dataset(), SAMPLES);
        Map<String, Object> settings = new HashMap<>(g.training());
        settings.put("device", TestDevice.device().toString());
        settings.put("epochs", 40);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(settings), data.train(), data.validation());
        double before = fisher(FeatureSpace.of(t.evaluator(), data.validation(), "fc3", 400));
        t.run();
        double input = fisher(FeatureSpace.of(t.evaluator(), data.validation(), "points", 400));
        double after = fisher(FeatureSpace.of(t.evaluator(), data.validation(), "fc3", 400));

        assertTrue(input < 0.2, "input " + input);
        assertTrue(after > 5 && after > 20 * before, "fc3 " + before + " → " + after);
    }

    /** Two classes' separation along the plane: |μ₀ − μ₁|² / ((σ₀² + σ₁²) / 2), σ² the mean squared distance to a class's mean. */
    private static double fisher(FeatureSpace f) {
        double[][] mean = new double[2][2];
        int[] count = new int[2];
        for (int i = 0; i < f.samples(); i++) {
            int c = f.classes()[i];
            count[c]++;
            for (int j = 0; j < 2; j++) mean[c][j] += f.pca().point(i, j);
        }
        for (int c = 0; c < 2; c++) for (int j = 0; j < 2; j++) mean[c][j] /= count[c];
        double[] var = new double[2];
        for (int i = 0; i < f.samples(); i++) {
            int c = f.classes()[i];
            for (int j = 0; j < 2; j++) var[c] += Math.pow(f.pca().point(i, j) - mean[c][j], 2);
        }
        double between = Math.pow(mean[0][0] - mean[1][0], 2) + Math.pow(mean[0][1] - mean[1][1], 2);
        return between / ((var[0] / count[0] + var[1] / count[1]) / 2);
    }

    @Test
    void aRegressionColoursByItsTargets() throws Exception {
        Graph g = sample("regression");
        DataSplit data = DataSources.open(g.dataset(), SAMPLES);
        Evaluator e = untrained(g);
        assertEquals("tanh", FeatureSpace.defaultLayer(e));
        FeatureSpace f = FeatureSpace.of(e, data.validation(), "tanh", 50);
        assertNull(f.classes());
        int[] idx = new int[50];
        for (int i = 0; i < 50; i++) idx[i] = i;
        assertArrayEquals(data.validation().batch(idx).targets().toFloatArray(), f.targets());
    }

    @Test
    void tokenIdsAreRefusedWithTheLayerToChooseInstead() throws Exception {
        Graph g = sample("lstm-text-classifier");
        DataSplit data = DataSources.open(g.dataset(), SAMPLES);
        Evaluator e = untrained(g);
        assertEquals("last", FeatureSpace.defaultLayer(e));
        IllegalArgumentException x;
        x = assertThrows(IllegalArgumentException.class, () -> FeatureSpace.of(e, data.validation(), "subject", 10));
        assertEquals("subject's output is int64, not values to project (token ids, class indices): choose a layer after it", x.getMessage());
        FeatureSpace f = FeatureSpace.of(e, data.validation(), "lstm", 20);
        assertArrayEquals(new int[] {20, 128}, f.shape());
        assertEquals(20 * 128, f.pca().features());
        assertThrows(IllegalArgumentException.class, () -> FeatureSpace.of(e, data.validation(), "nope", 10));
        for (String off : List.of("labels", "loss", "logits")) {
            x = assertThrows(IllegalArgumentException.class, () -> FeatureSpace.of(e, data.validation(), off, 10));
            assertEquals(off + " is not on the way from the Input to the model's output logits: choose one of subject, embedding, lstm, last, fc",
                    x.getMessage());
        }
    }

    /** Wide outputs take fewer samples, so that a convolution's maps are projected in seconds, not minutes. */
    @Test
    void wideOutputsTakeFewerSamples() {
        assertEquals(1000, FeatureSpace.samplesFor(32));
        assertEquals(1000, FeatureSpace.samplesFor(3136), "SimpleCNN's flatten: 3.1e9 multiply-adds");
        assertEquals(790, FeatureSpace.samplesFor(50 * 128));
        assertEquals(399, FeatureSpace.samplesFor(32 * 28 * 28), "SimpleCNN's conv1");
    }
}
