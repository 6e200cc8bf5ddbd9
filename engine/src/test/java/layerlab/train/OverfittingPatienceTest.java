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
 * early and went 6 epochs and more without a new lowest before epoch 64. A run that stopped early already is told to raise
 * its patience, or nothing about it where the patience was enough.
 */
class OverfittingPatienceTest {
    @Test
    void thePatienceOutlastsTheLongestStretchWithoutANewLowest() {
        assertEquals(5, Diagnosis.patienceToReach(List.of(1.0, 0.8, 0.9, 0.7)), "the default where it is enough");
        assertEquals(9, Diagnosis.patienceToReach(List.of(1.0, 0.5, 0.6, 0.6, 0.7, 0.6, 0.55, 0.6, 0.7, 0.9, 0.4)),
                "8 epochs without a new lowest before the last");
    }

    /** 8 epochs without a new lowest before epoch 11's, then 6 above it: patience 9 would have kept epoch 11. */
    private static final double[] VAL = {1.0, 0.5, 0.6, 0.6, 0.7, 0.6, 0.55, 0.6, 0.7, 0.9, 0.4, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9};

    /** The overfitting finding of a run with these training settings (null: none given) and {@link #VAL}. */
    private static Diagnosis.Finding overfitting(Map<String, Object> training) {
        Diagnosis d = new Diagnosis(null, null);
        if (training != null) d.onEvent(new TrainingEvent.RunStarted("m", "cpu", 10, 45, 15, 1, VAL.length, TrainingConfig.fromMap(training), true));
        for (int i = 0; i < VAL.length; i++) {
            d.onEvent(new TrainingEvent.EpochEnded(i + 1, Map.of("train_loss", 0.5 / (i + 1), "val_loss", VAL[i]), false));
        }
        Diagnosis.Finding f = d.findings().get(0);
        assertEquals(Diagnosis.Kind.OVERFITTING, f.kind());
        return f;
    }

    @Test
    void theAdviceAndTheFindingSayIt() {
        Diagnosis.Finding f = overfitting(null);
        assertEquals(9, f.patience());
        assertEquals(0, f.patienceSet());
        assertTrue(f.advice().contains("early_stopping on val_loss with restore_best and patience 9 to keep epoch 11's weights"), f.advice());
    }

    /**
     * A run that stopped early already (watching val_accuracy, say, whose ties are no improvement) is told to raise its
     * patience, not to turn on an early stopping that would replace the student's.
     */
    @Test
    void anEarlyStoppingAlreadyOnIsToldToWaitLonger() {
        Diagnosis.Finding f = overfitting(Map.of("early_stopping", Map.of("metric", "val_accuracy", "patience", 6, "min_delta", 0.01)));
        assertEquals(9, f.patience());
        assertEquals(6, f.patienceSet());
        assertTrue(f.advice().endsWith("add Dropout or weight_decay, or raise early_stopping's patience from 6 to 9 to get to epoch 11 "
                + "(more data helps most)"), f.advice());
    }

    @Test
    void anEarlyStoppingPatientEnoughIsLeftAlone() {
        Diagnosis.Finding kept = overfitting(Map.of("early_stopping", Map.of("metric", "val_loss", "patience", 9, "restore_best", true)));
        assertEquals(0, kept.patience(), "no link: nothing to change");
        assertEquals("the network learns the training samples by heart: add Dropout or weight_decay (more data helps most)", kept.advice());
        Diagnosis.Finding last = overfitting(Map.of("early_stopping", Map.of("metric", "val_loss", "patience", 20)));
        assertEquals(0, last.patience());
        assertTrue(last.advice().endsWith("weight_decay, or restore_best in early_stopping to keep epoch 11's weights (more data helps most)"), last.advice());
    }
}
