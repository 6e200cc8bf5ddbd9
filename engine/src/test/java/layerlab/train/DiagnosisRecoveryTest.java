package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Loss unstable" from an epoch's rise is taken back once a later epoch's training loss falls below the best before the
 * rise: the Spirals sample (Adam, lr 0.01) rose 3.3 times in epoch 21 and ended at 98.5 % validation accuracy, and was told
 * to lower its learning rate 3 to 10 times. A batch's jump to 5 times the first batches stays.
 */
class DiagnosisRecoveryTest {
    private static void epochs(Diagnosis d, double... losses) {
        for (int i = 0; i < losses.length; i++) {
            if (i == 0) for (int b = 1; b <= 5; b++) d.onEvent(new TrainingEvent.BatchEnded(1, b, b, 0.7, 0.01, 100, Double.NaN));
            d.onEvent(new TrainingEvent.EpochEnded(i + 1, Map.of("train_loss", losses[i]), false));
        }
    }

    private static List<Diagnosis.Kind> kinds(Diagnosis d) {
        return d.findings().stream().map(Diagnosis.Finding::kind).toList();
    }

    @Test
    void aRiseTheRunCameBackFromIsTakenBack() {
        Diagnosis d = new Diagnosis(null, null);
        epochs(d, 0.5, 0.3, 0.1, 0.05, 0.14);
        assertEquals(List.of(Diagnosis.Kind.UNSTABLE), kinds(d), "2.8 times its best before");
        d.onEvent(new TrainingEvent.EpochEnded(6, Map.of("train_loss", 0.06), false));
        assertEquals(List.of(Diagnosis.Kind.UNSTABLE), kinds(d), "not yet below the best before the rise");
        d.onEvent(new TrainingEvent.EpochEnded(7, Map.of("train_loss", 0.04), false));
        assertEquals(List.of(), kinds(d), "a new best: the run came back");
    }

    @Test
    void aRiseTheRunNeverCameBackFromStays() {
        Diagnosis d = new Diagnosis(null, null);
        epochs(d, 0.5, 0.3, 0.1, 0.6, 0.5, 0.4, 0.3);
        assertEquals(List.of(Diagnosis.Kind.UNSTABLE), kinds(d));
        assertTrue(d.findings().get(0).evidence().contains("rose to 0.6 in epoch 4"), d.findings().get(0).evidence());
    }

    @Test
    void aBatchsJumpStaysAfterANewBest() {
        Diagnosis d = new Diagnosis(null, null);
        epochs(d, 0.5, 0.3, 0.1, 0.05, 0.14);
        d.onEvent(new TrainingEvent.BatchEnded(6, 1, 50, 4.0, 0.01, 100, Double.NaN));
        d.onEvent(new TrainingEvent.EpochEnded(6, Map.of("train_loss", 0.04), false));
        assertEquals(List.of(Diagnosis.Kind.UNSTABLE), kinds(d));
        // Its first batches were steady: the jump against their mean.
        assertEquals("a batch's loss jumped to 4 in epoch 6, 5.7 times the first batches' 0.7", d.findings().get(0).evidence());
    }
}
