package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * Cross-validating the penguins-two-heads sample keeps each classifier head's confusion matrix per fold and pools them
 * (scikit-learn's {@code confusion_matrix(y, cross_val_predict(...))}, per head): the species head's, none for the bill
 * depth (an amount); each fold's matrix agrees with its val_accuracy_species_loss, the pool counts every sample once, and
 * its rows are named by the species column's classes.
 */
class CrossValidationHeadConfusionTest {
    @Test
    void eachClassifierHeadHasAPooledMatrix() throws Exception {
        Path dir = Path.of("../sample-projects");
        Graph g = ProjectJson.read(Files.readString(dir.resolve("penguins-two-heads.json")).replace("\"epochs\": 60", "\"epochs\": 2"),
                "penguins-two-heads.json");
        CrossValidation.Result r = CrossValidation.run(g, TrainingConfig.fromMap(g.training()), g.dataset(), dir, 3, (t, d) -> { }, f -> { }, () -> false);
        assertEquals(3, r.done().size());
        assertNull(r.pooled(), "no one-target matrix: the run's targets are two heads'");
        assertEquals(List.of("species_loss"), List.copyOf(r.pooledHeads().keySet()), "the bill depth is an amount");
        long[][] pooled = r.pooledHeads().get("species_loss");
        long[][] sum = new long[pooled.length][pooled.length];
        int samples = 0;
        for (CrossValidation.Fold f : r.done()) {
            long[][] m = f.headConfusions().get("species_loss");
            long right = 0, all = 0;
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m.length; j++) {
                    sum[i][j] += m[i][j];
                    all += m[i][j];
                    if (i == j) right += m[i][j];
                }
            }
            assertEquals(f.validationSize(), all, "fold " + f.index() + ": each held-out sample once");
            assertEquals(f.metrics().get("val_accuracy_species_loss"), (double) right / all, 1e-6, "fold " + f.index());
            samples += f.validationSize();
        }
        for (int i = 0; i < pooled.length; i++) assertArrayEquals(sum[i], pooled[i], "row " + i);
        assertEquals(3, pooled.length);
        assertEquals(3, r.headClasses().get("species_loss").size(), r.headClasses().toString());
        long total = 0;
        for (long[] row : pooled) for (long v : row) total += v;
        assertEquals(samples, total);
    }
}
