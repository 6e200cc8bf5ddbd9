package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import layerlab.train.KeptEpochs;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/**
 * A window left open through many long runs: a run too old to be overlaid keeps its row's epochs as the run log does
 * ({@link KeptEpochs}), not each of its 20,000, and its row still says how many epochs it trained and its best one.
 */
class LongRunsKeptTest {
    private static void train(RunRecord r, int epochs, int bestAt) {
        r.add(new TrainingEvent.RunStarted("tiny", "cpu", 10, 64, 16, 1, epochs, TrainingConfig.fromMap(Map.of()), true));
        for (int e = 1; e <= epochs; e++) {
            r.add(new TrainingEvent.BatchEnded(e, 1, e, 0.5, 0.01, 1000, 0.5));
            r.add(new TrainingEvent.EpochEnded(e, Map.of("train_loss", 0.5, "val_loss", 0.5, "val_accuracy", e == bestAt ? 0.97 : 0.6), false));
        }
        r.add(new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, epochs, epochs, Map.of(), 10));
    }

    @Test
    void anOldLongRunKeepsAFewHundredEpochsAndItsRowReadsTheSame() {
        RunHistory h = new RunHistory();
        RunRecord old = h.newRun();
        train(old, 20_000, 4_321);
        String epochs = RunChanges.epochs(old), best = RunChanges.best(old);
        assertEquals("20000", epochs);
        assertEquals("97.00% (4321)", best);
        for (int i = 0; i < RunHistory.KEEP + 1; i++) train(h.newRun(), 3, 1);

        assertEquals(0, old.batches().size(), "its batches let go");
        assertTrue(old.epochs().size() <= KeptEpochs.MAX + KeptEpochs.EXTRA, old.epochs().size() + " epochs still held of 20,000");
        assertEquals(epochs, RunChanges.epochs(old), "its row's epochs");
        assertEquals(best, RunChanges.best(old), "its row's best");
    }
}
