package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    static final Map<String, Object> XOR = Map.of("source", "xor", "n", 61, "seed", 2);

    @Test
    void everySampleValidatesOnceAndTheScoresAreTheFoldsMeanAndPopulationStd() throws Exception {
        List<CrossValidation.Fold> seen = new ArrayList<>();
        List<Trainer> trainers = new ArrayList<>();
        CrossValidation.Result r = CrossValidation.run(TrainerTest.mlp(8), TrainerTest.config("epochs", 2, "batch_size", 16, "seed", 1), XOR, Path.of("."), 3,
                (t, data) -> trainers.add(t), seen::add, () -> false);
        assertTrue(r.complete());
        assertFalse(r.stopped());
        assertEquals(3, trainers.size(), "a fresh model per fold");
        assertEquals(seen, r.done());
        assertEquals(List.of(21, 20, 20), r.done().stream().map(CrossValidation.Fold::validationSize).toList(), "KFold's sizes");
        for (CrossValidation.Fold f : r.done()) assertEquals(61, f.trainSize() + f.validationSize());
        CrossValidation.Score acc = r.scores().get(0);
        assertEquals("val_accuracy", acc.metric());
        double[] v = r.done().stream().mapToDouble(f -> f.metrics().get("val_accuracy")).toArray();
        double mean = (v[0] + v[1] + v[2]) / 3;
        assertEquals(mean, acc.mean(), 1e-12);
        assertEquals(Math.sqrt(((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean) + (v[2] - mean) * (v[2] - mean)) / 3), acc.std(), 1e-12);
        assertEquals("val_loss", r.scores().get(1).metric());
        assertFalse(r.done().get(0).metrics().containsKey("seconds"));
        // Pooled over the folds: every sample predicted once; the diagonal is the samples each fold's model got right.
        long[][] pooled = r.pooled();
        long total = 0, right = 0;
        for (int i = 0; i < pooled.length; i++) for (int j = 0; j < pooled.length; j++) {
            total += pooled[i][j];
            if (i == j) right += pooled[i][j];
        }
        assertEquals(61, total);
        double weighted = 0;
        for (CrossValidation.Fold f : r.done()) weighted += f.metrics().get("val_accuracy") * f.validationSize();
        assertEquals(weighted, right, 1e-6, "the folds' accuracies, weighted by their sizes");
    }

    @Test
    void stoppingEndsItBetweenFoldsAndBadSettingsAreRefused() throws Exception {
        List<CrossValidation.Fold> seen = new ArrayList<>();
        CrossValidation.Result r = CrossValidation.run(TrainerTest.mlp(4), TrainerTest.config("epochs", 1, "seed", 1), XOR, Path.of("."), 4,
                (t, data) -> { }, seen::add, () -> !seen.isEmpty());
        assertTrue(r.stopped());
        assertEquals(1, r.done().size());
        assertFalse(r.complete());
        assertEquals(2, r.scores().size(), "the folds run so far are scored");
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.run(TrainerTest.mlp(4), TrainerTest.config(), XOR, Path.of("."), 1,
                (t, data) -> { }, f -> { }, () -> false));
    }

    @Test
    void earlyStoppingOnTheValidationPartIsSaidToLeanOptimistic() {
        assertEquals(null, CrossValidation.caveat(TrainerTest.config("epochs", 3)));
        String c = CrossValidation.caveat(TrainerTest.config("early_stopping", Map.of("metric", "val_loss", "patience", 2)));
        assertTrue(c.startsWith("early stopping watches val_loss on each fold's validation part, which also scores the fold"), c);
        assertEquals(null, CrossValidation.caveat(TrainerTest.config("early_stopping", Map.of("metric", "train_loss", "patience", 2))));
    }
}
