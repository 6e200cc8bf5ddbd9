package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import layerlab.data.Generators;
import layerlab.data.TensorDataset;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
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
}
