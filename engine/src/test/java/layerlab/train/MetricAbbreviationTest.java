package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.spec.Spelling;
import org.junit.jupiter.api.Test;

/**
 * An abbreviated metric ({@code val_acc}, Keras's name) gets a did-you-mean: five edits from val_accuracy, it was past the
 * spelling matcher's reach, and early stopping and ReduceLROnPlateau's metric only listed the choices.
 */
class MetricAbbreviationTest {
    @Test
    void theOneCandidateAWordBeginsIsMeant() {
        assertEquals("val_accuracy", Spelling.closest("val_acc", List.of("val_loss", "val_accuracy", "val_mae", "train_accuracy")));
        assertEquals("BatchNorm2d", Spelling.closest("batchnorm2", List.of("BatchNorm1d", "BatchNorm2d", "Linear")), "still the nearest first");
        assertNull(Spelling.closest("Batch", List.of("BatchNorm1d", "BatchNorm2d", "Linear")), "several begin so: no guess");
        assertNull(Spelling.closest("va", List.of("val_accuracy")), "too short to be an abbreviation");
    }

    @Test
    void earlyStoppingAndThePlateauSayIt() {
        String es = assertThrows(ConfigException.class,
                () -> TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", "val_acc", "patience", 3)))).getMessage();
        assertTrue(es.startsWith("training.early_stopping.metric is \"val_acc\" (did you mean val_accuracy?)"), es);
        String plateau = assertThrows(ConfigException.class,
                () -> TrainingConfig.fromMap(Map.of("scheduler", Map.of("name", "ReduceLROnPlateau", "metric", "val_acc")))).getMessage();
        assertTrue(plateau.contains("\"val_acc\" (did you mean val_accuracy?)"), plateau);
    }
}
