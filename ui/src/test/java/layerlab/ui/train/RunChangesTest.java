package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/** What the runs' table says changed between two runs. */
class RunChangesTest {
    @Test
    void settingsDataAndLayersAreComparedKeyByKey() {
        Map<String, Object> a = new LinkedHashMap<>(Map.of("optimizer.name", "Adam", "optimizer.lr", 0.001, "epochs", 5, "dataset.source", "mnist",
                "layer conv1", "Conv2d {out_channels=32}", "layer dropout", "Dropout {p=0.25}"));
        Map<String, Object> b = new LinkedHashMap<>(a);
        assertEquals("first run", RunChanges.changes(null, b));
        assertEquals("the same settings", RunChanges.changes(a, b));
        b.put("epochs", 5.0);
        assertEquals("the same settings", RunChanges.changes(a, b), "5 and 5.0 are one number");
        b.put("optimizer.lr", 0.01);
        b.put("dataset.augment", List.of(Map.of("name", "RandomCrop", "padding", 2), "RandomHorizontalFlip"));
        b.put("layer conv1", "Conv2d {out_channels=16}");
        b.remove("layer dropout");
        b.put("layer relu3", "ReLU {}");
        // Settings first, then the layers by name.
        assertEquals("optimizer.lr 0.001 → 0.01; dataset.augment added ([RandomCrop, RandomHorizontalFlip]); conv1 changed; relu3 added; "
                + "dropout removed", RunChanges.changes(a, b));
    }

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
