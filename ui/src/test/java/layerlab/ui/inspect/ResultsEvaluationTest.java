package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import layerlab.data.DataSplit;
import layerlab.data.Generators;
import layerlab.data.Normalization;
import layerlab.data.TensorDataset;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.train.Metrics;
import layerlab.train.Roc;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The Results tab's numbers are the whole validation set's, as layerlab eval's: more samples than one chunk included. */
class ResultsEvaluationTest {
    @Test
    void everySampleCountsAndTheFirstChunkIsKeptToShow() throws Exception {
        var g = ProjectJson.load(Path.of("..", "sample-projects", "binary-classifier.json"));
        TensorDataset data = Generators.moons(2 * Evaluation.KEPT + 345, 0.3, 7);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(Map.of("device", "cpu", "seed", 3)), data, null);
        Evaluation e = Evaluation.of(t, data);

        // All at once, as one pass would see them.
        int n = data.size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        var batch = data.batch(all);
        float[] out = Probes.predict(t, batch.inputs());
        int[] predicted = Evaluation.classes(out, n, t.evaluator().task());
        assertArrayEquals(predicted, e.predicted());
        long[] labels = batch.targets().toLongArray();
        long[][] cm = new long[2][2];
        for (int i = 0; i < n; i++) cm[(int) labels[i]][predicted[i]]++;
        assertArrayEquals(cm[0], e.confusion()[0]);
        assertArrayEquals(cm[1], e.confusion()[1]);
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) positive[i] = labels[i] == 1;
        assertEquals(Roc.of(Roc.positiveScores(out, out.length / n), positive).auc(), e.roc().auc(), 1e-12);
        // The gallery's samples: the first chunk's features, as the data set has them.
        Tensor first = data.batch(java.util.stream.IntStream.range(0, Evaluation.KEPT).toArray()).inputs();
        assertArrayEquals(first.toFloatArray(), e.features());
    }

    @Test
    void aRegressionsErrorsAreOverEverySampleAndTheFirstChunkIsPlotted() throws Exception {
        var g = ProjectJson.load(Path.of("..", "sample-projects", "regression.json"));
        TensorDataset data = Generators.sine(Evaluation.KEPT + 777, 0.1, 5);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(Map.of("device", "cpu", "seed", 3)), data, null);
        RegressionFitPane.Regression r = RegressionFitPane.regression(t, data, new DataSplit(data, null, Normalization.none(), "sine"));
        int n = data.size();
        var batch = data.batch(java.util.stream.IntStream.range(0, n).toArray());
        float[] out = Probes.predict(t, batch.inputs());
        Metrics m = Metrics.forTask(Metrics.Task.REGRESSION, false);
        m.add(0, n, Tensor.of(out, n, 1), batch.targets().reshape(n, 1));
        assertEquals(n, r.evaluated());
        assertEquals(m.mae(), r.mae(), 1e-6 * m.mae());
        assertEquals(m.r2(), r.r2(), 1e-9);
        assertEquals(Evaluation.KEPT, r.samples());
        assertEquals(out[Evaluation.KEPT - 1], r.predicted()[Evaluation.KEPT - 1], 0);
    }
}
