package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import org.junit.jupiter.api.Test;

/** K-fold cross-validation, on the test device ({@link TrainerTest#config}: a GPU in the GPU runs). */
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
    void earlyStoppingOnAValidationMetricWatchesAPartOfTheTrainingFoldsNeverTheScoringFold() throws Exception {
        assertEquals(null, CrossValidation.note(TrainerTest.config("epochs", 3), XOR));
        assertEquals(null, CrossValidation.note(TrainerTest.config("early_stopping", Map.of("metric", "train_loss", "patience", 2)), XOR));
        TrainingConfig es = TrainerTest.config("epochs", 30, "seed", 1, "early_stopping", Map.of("metric", "val_loss", "patience", 2, "restore_best", true));
        String note = CrossValidation.note(es, XOR);
        assertTrue(note.startsWith("early stopping watches val_loss on 20% of each fold's training samples, set aside"), note);

        // The three parts of each fold: disjoint, together the whole set, the held-out fold the one a plain fold holds out.
        DataSources.Folds folds = DataSources.folds(XOR, Path.of("."), 4);
        for (int f = 0; f < 4; f++) {
            DataSources.Nested n = folds.openNested(f);
            DataSplit plain = folds.open(f);
            assertEquals(plain.validation().size(), n.scoring().size());
            assertEquals(plain.train().size(), n.split().train().size() + n.split().validation().size());
            assertEquals(Math.round(0.2 * plain.train().size()), n.split().validation().size());
            java.util.Set<String> rows = new java.util.HashSet<>();
            for (layerlab.data.Dataset d : List.of(n.split().train(), n.split().validation(), n.scoring())) {
                float[] x = d.batch(range(d.size())).inputs().toFloatArray();
                int w = x.length / d.size();
                for (int i = 0; i < d.size(); i++) assertTrue(rows.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(x, i * w, i * w + w))),
                        "fold " + f + ": a sample in two parts");
            }
        }

        // Each fold's score is its held-out samples' as the kept model predicts them, not the early-stopping part's.
        List<DataSplit> seen = new ArrayList<>();
        CrossValidation.Result r = CrossValidation.run(TrainerTest.mlp(4), es, XOR, Path.of("."), 4, (t, data) -> seen.add(data), f -> { }, () -> false);
        assertTrue(r.complete());
        for (CrossValidation.Fold fold : r.done()) {
            DataSources.Nested n = folds.openNested(fold.index());
            assertEquals(n.scoring().size(), fold.validationSize());
            assertEquals(n.split().validation().size(), fold.stoppingSize());
            assertEquals(n.split().train().size(), fold.trainSize());
            long right = 0, all = 0;
            for (int i = 0; i < fold.confusion().length; i++) for (int j = 0; j < fold.confusion().length; j++) {
                all += fold.confusion()[i][j];
                if (i == j) right += fold.confusion()[i][j];
            }
            assertEquals(n.scoring().size(), all, "the confusion counts the held-out fold");
            assertEquals((double) right / all, fold.metrics().get("val_accuracy"), 1e-12);
        }
        assertTrue(seen.get(0).description().contains(" to stop early, "), seen.get(0).description());
    }

    private static int[] range(int n) {
        int[] i = new int[n];
        for (int k = 0; k < n; k++) i[k] = k;
        return i;
    }
}
