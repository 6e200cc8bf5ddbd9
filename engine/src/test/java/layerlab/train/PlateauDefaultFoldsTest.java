package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSplit;
import org.junit.jupiter.api.Test;

/**
 * Cross-validation with a ReduceLROnPlateau left to its default metric, val_loss: each fold's rate steps on a part of its
 * training samples set aside (as scikit-learn's {@code MLPClassifier(early_stopping=True)} sets a {@code validation_fraction}
 * aside inside {@code fit}), never on the held-out fold that scores it, which it stepped on before, and the note says so;
 * stepping on train_loss sets nothing aside.
 */
class PlateauDefaultFoldsTest {
    private static CrossValidation.Result folds(Map<String, Object> scheduler, List<DataSplit> seen) throws Exception {
        return CrossValidation.run(TrainerTest.mlp(4), TrainerTest.config("epochs", 2, "batch_size", 16, "seed", 1, "scheduler", scheduler),
                CrossValidationTest.XOR, Path.of("."), 3, (t, data) -> seen.add(data), f -> { }, () -> false);
    }

    @Test
    void theDefaultStepsOnAPartSetAside() throws Exception {
        List<DataSplit> seen = new ArrayList<>();
        Map<String, Object> plateau = Map.of("name", "ReduceLROnPlateau", "patience", 0);
        CrossValidation.Result r = folds(plateau, seen);
        assertTrue(r.complete());
        for (CrossValidation.Fold f : r.done()) {
            assertTrue(f.stoppingSize() > 0, "fold " + f.index() + ": a part set aside");
            DataSplit data = seen.get(f.index());
            // What the run validates on (what its val_loss, the rate's metric, counts) is the part set aside, not the scoring fold.
            assertEquals(f.stoppingSize(), data.validation().size());
            assertEquals(61, f.trainSize() + f.stoppingSize() + f.validationSize(), "every sample in one part");
        }
        assertEquals("ReduceLROnPlateau steps on val_loss (its default) on 20% of each fold's training samples, set aside; the held-out fold only "
                + "scores the model", CrossValidation.note(TrainingConfig.fromMap(Map.of("scheduler", plateau)), CrossValidationTest.XOR));

        seen.clear();
        CrossValidation.Result onTrain = folds(Map.of("name", "ReduceLROnPlateau", "patience", 0, "metric", "train_loss"), seen);
        for (CrossValidation.Fold f : onTrain.done()) assertEquals(0, f.stoppingSize(), "train_loss needs no part aside");
        assertNull(CrossValidation.note(TrainingConfig.fromMap(Map.of("scheduler", Map.of("name", "ReduceLROnPlateau", "metric", "train_loss"))),
                CrossValidationTest.XOR));
    }
}
