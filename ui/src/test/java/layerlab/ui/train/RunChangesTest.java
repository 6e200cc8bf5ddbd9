package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/** What the runs' table says of a run: its best score, how it ended. */
class RunChangesTest {
    @Test
    void theBestValidationScoreIsTheHighestAccuracyOrTheLowestError() {
        RunRecord classifier = new RunRecord(1);
        assertEquals("–", RunChanges.best(classifier));
        assertEquals("running", RunChanges.ended(classifier));
        double[] acc = {0.8, 0.95, 0.9};
        for (int e = 0; e < acc.length; e++)
            classifier.add(new TrainingEvent.EpochEnded(e + 1, Map.of("train_accuracy", 0.5, "val_accuracy", acc[e], "val_loss", 0.3), false));
        assertEquals("95.00% (2)", RunChanges.best(classifier));
        classifier.add(new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 3, 30, Map.of(), 4.04, 0, Map.of()));
        assertEquals("stopped, 4.0 s", RunChanges.ended(classifier));
        RunRecord regression = new RunRecord(2);
        double[] mae = {0.5, 0.2, 0.3};
        for (int e = 0; e < mae.length; e++) regression.add(new TrainingEvent.EpochEnded(e + 1, Map.of("train_mae", 0.4, "val_mae", mae[e]), false));
        assertEquals("0.2000 MAE (2)", RunChanges.best(regression));
    }
}
