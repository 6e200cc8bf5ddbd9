package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Overfitting's advice names the early_stopping patience that would have kept the epoch it names: Iris with 512 hidden units
 * on 45 training samples was told "restore_best to keep epoch 64's weights", and the link's patience 5 stopped the next run
 * at epoch 7 keeping epoch 2 (val_loss 0.1557, worse than the overfitted end's 0.1546), since its validation loss dipped
 * early and went 6 epochs and more without a new lowest before epoch 64.
 */
class OverfittingPatienceTest {
    @Test
    void thePatienceOutlastsTheLongestStretchWithoutANewLowest() {
        assertEquals(5, Diagnosis.patienceToReach(List.of(1.0, 0.8, 0.9, 0.7)), "the default where it is enough");
        assertEquals(9, Diagnosis.patienceToReach(List.of(1.0, 0.5, 0.6, 0.6, 0.7, 0.6, 0.55, 0.6, 0.7, 0.9, 0.4)),
                "8 epochs without a new lowest before the last");
    }

    @Test
    void theAdviceAndTheFindingSayIt() {
        Diagnosis d = new Diagnosis(null, null);
        double[] val = {1.0, 0.5, 0.6, 0.6, 0.7, 0.6, 0.55, 0.6, 0.7, 0.9, 0.4, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9};
        for (int i = 0; i < val.length; i++) {
            d.onEvent(new TrainingEvent.EpochEnded(i + 1, Map.of("train_loss", 0.5 / (i + 1), "val_loss", val[i]), false));
        }
        Diagnosis.Finding f = d.findings().get(0);
        assertEquals(Diagnosis.Kind.OVERFITTING, f.kind());
        assertEquals(9, f.patience());
        assertTrue(f.advice().contains("early_stopping on val_loss with restore_best and patience 9 to keep epoch 11's weights"), f.advice());
    }
}
