package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.compile.GraphCompiler;
import layerlab.testing.TestDevice;
import layerlab.train.TrainingEvent.RunFinished;
import org.junit.jupiter.api.Test;

/**
 * An autoencoder: the loss's target port reads the data Input itself, and the data set's class labels play no part. Its
 * run is scored by MAE against the pictures (it was NaN, measured against the labels), a BCE reconstruction loss is not
 * taken for a binary classifier (the data's 10 classes refused it), and nothing is called accuracy.
 */
class AutoencoderTest {
    /** 240 labelled "pictures" of 16 values in [0, 1]: two of four bars lit, the label the first bar's index. */
    static TensorDataset bars(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 16];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int a = r.nextInt(4), b = r.nextInt(4);
            for (int j = 0; j < 16; j++) x[i * 16 + j] = (j / 4 == a || j % 4 == b) ? 0.9f : 0.1f * r.nextFloat();
            y[i] = a;
        }
        return TensorDataset.classification("bars", x, new int[] {1, 4, 4}, y, List.of("0", "1", "2", "3"));
    }

    static Graph autoencoder(String loss) {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(1, 4, 4))
                .node("flatten", "Flatten")
                .node("enc", "Linear", "in_features", 16, "out_features", 8)
                .node("relu", "ReLU")
                .node("dec", "Linear", "in_features", 8, "out_features", 16)
                .node("sig", "Sigmoid")
                .node("back", "Reshape", "shape", List.of(1, 4, 4))
                .node("recon", "Output")
                .node("loss", loss)
                .chain("x", "flatten", "enc", "relu", "dec", "sig", "back", "recon")
                .edge("back.out", "loss.input").edge("x.out", "loss.target")
                .build();
    }

    private static RunFinished train(Graph g, TensorDataset train, TensorDataset val) {
        Trainer t = new Trainer(g, TrainerTest.config("optimizer", Map.of("name", "Adam", "lr", 0.03), "epochs", 30, "batch_size", 32, "seed", 0), train, val);
        return assertInstanceOf(RunFinished.class, t.run());
    }

    @Test
    void anMseAutoencoderIsScoredByItsReconstructionsError() {
        TensorDataset train = bars(240, 1), val = bars(60, 2);
        Graph g = autoencoder("MSELoss");
        RunFinished end = train(g, train, val);
        Map<String, Double> m = end.metrics();
        assertFalse(m.containsKey("val_accuracy"), m.toString());
        double mae = m.get("val_mae");
        assertTrue(mae < 0.15, "the reconstruction's mean absolute error, against the pictures (NaN against the labels): " + m);

        var model = GraphCompiler.compile(g);
        var ev = new Evaluator(model, null, TestDevice.device());
        assertTrue(ev.reconstructs());
        assertEquals(Metrics.Task.REGRESSION, ev.task());
    }

    @Test
    void aBceAutoencoderFitsDataWithClassesAndIsScoredByMae() {
        TensorDataset train = bars(240, 1), val = bars(60, 2);
        Graph g = autoencoder("BCELoss");
        // The data's 4 classes are no reason to refuse BCELoss here: it compares pixels in [0, 1] with the pictures.
        DataFit.require(layerlab.graph.analysis.Analysis.of(g), train);
        RunFinished end = train(g, train, val);
        Map<String, Double> m = end.metrics();
        assertFalse(m.containsKey("val_accuracy"), "a pixel above 0.5 is no class: " + m);
        assertTrue(m.get("val_mae") < 0.15, m.toString());
        assertTrue(m.get("val_loss") < m.get("val_mae") * 10, m.toString());
    }

    /**
     * The mnist-autoencoder sample learns to remake its digits: after 2 of its 5 epochs the validation MSE is below 0.035
     * (measured 0.0315; a model that draws every digit as the mean picture scores 0.067), its MAE below 0.09 (0.082).
     */
    @Test
    void theSampleRemakesItsDigits() throws Exception {
        Graph g = layerlab.graph.json.ProjectJson.load(java.nio.file.Path.of("..", "sample-projects", "mnist-autoencoder.json"));
        var data = layerlab.data.DataSources.open(g.dataset(), java.nio.file.Path.of("."));
        Map<String, Object> settings = new java.util.HashMap<>(g.training());
        settings.put("epochs", 2);
        settings.put("device", TestDevice.device().toString());
        Trainer t = new Trainer(g, TrainingConfig.fromMap(settings), data.train(), data.validation());
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        Map<String, Double> m = end.metrics();
        assertTrue(m.get("val_loss") < 0.035 && m.get("val_mae") < 0.09, m.toString());
        assertFalse(m.containsKey("val_accuracy"), m.toString());
    }

    /**
     * A denoising autoencoder: with RandomErasing on its training pictures, the network takes the erased picture and its
     * loss compares the reconstruction with the picture as it was; it compared with the erased one (the target was the
     * same Input's feed), so that the model learnt to remake the holes.
     */
    @Test
    void anAugmentedAutoencoderRemakesTheCleanPicture() {
        TensorDataset train = bars(64, 3);
        var erasing = layerlab.data.Augmentation.parse(List.of(Map.of("name", "RandomErasing", "p", 1.0, "scale", List.of(0.2, 0.5), "ratio", List.of(1.0, 1.0))));
        var augmented = erasing.over(train, null, 7);
        int[] all = new int[32];
        for (int i = 0; i < all.length; i++) all[i] = i;
        layerlab.data.Batch b = augmented.batch(all);
        float[] erased = b.inputs().toFloatArray(), clean = train.batch(all).inputs().toFloatArray();
        assertFalse(java.util.Arrays.equals(erased, clean), "RandomErasing changed some pictures");

        var model = GraphCompiler.compile(autoencoder("MSELoss"));
        Evaluator ev = new Evaluator(model, null, TestDevice.device());
        Evaluator.Pass p = ev.forward(b, List.of());
        org.junit.jupiter.api.Assertions.assertArrayEquals(clean, p.target().toFloatArray(), "the loss's target: the pictures before erasing");
        // The loss is the reconstruction of the erased pictures against the clean ones.
        float[] out = p.output().toFloatArray();
        double mse = 0;
        for (int k = 0; k < out.length; k++) mse += ((double) out[k] - clean[k]) * ((double) out[k] - clean[k]);
        assertEquals(mse / out.length, p.loss().item(), 1e-6);
        // The network took the erased pictures: its output is the model's on them.
        org.junit.jupiter.api.Assertions.assertArrayEquals(ev.predict(b.inputs(), 32).toFloatArray(), out, 1e-6f);
    }
}
