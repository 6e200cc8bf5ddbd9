package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A settings file's misspelt early_stopping.metric: the refusal says what was probably meant and every choice there is,
 * the loss nodes' own losses among them (it said only the six usual metrics, so {@code VAL_LOSS_ce} read as no choice at all).
 */
class WatchedMetricSpellingTest {
    private static String refusal(String metric) {
        return assertThrows(ConfigException.class, () -> TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", metric, "patience", 3))))
                .getMessage();
    }

    @Test
    void aLossNodesOwnLossInCapitalsIsMeantInLowerCase() {
        assertEquals("training.early_stopping.metric is \"VAL_LOSS_ce\" (did you mean val_loss_ce?); choose one of val_loss, val_accuracy, val_mae, "
                + "train_loss, train_accuracy, train_mae, or val_loss_<loss node> or train_loss_<loss node> for one loss node's own loss, or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score", refusal("VAL_LOSS_ce"));
        assertEquals("training.early_stopping.metric is \"Train_Loss_aux\" (did you mean train_loss_aux?); choose one of val_loss, val_accuracy, "
                + "val_mae, train_loss, train_accuracy, train_mae, or val_loss_<loss node> or train_loss_<loss node> for one loss node's own loss, "
                + "or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score", refusal("Train_Loss_aux"));
    }

    @Test
    void theUsualMetricsReadInAnyCaseAndATypoIsNamed() {
        assertEquals("val_accuracy", TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", "VAL_ACCURACY"))).earlyStopping().metric());
        assertEquals("training.early_stopping.metric is \"val_los\" (did you mean val_loss?); choose one of val_loss, val_accuracy, val_mae, "
                + "train_loss, train_accuracy, train_mae, or val_loss_<loss node> or train_loss_<loss node> for one loss node's own loss, or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score", refusal("val_los"));
    }
}
